import fc from "fast-check";
import { expect, it } from "vitest";
import { addDays } from "../dates";
import type { CourseInput, RegimenVersion } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { DEFAULT_DOSING_SETTINGS, type DosingSettings } from "./settings";
import { patternArb as pattern } from "./generated-patterns";

/**
 * The projected date is the day the target is reached at the current regimen (docs/DOMAIN.md "Cumulative
 * dose": "the projection to the target counts the same way"). For any course whose history lies on or before
 * the as-of day (dose changes, closed pauses, missed days, weights) and either weight policy, summing on to
 * the projected day must reach the target on exactly that day, and not on the day before.
 */
const START = "2028-01-03";

const scenario = fc
  .record({
    asOf: fc.integer({ min: 0, max: 150 }),
    regimens: fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), mg: fc.constantFrom(10, 20, 30, 40, 60, 80), intakes: fc.constantFrom(1, 2), pattern }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    pause: fc.option(fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), days: fc.integer({ min: 1, max: 30 }) }), { nil: null }),
    missed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    weights: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), grams: fc.integer({ min: 40_000, max: 110_000 }) }), { maxLength: 3 }),
    startGrams: fc.integer({ min: 40_000, max: 110_000 }),
    target: fc.integer({ min: 60, max: 300 }),
    weightPolicy: fc.constantFrom<DosingSettings["weightPolicy"]>("COURSE_START", "PER_DAY"),
  })
  .map((s) => {
    const day = (fraction: number) => Math.floor(fraction * s.asOf);
    const pauseStart = s.pause ? day(s.pause.from) : 0;
    const pauseDays = s.pause ? Math.min(s.pause.days, s.asOf - pauseStart) : 0;
    const course: CourseInput = {
      startDate: START,
      endDate: null,
      startWeightGrams: s.startGrams,
      targetMgPerKg: s.target,
      regimens: s.regimens.map((r, i): RegimenVersion => ({
        id: `r${i}`,
        effectiveFrom: addDays(START, i === 0 ? 0 : day(r.at)),
        mgPerIntake: r.mg,
        intakesPerDay: r.intakes,
        pattern: r.pattern,
        sequence: i,
      })),
      // Closed on or before the as-of day: nothing ahead of it changes the regimen.
      pauses: pauseDays > 0 ? [{ startDate: addDays(START, pauseStart), resumeDate: addDays(START, pauseStart + pauseDays) }] : [],
      missedDates: s.missed.map((m) => addDays(START, day(m))),
    };
    return {
      course,
      weights: s.weights.map((w) => ({ date: addDays(START, day(w.at)), grams: w.grams })).sort((a, b) => a.date.localeCompare(b.date)),
      asOf: addDays(START, s.asOf),
      settings: { ...DEFAULT_DOSING_SETTINGS, weightPolicy: s.weightPolicy },
    };
  });

it("the target is reached on the projected day, not the day before", () => {
  fc.assert(
    fc.property(scenario, ({ course, weights, asOf, settings }) => {
      const now = computeCourseDose(course, weights, asOf, settings, { series: false });
      if (now.targetReachedOn !== null || now.projectedTargetDate === null) return;
      const projected = now.projectedTargetDate;
      expect(projected > asOf).toBe(true);
      const then = computeCourseDose(course, weights, projected, settings, { series: false });
      expect(then.targetReachedOn).toBe(projected);
      expect(then.totalMg - now.totalMg).toBeGreaterThanOrEqual(now.remainingMg);
      const dayBefore = computeCourseDose(course, weights, addDays(projected, -1), settings, { series: false });
      expect(dayBefore.targetReachedOn).toBeNull();
    }),
    { numRuns: 300 },
  );
});
