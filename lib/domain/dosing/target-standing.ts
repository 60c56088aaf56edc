import type { IsoDate } from "../dates";
import type { CourseDoseSummary } from "./cumulative";
import { lifetimeAgainstTarget, NEAR_TARGET_PERCENT } from "./targets";

/**
 * Lifetime totals across a patient's courses (docs/DOMAIN.md: "also a lifetime total across courses"). The
 * mg/kg are added smallest first, whatever order the courses come in: a floating-point sum depends on its
 * order, and the patient page, the stored summaries (dashboard, header) and the printout must reach the same
 * number, so that a lifetime exactly at the target is past it on every screen (targetStanding, below).
 */
export function lifetimeTotals(summaries: Pick<CourseDoseSummary, "totalMg" | "mgPerKg">[]) {
  return {
    totalMg: summaries.reduce((sum, s) => sum + s.totalMg, 0),
    mgPerKg: summaries
      .map((s) => s.mgPerKg)
      .sort((a, b) => a - b)
      .reduce((sum, v) => sum + v, 0),
  };
}

/**
 * Where a course stands against its cumulative target, the patient's lifetime total counted (docs/DOMAIN.md
 * "Targets", lifetime: "at or past the target it warns and shows no remaining"; "the portal makes the lifetime
 * figure impossible to miss"). The one answer the course card and its chart, the dashboard's row, order and
 * count, the patient's header and the printed summary all give:
 * - NO_TARGET: a course without a cumulative target (rosacea, maintenance) is not compared with one.
 * - PAST: the lifetime mg/kg (every course's, this one's included) is at or past the target. No remaining mg
 *   and no projected date: a patient at 131 mg/kg lifetime is not 6,820 mg away from a 120 mg/kg target. The
 *   day this course reached the target by itself stays (a recorded fact, not a projection), when it did.
 * - TOWARDS: below it. The course's own remaining mg and projected date (whether a new course aims for the
 *   full target again is the dermatologist's call), and "near" from NEAR_TARGET_PERCENT of it lifetime.
 * The percent is always the lifetime's: for a patient's only course it is the course's own.
 */
export type TargetStanding =
  | { kind: "NO_TARGET" }
  | {
      kind: "PAST";
      targetMgPerKg: number;
      lifetimeMgPerKg: number;
      percent: number;
      /** True when this course alone has not reached the target: the patient's other courses took the lifetime past it. */
      byOtherCourses: boolean;
      /** The day this course reached the target by itself, when it did and the day is known (not for a total from paper). */
      reachedOn: IsoDate | null;
    }
  | {
      kind: "TOWARDS";
      targetMgPerKg: number;
      lifetimeMgPerKg: number;
      percent: number;
      near: boolean;
      remainingMg: number;
      projectedTargetDate: IsoDate | null;
    };

/** The figures of one course the standing reads: its summary (computed or stored). */
export type CourseTargetFigures = Pick<CourseDoseSummary, "mgPerKg" | "targetMgPerKg" | "remainingMg" | "projectedTargetDate" | "targetReachedOn">;

/** `lifetimeMgPerKg`: the sum of the patient's courses' mg/kg (lifetimeTotals), this course's included. */
export function targetStanding(course: CourseTargetFigures, lifetimeMgPerKg: number): TargetStanding {
  const against = lifetimeAgainstTarget(lifetimeMgPerKg, course.targetMgPerKg);
  if (against === null || course.targetMgPerKg === null) return { kind: "NO_TARGET" };
  const common = { targetMgPerKg: course.targetMgPerKg, lifetimeMgPerKg, percent: against.percent };
  if (against.exceeded) {
    const courseReached = course.mgPerKg >= course.targetMgPerKg;
    return { kind: "PAST", ...common, byOtherCourses: !courseReached, reachedOn: courseReached ? course.targetReachedOn : null };
  }
  return {
    kind: "TOWARDS",
    ...common,
    near: against.percent >= NEAR_TARGET_PERCENT,
    remainingMg: course.remainingMg,
    projectedTargetDate: course.projectedTargetDate,
  };
}

/** The remaining mg and projected date a course's figures give once its standing is taken into account (none past the target). */
export function standingFigures(standing: TargetStanding): { remainingMg: number; projectedTargetDate: IsoDate | null } {
  return standing.kind === "TOWARDS"
    ? { remainingMg: standing.remainingMg, projectedTargetDate: standing.projectedTargetDate }
    : { remainingMg: 0, projectedTargetDate: null };
}
