import { describe, expect, it } from "vitest";
import type { CourseInput } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { lifetimeTotals, standingFigures, targetStanding, type CourseTargetFigures } from "./target-standing";

/** A course's figures as its summary gives them; the cases below set what they test. */
const figures = (over: Partial<CourseTargetFigures>): CourseTargetFigures => ({
  mgPerKg: 7,
  targetMgPerKg: 120,
  remainingMg: 6780,
  projectedTargetDate: "2027-12-01",
  targetReachedOn: null,
  ...over,
});

describe("a course against its target, the lifetime total counted", () => {
  it.each([
    // 7 mg/kg this course + 120 mg/kg from paper = 127 of 120: 127 / 120 = 105.83 %. The course alone is far below it.
    [
      "lifetime past by another course",
      figures({}),
      127,
      { kind: "PAST", targetMgPerKg: 120, lifetimeMgPerKg: 127, percent: 105.83333333333333, byOtherCourses: true, reachedOn: null },
    ],
    // Exactly at the target is past it ("at or past the target", docs/DOMAIN.md).
    [
      "lifetime exactly at the target",
      figures({}),
      120,
      { kind: "PAST", targetMgPerKg: 120, lifetimeMgPerKg: 120, percent: 100, byOtherCourses: true, reachedOn: null },
    ],
    // The course reached 120 by itself on 1 Nov 2026 (its only course: lifetime 125 = 104.17 %): that day stays.
    [
      "the course reached it by itself",
      figures({ mgPerKg: 125, remainingMg: 0, projectedTargetDate: "2026-11-01", targetReachedOn: "2026-11-01" }),
      125,
      { kind: "PAST", targetMgPerKg: 120, lifetimeMgPerKg: 125, percent: 104.16666666666667, byOtherCourses: false, reachedOn: "2026-11-01" },
    ],
    // A total from paper of 125 mg/kg: reached, on no known day.
    [
      "a total from paper past it",
      figures({ mgPerKg: 125, remainingMg: 0, projectedTargetDate: null, targetReachedOn: null }),
      125,
      { kind: "PAST", targetMgPerKg: 120, lifetimeMgPerKg: 125, percent: 104.16666666666667, byOtherCourses: false, reachedOn: null },
    ],
    // 7 + 93 = 100 of 120 = 83.33 %: below 90 %, the course's own remaining mg and date.
    [
      "towards it",
      figures({}),
      100,
      {
        kind: "TOWARDS",
        targetMgPerKg: 120,
        lifetimeMgPerKg: 100,
        percent: 83.33333333333333,
        near: false,
        remainingMg: 6780,
        projectedTargetDate: "2027-12-01",
      },
    ],
    // 108 of 120 = 90 % exactly: near.
    [
      "near it at 90 %",
      figures({}),
      108,
      { kind: "TOWARDS", targetMgPerKg: 120, lifetimeMgPerKg: 108, percent: 90, near: true, remainingMg: 6780, projectedTargetDate: "2027-12-01" },
    ],
    // 107.9 of 120 = 89.92 %: not yet near.
    [
      "just below near",
      figures({}),
      107.9,
      {
        kind: "TOWARDS",
        targetMgPerKg: 120,
        lifetimeMgPerKg: 107.9,
        percent: 89.91666666666667,
        near: false,
        remainingMg: 6780,
        projectedTargetDate: "2027-12-01",
      },
    ],
    // Rosacea, maintenance: nothing to compare with, however high the lifetime total.
    ["no target", figures({ targetMgPerKg: null, remainingMg: 0, projectedTargetDate: null }), 300, { kind: "NO_TARGET" }],
  ])("%s", (_name, course, lifetime, expected) => {
    expect(targetStanding(course, lifetime)).toEqual(expected);
  });

  it("gives no remaining mg and no projected date past the target, the course's own below it", () => {
    expect(standingFigures(targetStanding(figures({}), 127))).toEqual({ remainingMg: 0, projectedTargetDate: null });
    expect(standingFigures(targetStanding(figures({}), 100))).toEqual({ remainingMg: 6780, projectedTargetDate: "2027-12-01" });
    expect(standingFigures(targetStanding(figures({ targetMgPerKg: null, remainingMg: 0, projectedTargetDate: null }), 300))).toEqual({
      remainingMg: 0,
      projectedTargetDate: null,
    });
  });

  it("a course in progress after a paper course past the target: the course alone projects a date, the patient is past it", () => {
    // 10 mg three times a week from Monday 5 Jan 2026 at 60 kg: doses on days 0, 3 and 5 of each week, 4 weeks to
    // Sunday 1 Feb = 12 doses = 120 mg = 2 mg/kg; 118 mg/kg x 60 kg = 7,080 mg would remain to 120 mg/kg.
    const active: CourseInput = {
      startDate: "2026-01-05",
      endDate: null,
      startWeightGrams: 60_000,
      targetMgPerKg: 120,
      regimens: [
        { id: "r", effectiveFrom: "2026-01-05", mgPerIntake: 10, intakesPerDay: 1, pattern: { kind: "TIMES_PER_WEEK", timesPerWeek: 3 }, sequence: 0 },
      ],
      pauses: [],
      missedDates: [],
    };
    const course = computeCourseDose(active, [], "2026-02-01", undefined, { series: false });
    expect([course.totalMg, course.mgPerKg, course.remainingMg]).toEqual([120, 2, 7080]);
    expect(course.projectedTargetDate).not.toBeNull();
    // From paper, its total only: 7,140 mg at 60 kg = 119 mg/kg. Lifetime 2 + 119 = 121 of 120 = 100.83 %.
    const paper = computeCourseDose({ ...active, endDate: "2020-06-30", startDate: "2020-01-06", regimens: [], recordedTotalMg: 7140 }, [], "2026-02-01");
    const lifetime = lifetimeTotals([course, paper]);
    expect(lifetime).toEqual({ totalMg: 7260, mgPerKg: 121 });
    const standing = targetStanding(course, lifetime.mgPerKg);
    expect(standing).toMatchObject({ kind: "PAST", lifetimeMgPerKg: 121, byOtherCourses: true, reachedOn: null });
    expect(standingFigures(standing)).toEqual({ remainingMg: 0, projectedTargetDate: null });
  });
});

describe("the lifetime total", () => {
  it("is the same number in whatever order the courses come", () => {
    // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in this order and 0.6 in the other: the sum is taken in one order.
    const a = { totalMg: 1, mgPerKg: 0.1 };
    const b = { totalMg: 2, mgPerKg: 0.2 };
    const c = { totalMg: 3, mgPerKg: 0.3 };
    expect(lifetimeTotals([a, b, c])).toEqual(lifetimeTotals([c, b, a]));
    expect(lifetimeTotals([b, c, a])).toEqual(lifetimeTotals([c, a, b]));
  });
});
