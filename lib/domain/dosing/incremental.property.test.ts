import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../dates";
import type { CourseInput, RegimenVersion } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { DEFAULT_DOSING_SETTINGS, type DosingSettings } from "./settings";
import { patternArb as pattern } from "./generated-patterns";

/**
 * The daily refresh stores each summary's accumulator and the next day adds only the days elapsed
 * (resumeFrom). For any course, weights, policy and pair of days, resuming from the earlier day's
 * accumulator must give exactly the summary computed from the start: same numbers, same dates.
 */
const START = "2026-01-05";

const regimens = fc
  .array(fc.record({ offset: fc.integer({ min: 0, max: 200 }), mg: fc.constantFrom(5, 10, 20, 30, 40), pattern }), { minLength: 1, maxLength: 4 })
  .map((rs) =>
    rs.map((r, i): RegimenVersion => ({
      id: `r${i}`,
      effectiveFrom: addDays(START, i === 0 ? 0 : r.offset),
      mgPerIntake: r.mg,
      intakesPerDay: 1,
      pattern: r.pattern,
      sequence: i,
    })),
  );

const course: fc.Arbitrary<CourseInput> = fc
  .record({
    regimens,
    end: fc.option(fc.integer({ min: 0, max: 300 }), { nil: null }),
    pause: fc.option(fc.record({ from: fc.integer({ min: 1, max: 250 }), days: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }) }), { nil: null }),
    missed: fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 5 }),
    grams: fc.integer({ min: 40_000, max: 110_000 }),
    target: fc.constantFrom(120, 150, null),
    supply: fc.option(
      fc.array(fc.record({ from: fc.integer({ min: 0, max: 250 }), days: fc.constantFrom(7, 30), refills: fc.integer({ min: 0, max: 2 }) }), { maxLength: 3 }),
      {
        nil: null,
      },
    ),
  })
  .map((c) => ({
    startDate: START,
    endDate: c.end === null ? null : addDays(START, c.end),
    startWeightGrams: c.grams,
    targetMgPerKg: c.target,
    regimens: c.regimens,
    pauses: c.pause
      ? [{ startDate: addDays(START, c.pause.from), resumeDate: c.pause.days === null ? null : addDays(START, c.pause.from + c.pause.days) }]
      : [],
    missedDates: c.missed.map((d) => addDays(START, d)),
    supply: c.supply?.map((f) => ({ from: addDays(START, f.from), daysSupply: f.days, refills: f.refills })) ?? null,
  }));

const weights = fc
  .array(fc.record({ offset: fc.integer({ min: -5, max: 300 }), grams: fc.integer({ min: 40_000, max: 110_000 }) }), { maxLength: 4 })
  .map((ws) => ws.map((w) => ({ date: addDays(START, w.offset), grams: w.grams })).sort((a, b) => a.date.localeCompare(b.date)));

const settings: fc.Arbitrary<DosingSettings> = fc
  .record({
    weightPolicy: fc.constantFrom<DosingSettings["weightPolicy"]>("COURSE_START", "PER_DAY"),
    doseCounting: fc.constantFrom<DosingSettings["doseCounting"]>("SCHEDULE", "SUPPLY"),
  })
  .map((chosen) => ({ ...DEFAULT_DOSING_SETTINGS, ...chosen }));

describe("incremental cumulative dose", () => {
  it("resuming from an earlier day's accumulator equals computing from the start", () => {
    fc.assert(
      fc.property(course, weights, settings, fc.integer({ min: -10, max: 320 }), fc.integer({ min: 0, max: 40 }), (c, ws, s, earlier, elapsed) => {
        const before = computeCourseDose(c, ws, addDays(START, earlier), s, { series: false });
        const asOf = addDays(START, earlier + elapsed);
        const full = computeCourseDose(c, ws, asOf, s, { series: false });
        const resumed = computeCourseDose(c, ws, asOf, s, { series: false, resumeFrom: before.accumulator });
        expect(resumed).toEqual(full);
      }),
      { numRuns: 400 },
    );
  });

  it("adds the elapsed days' doses to the stored total (hand-computed)", () => {
    // 20 mg daily from Mon 5 Jan: through 14 Jan, 10 days = 200 mg; three more days to 17 Jan = 260 mg.
    const c: CourseInput = {
      startDate: START,
      endDate: null,
      startWeightGrams: 50_000,
      targetMgPerKg: 120,
      regimens: [{ id: "r", effectiveFrom: START, mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "DAILY" }, sequence: 0 }],
      pauses: [],
      missedDates: [],
    };
    const before = computeCourseDose(c, [], "2026-01-14", DEFAULT_DOSING_SETTINGS, { series: false });
    expect(before.accumulator).toEqual({
      through: "2026-01-14",
      totalMg: 200,
      mgByGrams: [[50_000, 200]],
      targetReachedOn: null,
      daysOnTherapy: 10,
      dosesCounted: 10,
      supplyGapDays: 0,
    });
    const after = computeCourseDose(c, [], "2026-01-17", DEFAULT_DOSING_SETTINGS, { series: false, resumeFrom: before.accumulator });
    expect([after.totalMg, after.daysOnTherapy, after.dosesCounted]).toEqual([260, 13, 13]);
    expect(after.mgPerKg).toBeCloseTo(5.2, 10);
  });

  it("starts again from the first day when the accumulator is past the run's last day", () => {
    const c: CourseInput = {
      startDate: START,
      endDate: null,
      startWeightGrams: 50_000,
      targetMgPerKg: 120,
      regimens: [{ id: "r", effectiveFrom: START, mgPerIntake: 10, intakesPerDay: 1, pattern: { kind: "DAILY" }, sequence: 0 }],
      pauses: [],
      missedDates: [],
    };
    const later = computeCourseDose(c, [], "2026-01-20", DEFAULT_DOSING_SETTINGS, { series: false });
    // 5-10 Jan: 6 days x 10 mg.
    expect(computeCourseDose(c, [], "2026-01-10", DEFAULT_DOSING_SETTINGS, { series: false, resumeFrom: later.accumulator }).totalMg).toBe(60);
  });
});
