import fc from "fast-check";
import { expect, it } from "vitest";
import { addDays } from "../dates";
import type { CourseInput } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { patternArb } from "./generated-patterns";
import { DEFAULT_DOSING_SETTINGS, type DosingSettings } from "./settings";
import { lifetimeTotals, standingFigures, targetStanding } from "./target-standing";

/**
 * docs/DOMAIN.md "Targets", lifetime: at or past the target no "remaining" is shown. For any course (a regimen,
 * a pause, a start ahead, a last day, a target or none, either weight policy) and any other courses (given
 * by their mg/kg, from paper or from earlier courses): with a target and the lifetime mg/kg at or past it, no
 * remaining mg and no projected date are given; below it, the course's own are, and it is near from 90 %
 * of the target; without a target there is no standing at all. The lifetime mg/kg is the same whatever the
 * order of the courses.
 */
const START = "2028-01-03";

const scenario = fc.record({
  asOf: fc.integer({ min: -20, max: 400 }),
  mg: fc.constantFrom(5, 10, 20, 40, 60, 80),
  pattern: patternArb,
  pause: fc.option(fc.record({ start: fc.integer({ min: 0, max: 300 }), days: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }) }), { nil: null }),
  end: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
  startGrams: fc.integer({ min: 40_000, max: 110_000 }),
  weights: fc.array(fc.record({ day: fc.integer({ min: 0, max: 400 }), grams: fc.integer({ min: 40_000, max: 110_000 }) }), { maxLength: 3 }),
  target: fc.option(fc.integer({ min: 60, max: 300 }), { nil: null }),
  // Other courses' mg/kg: none, small, or far past any target.
  others: fc.array(fc.double({ min: 0, max: 400, noNaN: true }), { maxLength: 3 }),
  weightPolicy: fc.constantFrom<DosingSettings["weightPolicy"]>("COURSE_START", "PER_DAY"),
});

it("never gives a remaining dose or a projected date when the lifetime total is at or past the target", () => {
  fc.assert(
    fc.property(scenario, (s) => {
      const course: CourseInput = {
        startDate: START,
        endDate: s.end === null ? null : addDays(START, s.end),
        startWeightGrams: s.startGrams,
        targetMgPerKg: s.target,
        regimens: [{ id: "r", effectiveFrom: START, mgPerIntake: s.mg, intakesPerDay: 1, pattern: s.pattern, sequence: 0 }],
        pauses: s.pause
          ? [{ startDate: addDays(START, s.pause.start), resumeDate: s.pause.days === null ? null : addDays(START, s.pause.start + s.pause.days) }]
          : [],
        missedDates: [],
      };
      const weights = s.weights.map((w) => ({ date: addDays(START, w.day), grams: w.grams })).sort((a, b) => a.date.localeCompare(b.date));
      const settings = { ...DEFAULT_DOSING_SETTINGS, weightPolicy: s.weightPolicy };
      const summary = computeCourseDose(course, weights, addDays(START, s.asOf), settings, { series: false });
      const courses = [summary, ...s.others.map((mgPerKg) => ({ totalMg: 0, mgPerKg }))];
      const lifetime = lifetimeTotals(courses).mgPerKg;
      expect(lifetimeTotals([...courses].reverse()).mgPerKg).toBe(lifetime);
      expect(lifetime).toBeGreaterThanOrEqual(summary.mgPerKg);

      const standing = targetStanding(summary, lifetime);
      const shown = standingFigures(standing);
      if (s.target === null) {
        expect(standing).toEqual({ kind: "NO_TARGET" });
        return;
      }
      if (lifetime >= s.target) {
        expect(standing.kind).toBe("PAST");
        expect(shown).toEqual({ remainingMg: 0, projectedTargetDate: null });
        if (standing.kind === "PAST") {
          expect(standing.percent).toBeGreaterThanOrEqual(100);
          // The course's own reaching day only when the course itself is past the target.
          if (summary.mgPerKg < s.target) expect(standing.reachedOn).toBeNull();
        }
      } else {
        expect(standing).toMatchObject({ kind: "TOWARDS", near: (lifetime * 100) / s.target >= 90 });
        expect(shown).toEqual({ remainingMg: summary.remainingMg, projectedTargetDate: summary.projectedTargetDate });
      }
    }),
    { numRuns: 400 },
  );
});
