import fc from "fast-check";
import { expect, it } from "vitest";
import { addDays } from "../dates";
import type { CourseInput } from "./course-input";
import { computeCourseDose } from "./cumulative";
import type { DosePattern } from "./schedule";

/**
 * After a pause, a pattern starts again on the resume day (docs/DOMAIN.md "Cumulative dose"): for any
 * pattern, dose and pause, the mg and doses counted from the resume day on equal those of the same regimen
 * started on that day.
 */
const START = "2026-01-05";

const pattern: fc.Arbitrary<DosePattern> = fc.oneof(
  fc.constant({ kind: "DAILY" as const }),
  fc.integer({ min: 2, max: 5 }).map((everyNDays) => ({ kind: "EVERY_N_DAYS" as const, everyNDays })),
  fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }).map((weekdays) => ({ kind: "WEEKDAYS" as const, weekdays: weekdays.sort() })),
  fc.integer({ min: 1, max: 6 }).map((timesPerWeek) => ({ kind: "TIMES_PER_WEEK" as const, timesPerWeek })),
  fc.record({ cycleOnDays: fc.integer({ min: 1, max: 14 }), cycleOffDays: fc.integer({ min: 1, max: 21 }) }).map((c) => ({ kind: "CYCLE" as const, ...c })),
);

const course = (startDate: string, pat: DosePattern, mg: number, pauses: CourseInput["pauses"] = []): CourseInput => ({
  startDate,
  endDate: null,
  startWeightGrams: 60_000,
  targetMgPerKg: 120,
  regimens: [{ id: "r", effectiveFrom: startDate, mgPerIntake: mg, intakesPerDay: 1, pattern: pat, sequence: 0 }],
  pauses,
  missedDates: [],
});

it("from the resume day on, a paused course counts as the same regimen started that day", () => {
  fc.assert(
    fc.property(
      pattern,
      fc.constantFrom(5, 10, 20, 40),
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1, max: 30 }),
      fc.integer({ min: 0, max: 90 }),
      (pat, mg, pauseFrom, pauseDays, daysAfter) => {
        const resume = addDays(START, pauseFrom + pauseDays);
        const asOf = addDays(resume, daysAfter);
        const paused = course(START, pat, mg, [{ startDate: addDays(START, pauseFrom), resumeDate: resume }]);
        const before = computeCourseDose(paused, [], addDays(resume, -1), undefined, { series: false });
        const whole = computeCourseDose(paused, [], asOf, undefined, { series: false });
        const fresh = computeCourseDose(course(resume, pat, mg), [], asOf, undefined, { series: false });
        expect(whole.totalMg - before.totalMg).toBe(fresh.totalMg);
        expect(whole.dosesCounted - before.dosesCounted).toBe(fresh.dosesCounted);
      },
    ),
  );
});
