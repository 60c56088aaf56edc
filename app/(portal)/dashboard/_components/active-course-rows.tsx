"use client";

// A client component: the page sends its 25 rows as data and the server renders their markup once
// (README, "Performance").
import Link from "@/components/link";
import type { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { NEAR_TARGET_PERCENT } from "@/lib/domain/dosing/targets";
import { formatDate, formatMgPerKg, formatPercent } from "@/lib/format";
import { DOSE_CLASS_LABELS } from "@/lib/labels";

type CourseRow = Awaited<ReturnType<typeof getCourseSummaryPage>>["rows"][number];

/** The table's body: one row per course in progress. */
export function ActiveCourseRows({ rows }: { rows: CourseRow[] }) {
  return (
    <tbody className="divide-y divide-slate-100">
      {rows.map((c) => (
        <tr key={c.courseId}>
          <td>
            <Link href={`/patients/${c.patientId}`} className="font-medium text-brand-700 hover:underline">
              {c.patientName}
            </Link>
            <div className="font-mono text-xs text-slate-600">{c.mrn}</div>
          </td>
          <td>
            {c.pregnancyReview ? (
              <span className="badge mr-1 bg-red-100 text-red-900" data-testid="course-prescribing-stopped">
                Prescribing stopped: pregnancy test to review
              </span>
            ) : null}
            {c.status === "PAUSED" ? <span className="badge mr-1 bg-amber-100 text-amber-900">Paused</span> : null}
            {c.regimen}
          </td>
          <td>
            {formatMgPerKg(c.mgPerKg)} <span className="text-slate-600">/ {c.targetMgPerKg ?? "no target"}</span>
          </td>
          <td className="min-w-32">
            <div className="h-2 rounded-full bg-slate-200" aria-hidden="true">
              <div className={`h-2 rounded-full ${progressColour(c.progressPercent)}`} style={{ width: `${Math.min(100, c.progressPercent)}%` }} />
            </div>
            <span className="text-xs">{formatPercent(c.progressPercent)}</span>
          </td>
          <td>
            {c.targetMgPerKg === null
              ? "—"
              : c.remainingMg === 0
                ? `Reached ${formatDate(c.targetReachedOn)}`
                : c.status === "PAUSED" || c.pregnancyReview
                  ? "—"
                  : formatDate(c.projectedTargetDate)}
          </td>
          <td>
            {DOSE_CLASS_LABELS[c.doseClass]}
            {c.averageDaysSoFar === null ? null : (
              // Younger than 28 days: averaged over whole cycles of the regimen (lib/domain/dosing/early-average.ts).
              <span className="block text-xs text-slate-600" data-testid="dose-class-so-far">
                over {c.averageDaysSoFar} {c.averageDaysSoFar === 1 ? "day" : "days"} so far
              </span>
            )}
          </td>
        </tr>
      ))}
    </tbody>
  );
}

/** The progress bar's colour: past the target, near it, or on the way. */
function progressColour(percent: number): string {
  return percent >= 100 ? "bg-red-600" : percent >= NEAR_TARGET_PERCENT ? "bg-amber-500" : "bg-brand-600";
}
