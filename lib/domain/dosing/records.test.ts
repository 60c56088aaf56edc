import { describe, expect, it } from "vitest";
import type { CourseInput, RegimenVersion } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { lifetimeTotals } from "./target-standing";
import { defaultTargetMgPerKg, lifetimeAgainstTarget } from "./targets";

/**
 * Course records as a clinic corrects and migrates them: hand-computed tables. A voided entry reaches the
 * engine as absent (the data layer leaves it out), so "after the void" is the course without it.
 */
const daily = (id: string, effectiveFrom: string, mg: number, sequence: number): RegimenVersion => ({
  id,
  effectiveFrom,
  mgPerIntake: mg,
  intakesPerDay: 1,
  pattern: { kind: "DAILY" },
  sequence,
});
const base = (over: Partial<CourseInput> = {}): CourseInput => ({
  startDate: "2026-01-05",
  endDate: null,
  startWeightGrams: 60_000,
  targetMgPerKg: 120,
  regimens: [daily("a", "2026-01-05", 40, 0)],
  pauses: [],
  missedDates: [],
  ...over,
});

describe("voids and corrections, by hand", () => {
  it.each([
    // 40 mg daily 5 Jan .. 25 Jan = 21 days = 840 mg.
    ["the course as started", base(), 840, 21, 21],
    // A change to 60 mg from 15 Jan: 10 x 40 + 11 x 60 = 1,060 mg; voided, it is absent again: 840.
    ["with a dose change from 15 Jan", base({ regimens: [daily("a", "2026-01-05", 40, 0), daily("b", "2026-01-15", 60, 1)] }), 1060, 21, 21],
    // A correction of the change (50 mg instead of 60 mg): 10 x 40 + 11 x 50 = 950 mg.
    [
      "with the change corrected to 50 mg",
      base({ regimens: [daily("a", "2026-01-05", 40, 0), daily("b", "2026-01-15", 60, 1), { ...daily("c", "2026-01-15", 50, 2), supersedesId: "b" }] }),
      950,
      21,
      21,
    ],
    // A missed dose on 20 Jan: 20 x 40 = 800 mg, 20 doses counted; voided, 840 again.
    ["with a missed dose on 20 Jan", base({ missedDates: ["2026-01-20"] }), 800, 21, 20],
    // Paused from 21 Jan (open): 5 Jan .. 20 Jan = 16 days on therapy, 640 mg.
    ["paused from 21 Jan", base({ pauses: [{ startDate: "2026-01-21", resumeDate: null }] }), 640, 16, 16],
    // Completed on 15 Jan (11 days, 440 mg), then reopened: the end date is gone, 840 mg.
    ["completed on 15 Jan", base({ endDate: "2026-01-15" }), 440, 11, 11],
  ])("%s: %i mg, %i days on therapy, %i doses counted", (_name, input, totalMg, days, doses) => {
    const s = computeCourseDose(input, [], "2026-01-25");
    expect([s.totalMg, s.daysOnTherapy, s.dosesCounted]).toEqual([totalMg, days, doses]);
  });
});

