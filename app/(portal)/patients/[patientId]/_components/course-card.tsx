import { addDays, daysBetween } from "@/lib/domain/dates";
import type { CourseDoseSummary } from "@/lib/domain/dosing/cumulative";
import type { TargetStanding } from "@/lib/domain/dosing/target-standing";
import type { DoseLimit } from "@/lib/domain/dosing/weight-dose-limits";
import { formatCount, formatDate, formatKg, formatMg, formatMgPerKg } from "@/lib/format";
import { COURSE_STATUS_LABELS, INDICATION_LABELS, REGIMEN_INTENT_LABELS, TIMELINE_ENTRY_LABELS } from "@/lib/labels";
import { COURSE_STATUS_STYLE } from "@/components/badge-styles";
import type { TimelineEntry } from "@/lib/data/treatment";
import { CourseFigures, type Lifetime } from "./course-figures";
import { DispenseLine, DispensingHistory, type HeldPrescriptions } from "./dispense-line";
import { DispensingForm } from "./dispensing-form";
import { DoseChart } from "./dose-chart";
import { LazyDetails } from "@/components/lazy-details";
import { TableHead } from "@/components/table-head";
import { VoidEntryForm } from "./void-entry-form";
import { isStruck, voidableKind } from "./timeline-entries";
import { LeftAnswerHere, LeftAnswers } from "@/components/left-answer";
import { totalOnlyText } from "./target-text";

export interface CourseCardData {
  id: string;
  /** The version its forms are sent at (optimistic concurrency). */
  version: number;
  status: keyof typeof COURSE_STATUS_LABELS;
  /** The course's own indication (its target's reason), which may differ from the patient's. */
  indication: keyof typeof INDICATION_LABELS;
  regimenIntent: keyof typeof REGIMEN_INTENT_LABELS;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  /** The day a dermatologist confirmed the pregnancy that ended the course, if one did. */
  pregnancyConfirmedOn: string | null;
  startWeightGrams: number;
  dermatologist: string;
  paperRecord: boolean;
  recordedTotalMg: number | null;
  summary: CourseDoseSummary;
  /** Against its target, the lifetime total counted (lib/domain/dosing/target-standing.ts). */
  standing: TargetStanding;
  /**
   * In progress: the dose limits its dose in force today is above at the weight the dose check uses today
   * ("At 60 kg the current dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day."), whoever recorded it,
   * and those of a dose change scheduled ahead (`from`: its day) at the latest weight ("At 50 kg the dose from
   * 1 Dec 2026, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.").
   */
  doseLimits: { limit: DoseLimit; message: string; from: string | null }[];
  /** Range regimens: the least, planned and most cumulative dose the ranges allow. */
  band: { minMg: number; plannedMg: number; maxMg: number } | null;
  timeline: TimelineEntry[];
}

/**
 * Straight line from today's figure to the target on the projected date, for the chart: none once the lifetime
 * total is at or past the target (no date is projected then).
 */
function projectionLine(s: CourseDoseSummary, standing: TargetStanding) {
  if (standing.kind !== "TOWARDS" || !standing.projectedTargetDate || standing.remainingMg === 0) return [];
  const [target, on] = [standing.targetMgPerKg, standing.projectedTargetDate];
  const days = daysBetween(s.asOf, on);
  const points = [];
  for (let d = 7; d < days; d += Math.max(7, Math.ceil(days / 20)))
    points.push({ date: addDays(s.asOf, d), mgPerKg: s.mgPerKg + ((target - s.mgPerKg) * d) / days });
  points.push({ date: on, mgPerKg: target });
  return points;
}

/** Said with the chart once the lifetime total is at or past the target, which the course's own line may be far below. */
function lifetimeNote(standing: TargetStanding): string | undefined {
  return standing.kind === "PAST" ? `The lifetime total, ${formatMgPerKg(standing.lifetimeMgPerKg)}, is past the target.` : undefined;
}

