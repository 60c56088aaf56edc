import type { getPatientTreatment } from "@/lib/data/treatment";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { AVERAGE_WINDOW_DAYS } from "@/lib/domain/dosing/settings";
import { formatDate, formatKg, formatMg, formatMgPerKg, formatPercent } from "@/lib/format";
import { COURSE_STATUS_LABELS, DOSE_CLASS_LABELS, INDICATION_LABELS, REGIMEN_INTENT_LABELS, TIMELINE_ENTRY_LABELS } from "@/lib/labels";
import { TableHead } from "@/components/table-head";
import { isStruck } from "../_components/timeline-entries";
import { averageSoFarNote, type Lifetime } from "../_components/course-figures";
import { DispenseLine, type HeldPrescriptions } from "../_components/dispense-line";
import { lifetimeWarningText, remainingText, TARGET_DATE_LABEL, targetDateText, TOTAL_ONLY_DAILY, totalOnlyText } from "../_components/target-text";

type Course = Awaited<ReturnType<typeof getPatientTreatment>>["courses"][number];

/**
 * One course on paper, in the course card's words: its figures against its target, the lifetime total counted (a
 * course a confirmed pregnancy ended says so instead of a target date; past the target, the lifetime warning and
 * no remaining dose or date), the dose limits its dose in force is above, then its regimen history as the card
 * gives it, newest first: what the card strikes through struck through here too (a dose entry a correction superseded
 * "(superseded)", the correction "(correction)", an entry voided as entered in error with who voided it, when and
 * why). A course from paper records says so, with its weight used and its note.
 */
export function PrintedCourse(props: { course: Course; lifetime: Lifetime; held?: HeldPrescriptions | null; prescribingStopped?: boolean }) {
  const { course, lifetime, held, prescribingStopped } = props;
  const s = course.summary;
  const standing = course.standing;
  const history = course.timeline;
  return (
    <section className="break-inside-avoid-page space-y-2 border-t border-slate-300 pt-3" data-testid="print-course">
      <h3 className="font-semibold">
        Course from {formatDate(course.startDate)}
        {course.endDate ? ` to ${formatDate(course.endDate)}` : ""} · {COURSE_STATUS_LABELS[course.status]}
      </h3>
      <p>
        {INDICATION_LABELS[course.indication]} · {REGIMEN_INTENT_LABELS[course.regimenIntent]} · {course.dermatologist} ·{" "}
        {course.paperRecord ? "weight used" : "start weight"} {formatKg(course.startWeightGrams)}
        {course.paperRecord ? " · From paper records" : ""}
      </p>
      {standing.kind === "PAST" ? (
        <p className="font-semibold" data-testid="print-lifetime-warning">
          {lifetimeWarningText(lifetime, standing.targetMgPerKg)}
        </p>
      ) : null}
      {course.doseLimits.map((d) => (
        <p key={`${d.from ?? "today"}-${d.limit}`} className="font-semibold" data-testid="print-dose-limit">
          {d.message}
        </p>
      ))}
      <dl className="grid grid-cols-3 gap-x-4 gap-y-1">
        <Figure label={course.recordedTotalMg != null ? "Cumulative dose (recorded total)" : "Cumulative dose"} value={formatMg(s.totalMg)} />
        <Figure
          label="Cumulative mg/kg"
          value={
            s.targetMgPerKg === null
              ? `${formatMgPerKg(s.mgPerKg)} (no cumulative target)`
              : `${formatMgPerKg(s.mgPerKg)} of ${s.targetMgPerKg} (${formatPercent(s.progressPercent)})`
          }
        />
        {standing.kind === "NO_TARGET" ? null : (
          <Figure label={`Lifetime of ${standing.targetMgPerKg} mg/kg`} value={`${formatMgPerKg(lifetime.mgPerKg)} (${formatPercent(standing.percent)})`} />
        )}
        {course.pregnancyConfirmedOn ? (
          <Figure
            label="Course end"
            value={`Stopped: pregnancy confirmed on ${formatDate(course.pregnancyConfirmedOn)}`}
            testId="print-stopped-for-pregnancy"
          />
        ) : standing.kind === "NO_TARGET" ? null : (
          <>
            <Figure label="Remaining to target" value={remainingText(standing) ?? "—"} />
            <Figure
              label={TARGET_DATE_LABEL}
              value={targetDateText(standing, { ended: course.endDate !== null, paused: s.isPausedOnAsOf, prescribingStopped })}
            />
          </>
        )}
        <Figure label="Current regimen" value={s.currentRegimen && !course.endDate ? describeSchedule(s.currentRegimen) : "—"} />
        {s.recordedTotalOnly ? (
          <Figure label="Daily dose" value={TOTAL_ONLY_DAILY} />
        ) : (
          <Figure
            label={s.averageDaysSoFar === null ? `Last ${AVERAGE_WINDOW_DAYS} days` : "Average so far"}
            value={`${s.avgMgPerKgPerDay28.toFixed(2)} mg/kg/day · ${DOSE_CLASS_LABELS[s.doseClass]}${
              s.averageDaysSoFar === null ? "" : ` (${averageSoFarNote(s.averageDaysSoFar, s.regimenMgPerKgPerDay)})`
            }`}
          />
        )}
        {course.endReason ? <Figure label={course.paperRecord ? "Paper record note" : "Ended"} value={course.endReason} /> : null}
      </dl>
      {s.recordedTotalOnly ? <p data-testid="print-total-only">{totalOnlyText(s, course)}</p> : null}
      {history.length === 0 ? (
        <p>Regimen history: {s.recordedTotalOnly ? "none, the course was recorded as a total only." : "none recorded."}</p>
      ) : (
        <table className="table">
          <caption className="text-left font-medium">Regimen history</caption>
          <TableHead columns={["Date", "Entry", "Details"]} className="" />
          <tbody className="divide-y divide-slate-200">
            {history.map((e) => (
              <tr key={`${e.kind}-${e.id}`}>
                <td className="whitespace-nowrap">{formatDate(e.date)}</td>
                <td>{TIMELINE_ENTRY_LABELS[e.kind]}</td>
                <td>
                  {isStruck(e) ? <del>{e.text}</del> : e.text}
                  {e.kind === "dose" || e.kind === "pause" ? ` · ${e.reason}` : ""}
                  {e.kind === "dose" && e.corrects ? " (correction)" : ""}
                  {e.kind === "dose" && e.superseded ? " (superseded)" : ""}
                  {e.kind === "dose" && e.replacedSameDay ? " (replaced by a later entry of the same day)" : ""}
                  {"by" in e ? ` · ${e.by}` : ""}
                  {e.kind === "reopened" ? ` · reopened: ${e.reason}` : ""}
                  {e.kind === "paper" ? ` · corrected: ${e.reason}` : ""}
                  <DispenseLine entry={e} held={held} />
                  {e.voided ? (
                    <span className="block">
                      Entered in error: {e.voided.reason} ({e.voided.by}, {formatDate(e.voided.on)})
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div data-testid={testId}>
      <dt className="text-xs uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="font-semibold">{value}</dd>
    </div>
  );
}