describe("courses from paper records", () => {
  it("a total-only course counts its recorded total over the weight used, day figures aside", () => {
    // 7,000 mg at 70 kg = 100 mg/kg; target 120 mg/kg x 70 kg = 8,400 mg, so 1,400 mg would remain.
    const s = computeCourseDose(
      base({ startDate: "2022-03-01", endDate: "2022-08-31", startWeightGrams: 70_000, regimens: [], recordedTotalMg: 7000 }),
      [],
      "2026-11-23",
    );
    expect([s.totalMg, s.mgPerKg, s.mgPerKgPerDayWeight, s.remainingMg, s.projectedTargetDate, s.targetReachedOn]).toEqual([7000, 100, 100, 1400, null, null]);
  });

  it("a total-only course has no daily figures: no chart series of zeros, and it says it was recorded as a total", () => {
    // 9,600 mg at 80 kg = 120 mg/kg, 1 Jan .. 30 Jun 2022: which days the 9,600 mg were taken is not known.
    const s = computeCourseDose(
      base({ startDate: "2022-01-01", endDate: "2022-06-30", startWeightGrams: 80_000, regimens: [], recordedTotalMg: 9600 }),
      [],
      "2026-11-23",
    );
    expect([s.totalMg, s.mgPerKg, s.recordedTotalOnly]).toEqual([9600, 120, true]);
    expect(s.series).toEqual([]);
    // The same course with its dose periods known is charted and has daily figures.
    const periods = computeCourseDose(
      base({ startDate: "2022-01-01", endDate: "2022-01-14", startWeightGrams: 80_000, regimens: [daily("p", "2022-01-01", 40, 0)] }),
      [],
      "2026-11-23",
    );
    expect(periods.recordedTotalOnly).toBe(false);
    expect(periods.series.length).toBeGreaterThan(1);
  });

  it("a paper course of two dose periods sums both; the lifetime total adds the courses, which never overlap", () => {
    // 3 Jan .. 16 Jan 2022 at 40 mg (14 days, 560 mg), 17 Jan .. 30 Jan at 60 mg (14 days, 840 mg) = 1,400 mg at 70 kg = 20 mg/kg.
    const paper = computeCourseDose(
      base({
        startDate: "2022-01-03",
        endDate: "2022-01-30",
        startWeightGrams: 70_000,
        regimens: [daily("p1", "2022-01-03", 40, 0), daily("p2", "2022-01-17", 60, 1)],
      }),
      [],
      "2026-11-23",
    );
    expect([paper.totalMg, paper.mgPerKg]).toEqual([1400, 20]);
    const totalOnly = computeCourseDose(
      base({ startDate: "2023-01-02", endDate: "2023-06-30", startWeightGrams: 70_000, regimens: [], recordedTotalMg: 7000 }),
      [],
      "2026-11-23",
    );
    const active = computeCourseDose(base(), [], "2026-01-25"); // 840 mg at 60 kg = 14 mg/kg
    expect(lifetimeTotals([paper, totalOnly, active])).toEqual({ totalMg: 9240, mgPerKg: 134 });
  });
});

describe("targets", () => {
  it.each([
    ["ACNE_NODULAR", "STANDARD", 120],
    ["ACNE_MODERATE_RECALCITRANT", "LOW_DOSE", 120],
    ["ACNE_SCARRING", "MICRO_DOSE", 120],
    ["ACNE_NODULAR", "MAINTENANCE", null],
    ["ROSACEA", "LOW_DOSE", null],
    ["OTHER", "STANDARD", null],
  ])("%s, %s: default target %s mg/kg", (indication, intent, expected) => {
    expect(defaultTargetMgPerKg(indication, intent)).toBe(expected);
  });

  it("a course without a target has no progress, no remaining and no projection", () => {
    const s = computeCourseDose(base({ targetMgPerKg: null }), [], "2026-01-25");
    expect([s.totalMg, s.targetMgPerKg, s.progressPercent, s.remainingMg, s.projectedTargetDate, s.targetReachedOn]).toEqual([840, null, 0, 0, null, null]);
  });

  it.each([
    // [lifetime mg/kg, target, percent, exceeded]
    [131, 120, 109.16666666666667, true],
    [120, 120, 100, true],
    [119.9, 120, 99.91666666666667, false],
    [60, 150, 40, false],
  ])("lifetime %d mg/kg against %d: %d%%, exceeded %s", (lifetime, target, percent, exceeded) => {
    expect(lifetimeAgainstTarget(lifetime, target)).toEqual({ percent, exceeded });
  });

  it("without a target there is nothing to compare the lifetime total with", () => {
    expect(lifetimeAgainstTarget(131, null)).toBeNull();
  });
});
