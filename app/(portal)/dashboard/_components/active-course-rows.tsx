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
            {withOtherCourses(c) ? (
              <span className="block text-xs text-slate-700" data-testid="course-lifetime">
                lifetime {formatMgPerKg(c.lifetimeMgPerKg)}
              </span>
            ) : null}
          </td>
          <td className="min-w-32">
            <div className="h-2 rounded-full bg-slate-200" aria-hidden="true">
              <div className={`h-2 rounded-full ${progressColour(c.progressPercent)}`} style={{ width: `${Math.min(100, c.progressPercent)}%` }} />
            </div>
            <span className="text-xs" data-testid="course-progress">
              {formatPercent(c.progressPercent)}
              {withOtherCourses(c) ? " lifetime" : ""}
            </span>
          </td>
          <td data-testid="course-target-date">{targetDate(c)}</td>
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

/** The patient has other courses in the lifetime total (from paper records, or earlier): both figures are shown. */
const withOtherCourses = (c: CourseRow) => c.lifetimeMgPerKg > c.mgPerKg;

/**
 * The target date by the course's standing (lib/domain/dosing/target-standing.ts): past the target by the
 * lifetime total, none is projected; a paused course or one whose prescribing is stopped has none either.
 */
function targetDate(c: CourseRow) {
  const standing = c.standing;
  if (standing.kind === "NO_TARGET") return "—";
  if (standing.kind === "PAST")
    return standing.reachedOn ? (
      `Reached ${formatDate(standing.reachedOn)}`
    ) : (
      <span className="badge bg-red-100 text-red-900" data-testid="course-past-target">
        Past target (lifetime)
      </span>
    );
  return c.status === "PAUSED" || c.pregnancyReview ? "—" : formatDate(standing.projectedTargetDate);
}

/** The progress bar's colour: past the target, near it, or on the way (the lifetime total against the target). */
function progressColour(percent: number): string {
  return percent >= 100 ? "bg-red-600" : percent >= NEAR_TARGET_PERCENT ? "bg-amber-500" : "bg-brand-600";
}
