import { addDays, daysBetween } from "@/lib/domain/dates";
import type { CourseDoseSummary } from "@/lib/domain/dosing/cumulative";
import { formatDate, formatKg, formatMg, formatMgPerKg, formatPercent } from "@/lib/format";
import { COURSE_STATUS_LABELS, DOSE_CLASS_LABELS, REGIMEN_INTENT_LABELS, TIMELINE_ENTRY_LABELS } from "@/lib/labels";
import { COURSE_STATUS_STYLE } from "@/components/badge-styles";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import type { TimelineEntry } from "@/lib/data/treatment";
import { DoseChart } from "./dose-chart";
import { TableHead } from "@/components/table-head";

export interface CourseCardData {
  id: string;
  status: keyof typeof COURSE_STATUS_LABELS;
  regimenIntent: keyof typeof REGIMEN_INTENT_LABELS;
  startDate: string;
  endDate: string | null;
  endReason: string | null;
  startWeightGrams: number;
  dermatologist: string;
  summary: CourseDoseSummary;
  timeline: TimelineEntry[];
}

/** Straight line from today's figure to the target on the projected date, for the chart. */
function projectionLine(s: CourseDoseSummary) {
  if (!s.projectedTargetDate || s.remainingMg === 0) return [];
  const days = daysBetween(s.asOf, s.projectedTargetDate);
  const points = [];
  for (let d = 7; d < days; d += Math.max(7, Math.ceil(days / 20)))
    points.push({ date: addDays(s.asOf, d), mgPerKg: s.mgPerKg + ((s.targetMgPerKg - s.mgPerKg) * d) / days });
  points.push({ date: s.projectedTargetDate, mgPerKg: s.targetMgPerKg });
  return points;
}

export function CourseCard({ course, children }: { course: CourseCardData; children?: React.ReactNode }) {
  const s = course.summary;
  return (
    <section className="card space-y-4" aria-label={`Course started ${formatDate(course.startDate)}`} data-testid="course-card">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="text-lg font-semibold">
            Course from {formatDate(course.startDate)}
            {course.endDate ? ` to ${formatDate(course.endDate)}` : ""}
          </h3>
          <p className="text-sm text-slate-600">
            {REGIMEN_INTENT_LABELS[course.regimenIntent]} · {course.dermatologist} · start weight {formatKg(course.startWeightGrams)}
          </p>
        </div>
        <span className={`badge ${COURSE_STATUS_STYLE[course.status]}`}>{COURSE_STATUS_LABELS[course.status]}</span>
      </header>

      <dl className="grid gap-3 sm:grid-cols-4">
        <Stat label="Cumulative dose" value={formatMg(s.totalMg)} testId="cumulative-mg" />
        <Stat label={`Cumulative mg/kg (target ${s.targetMgPerKg})`} value={formatMgPerKg(s.mgPerKg)} testId="cumulative-mgkg" />
        <Stat label="Remaining to target" value={s.remainingMg === 0 ? "Target reached" : formatMg(s.remainingMg)} />
        <Stat
          label="Target date at current regimen"
          value={
            s.remainingMg === 0 ? formatDate(s.targetReachedOn) : s.projectedTargetDate ? formatDate(s.projectedTargetDate) : s.isPausedOnAsOf ? "Paused" : "—"
          }
          testId="projected-date"
        />
        <Stat label="Current regimen" value={s.currentRegimen && !course.endDate ? describeSchedule(s.currentRegimen) : "—"} testId="current-regimen" />
        <Stat label="Last 28 days" value={`${s.avgMgPerKgPerDay28.toFixed(2)} mg/kg/day · ${DOSE_CLASS_LABELS[s.doseClass]}`} testId="dose-class" />
      </dl>

      <div>
        <div className="mb-1 flex justify-between text-xs text-slate-600">
          <span>Progress to {s.targetMgPerKg} mg/kg</span>
          <span>{formatPercent(s.progressPercent)}</span>
        </div>
        <div
          className="h-2 rounded-full bg-slate-200"
          role="progressbar"
          aria-valuenow={Math.round(s.progressPercent)}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-label="Progress to target"
        >
          <div className="h-2 rounded-full bg-brand-600" style={{ width: `${Math.min(100, s.progressPercent)}%` }} />
        </div>
      </div>

      {s.showBothMethods ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="both-methods">
          Weight has changed {s.weightChangePercent > 0 ? "+" : ""}
          {s.weightChangePercent.toFixed(1)}% since the start: {formatMgPerKg(s.mgPerKgStartWeight)} by course-start weight,{" "}
          {formatMgPerKg(s.mgPerKgPerDayWeight)} by each day&apos;s weight.
        </p>
      ) : null}

      {s.series.length > 1 ? <DoseChart series={s.series} target={s.targetMgPerKg} projection={projectionLine(s)} /> : null}

      <details>
        <summary className="cursor-pointer text-sm font-semibold text-brand-700">Timeline ({course.timeline.length} entries)</summary>
        <table className="table mt-2" data-testid="timeline">
          <TableHead columns={["Date", "Entry", "Details"]} />
          <tbody className="divide-y divide-slate-100">
            {course.timeline.map((e) => (
              <tr key={`${e.kind}-${e.id}`} className={e.kind === "dose" && e.superseded ? "text-slate-400 line-through" : undefined}>
                <td className="whitespace-nowrap">{formatDate(e.date)}</td>
                <td className="whitespace-nowrap">{TIMELINE_ENTRY_LABELS[e.kind]}</td>
                <td>
                  {e.text}
                  {e.kind === "dose" ? (
                    <span className="text-slate-500">
                      {" "}
                      · {e.reason}
                      {e.corrects ? " (correction)" : ""}
                      {e.superseded ? " (superseded)" : ""}
                    </span>
                  ) : null}
                  {e.kind === "pause" ? <span className="text-slate-500"> · {e.reason}</span> : null}
                  {"by" in e ? <span className="text-slate-500"> · {e.by}</span> : null}
                  {"warnings" in e && e.warnings.length ? <span className="badge ml-1 bg-amber-100 text-amber-900">confirmed warning</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {course.endReason ? <p className="text-sm text-slate-600">Ended: {course.endReason}</p> : null}
      {children}
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="text-base font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
