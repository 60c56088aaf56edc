import type { TargetStanding } from "@/lib/domain/dosing/target-standing";
import { formatDate, formatMg, formatMgPerKg } from "@/lib/format";
import type { Lifetime } from "./course-figures";

/**
 * What the course card and the printed summary say of a course's target, in the same words, from its standing
 * (lib/domain/dosing/target-standing.ts): past the target, the lifetime total counted, no remaining dose and no
 * target date at the current regimen.
 */

export const TARGET_DATE_LABEL = "Target date at current regimen";

/** "Remaining to target": none once the lifetime total is at or past it. Null without a target. */
export function remainingText(standing: TargetStanding): string | null {
  if (standing.kind === "NO_TARGET") return null;
  return standing.kind === "PAST" ? "None: lifetime total past target" : formatMg(standing.remainingMg);
}

/**
 * The target date: the day the course reached the target by itself, when it did; the projected day while it is
 * below the target and goes on (none for an ended course, "Paused" while a pause holds it without a day back, and
 * none while a pregnancy test stops prescribing, as the dashboard shows none: no further supply may be written).
 */
export const STOPPED_TARGET_DATE = "None while prescribing is stopped";
export function targetDateText(standing: TargetStanding, course: { ended: boolean; paused: boolean; prescribingStopped?: boolean }): string {
  if (standing.kind === "NO_TARGET") return "—";
  if (standing.kind === "PAST") return standing.reachedOn ? `Reached ${formatDate(standing.reachedOn)}` : "—";
  if (course.ended) return "—";
  if (course.prescribingStopped) return STOPPED_TARGET_DATE;
  if (standing.projectedTargetDate) return formatDate(standing.projectedTargetDate);
  return course.paused ? "Paused" : "—";
}

/** The warning on the card and the printout once the lifetime total is at or past the course's target. */
export function lifetimeWarningText(lifetime: Lifetime, targetMgPerKg: number): string {
  return `The lifetime total (${formatMg(lifetime.totalMg)}, ${formatMgPerKg(lifetime.mgPerKg)}) is already at or past this course's target of ${targetMgPerKg} mg/kg.`;
}

/** Said instead of the daily figures of a course from paper records entered as its total only. */
export const TOTAL_ONLY_DAILY = "Not known: recorded as a total only";

/** Where the chart would be, for a course entered as its total only. */
export function totalOnlyText(s: { totalMg: number; mgPerKg: number }, course: { startDate: string; endDate: string | null }): string {
  return (
    `Recorded as a total only: ${formatMg(s.totalMg)} (${formatMgPerKg(s.mgPerKg)}) from ${formatDate(course.startDate)} to ${formatDate(course.endDate)}. ` +
    "The paper record gives no daily doses, so there is no chart or daily figure."
  );
}