export function CourseCard({
  course,
  lifetime,
  canCorrect = false,
  canRecordDispensing = false,
  held = null,
  prescribingStopped = false,
  children,
}: {
  course: CourseCardData;
  lifetime: Lifetime;
  canCorrect?: boolean;
  /** The viewer may record, or correct, the day a pharmacy dispensed a prescription (a dermatologist or a nurse). */
  canRecordDispensing?: boolean;
  /** A prescription the pregnancy-prevention rules hold: its line says not to dispense it. */
  held?: HeldPrescriptions | null;
  /** A pregnancy test stops prescribing today: no target date is projected. */
  prescribingStopped?: boolean;
  children?: React.ReactNode;
}) {
  const s = course.summary;
  // Entries dated after today: a dose change, a pause or an end that has not yet taken effect.
  const upcoming = [
    ...course.timeline
      .filter((e) => e.date > s.asOf && !isStruck(e) && (e.kind === "dose" || e.kind === "pause"))
      .map((e) => ({ key: `${e.kind}-${e.id}`, date: e.date, text: `${TIMELINE_ENTRY_LABELS[e.kind]}: ${e.text}` })),
    ...(course.endDate && course.endDate > s.asOf ? [{ key: "end", date: course.endDate, text: "Last day of the course" }] : []),
  ].sort((a, b) => (a.date < b.date ? -1 : 1));
  return (
    <section className="card space-y-4" aria-label={`Course started ${formatDate(course.startDate)}`} data-testid="course-card">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="text-lg font-semibold">
            Course from {formatDate(course.startDate)}
            {course.endDate ? ` to ${formatDate(course.endDate)}` : ""}
          </h3>
          <p className="text-sm text-slate-600" data-testid="course-indication">
            {INDICATION_LABELS[course.indication]} · {REGIMEN_INTENT_LABELS[course.regimenIntent]} · {course.dermatologist} ·{" "}
            {course.paperRecord ? "weight used" : "start weight"} {formatKg(course.startWeightGrams)}
            {course.paperRecord ? <span className="badge ml-2 bg-slate-100 text-slate-700">From paper records</span> : null}
          </p>
        </div>
        <span className={`badge ${COURSE_STATUS_STYLE[course.status]}`}>{COURSE_STATUS_LABELS[course.status]}</span>
      </header>

      {upcoming.length ? (
        <div className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="scheduled">
          <p className="font-semibold">Scheduled (takes effect on its date)</p>
          <ul>
            {upcoming.map((u) => (
              <li key={u.key}>
                {formatDate(u.date)}: {u.text}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {course.doseLimits.map((d) => (
        <p
          key={`${d.from ?? "today"}-${d.limit}`}
          className={`rounded-md px-3 py-2 text-sm ${d.limit === "ABOVE_LABEL_MAXIMUM" ? "bg-red-50 text-red-900" : "bg-amber-50 text-amber-900"}`}
          data-testid="dose-limit"
        >
          {d.message}
        </p>
      ))}
      <CourseFigures
        s={s}
        standing={course.standing}
        // Ended on its last day: a course completed or stopped with a last day still ahead goes on until then.
        ended={course.endDate !== null && course.endDate <= s.asOf}
        recordedTotal={course.recordedTotalMg != null}
        lifetime={lifetime}
        pregnancyConfirmedOn={course.pregnancyConfirmedOn}
        prescribingStopped={prescribingStopped}
      />

      {course.band ? (
        <p className="text-sm text-slate-700" data-testid="cumulative-band">
          Range regimen: cumulative {formatMg(course.band.minMg)} at the least, {formatMg(course.band.plannedMg)} as planned, {formatMg(course.band.maxMg)} at
          the most.
        </p>
      ) : null}
      {s.showBothMethods ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="both-methods">
          Weight has changed {s.weightChangePercent > 0 ? "+" : ""}
          {s.weightChangePercent.toFixed(1)}% since the start: {formatMgPerKg(s.mgPerKgStartWeight)} by course-start weight,{" "}
          {formatMgPerKg(s.mgPerKgPerDayWeight)} by each day&apos;s weight.
        </p>
      ) : null}

      {s.recordedTotalOnly ? (
        <p className="text-sm text-slate-700" data-testid="total-only">
          {totalOnlyText(s, course)}
        </p>
      ) : s.series.length > 1 && s.targetMgPerKg !== null ? (
        <DoseChart
          series={s.series}
          target={s.targetMgPerKg}
          projection={course.pregnancyConfirmedOn || prescribingStopped ? [] : projectionLine(s, course.standing)}
          note={lifetimeNote(course.standing)}
        />
      ) : null}

      <LazyDetails
        summaryClassName="cursor-pointer text-sm font-semibold text-brand-700"
        summary={`Timeline (${formatCount(course.timeline.length, "entry", "entries")})`}
      >
        <LeftAnswers>
          <table className="table mt-2" data-testid="timeline">
            <TableHead columns={["Date", "Entry", "Details"]} />
            <tbody className="divide-y divide-slate-100">
              {course.timeline.map((e) => (
                <tr key={`${e.kind}-${e.id}`} data-voided={e.voided ? "true" : undefined}>
                  <td className="whitespace-nowrap">{formatDate(e.date)}</td>
                  <td className="whitespace-nowrap">{TIMELINE_ENTRY_LABELS[e.kind]}</td>
                  <td>
                    {isStruck(e) ? <del className="text-slate-500">{e.text}</del> : e.text}
                    {e.kind === "dose" ? (
                      <span className="text-slate-500">
                        {" "}
                        · {e.reason}
                        {e.corrects ? " (correction)" : ""}
                        {e.superseded ? " (superseded)" : ""}
                        {e.replacedSameDay ? " (replaced by a later entry of the same day)" : ""}
                      </span>
                    ) : null}
                    {e.kind === "pause" ? <span className="text-slate-500"> · {e.reason}</span> : null}
                    {"by" in e ? <span className="text-slate-500"> · {e.by}</span> : null}
                    {"warnings" in e && e.warnings.length ? <span className="badge ml-1 bg-amber-100 text-amber-900">confirmed warning</span> : null}
                    <DispenseLine entry={e} held={held} />
                    <DispensingHistory entry={e} />
                    {e.kind === "reopened" ? <span className="text-slate-600"> · reopened: {e.reason}</span> : null}
                    {e.kind === "paper" ? <span className="text-slate-600"> · corrected: {e.reason}</span> : null}
                    {e.voided ? (
                      <span className="block text-xs text-slate-600">
                        Entered in error: {e.voided.reason} ({e.voided.by}, {formatDate(e.voided.on)})
                      </span>
                    ) : null}
                    {canRecordDispensing && e.kind === "prescription" && !e.voided ? (
                      <DispensingForm
                        // A fresh form, closed, once a date is saved: its answer stays under the entry.
                        key={`${e.dispensed?.on ?? "none"}-${e.dispensed?.history.length ?? 0}`}
                        course={{ id: course.id, version: course.version }}
                        prescriptionId={e.id}
                        writtenOn={e.date}
                        today={s.asOf}
                        dispensedOn={e.dispensed?.on ?? null}
                      />
                    ) : null}
                    {canCorrect && voidableKind(e, course.timeline, course.startDate) ? (
                      <VoidEntryForm kind={voidableKind(e, course.timeline, course.startDate)!} entryId={e.id} />
                    ) : null}
                    <LeftAnswerHere testId="correction-confirmation" className="mt-1" id={e.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </LeftAnswers>
      </LazyDetails>
      {course.endReason ? (
        <p className="text-sm text-slate-600">
          {course.paperRecord ? "Paper record note" : "Ended"}: {course.endReason}
        </p>
      ) : null}
      {children}
    </section>
  );
}
