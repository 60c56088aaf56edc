import { describe, expect, it } from "vitest";
import type { CourseInput, RegimenVersion } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { averageSoFarDays } from "./early-average";
import type { DosePattern } from "./schedule";
import { DEFAULT_DOSING_SETTINGS } from "./settings";

/**
 * The average dose of a course younger than 28 days (docs/DOMAIN.md "Cumulative dose"), by hand: the days
 * from the start to the as-of date as taken, then the rest of the regimen's cycle in progress as scheduled,
 * over the days from the start to the end of that cycle. 5 Jan 2026 is a Monday.
 */
let seq = 0;
function regimen(effectiveFrom: string, mgPerIntake: number, pattern: DosePattern = { kind: "DAILY" }): RegimenVersion {
  seq += 1;
  return { id: `r${seq}`, effectiveFrom, mgPerIntake, intakesPerDay: 1, pattern, sequence: seq };
}

function course(over: Partial<CourseInput>): CourseInput {
  return { startDate: "2026-01-05", endDate: null, startWeightGrams: 60_000, targetMgPerKg: 120, regimens: [], pauses: [], missedDates: [], ...over };
}

const EOD: DosePattern = { kind: "EVERY_N_DAYS", everyNDays: 2 };
const THREE_A_WEEK: DosePattern = { kind: "TIMES_PER_WEEK", timesPerWeek: 3 };

describe("the days an average so far covers", () => {
  it.each([
    { name: "the first day", start: "2026-01-05", asOf: "2026-01-05", end: null, days: 1 },
    { name: "the 27th day", start: "2026-01-05", asOf: "2026-01-31", end: null, days: 27 },
    { name: "the 28th day: the last 28 days from then on", start: "2026-01-05", asOf: "2026-02-01", end: null, days: null },
    { name: "a course ended on the as-of day keeps its own days", start: "2026-01-05", asOf: "2026-01-10", end: "2026-01-10", days: null },
    { name: "a last day recorded ahead: still in progress", start: "2026-01-05", asOf: "2026-01-10", end: "2026-01-12", days: 6 },
    { name: "a start still ahead", start: "2026-01-05", asOf: "2026-01-04", end: null, days: null },
  ])("$name: $days", ({ start, asOf, end, days }) => {
    expect(averageSoFarDays(start, asOf, end)).toBe(days);
  });
});

describe("a course younger than 28 days, by hand", () => {
  it.each([
    // Window 5-6 Jan: 20 mg / 2 days / 60 kg.
    { name: "20 mg every other day, day 2", regimens: [regimen("2026-01-05", 20, EOD)], asOf: "2026-01-06", avg: 0.166667, cls: "low", days: 2 },
    // Window 5-8 Jan: 5 and 7 Jan, 40 mg / 4 days / 60 kg.
    { name: "20 mg every other day, day 3", regimens: [regimen("2026-01-05", 20, EOD)], asOf: "2026-01-07", avg: 0.166667, cls: "low", days: 3 },
    // Window 5-18 Jan (two weeks): 6 doses, 60 mg / 14 days / 70 kg.
    {
      name: "10 mg 3x a week at 70 kg, day 10",
      regimens: [regimen("2026-01-05", 10, THREE_A_WEEK)],
      kg: 70,
      asOf: "2026-01-14",
      avg: 0.061224,
      cls: "micro",
      days: 10,
    },
    // Started on a Tuesday: window Tue 6 - Mon 12 Jan holds Wed, Fri and Mon: 30 mg / 7 days / 60 kg. Over the
    // days so far alone (Tuesday, no dose) it would read 0, "no dose".
    {
      name: "10 mg Mon/Wed/Fri started on a Tuesday, day 1",
      regimens: [regimen("2026-01-06", 10, { kind: "WEEKDAYS", weekdays: [1, 3, 5] })],
      start: "2026-01-06",
      asOf: "2026-01-06",
      avg: 0.071429,
      cls: "micro",
      days: 1,
    },
    // Window 5 Jan - 1 Feb, the whole 28-day cycle: 7 x 40 = 280 mg / 28 days / 60 kg (the 10 days so far alone:
    // 280 / 10 / 60 = 0.4667, "standard").
    {
      name: "pulse 40 mg 7 days on / 21 off, day 10",
      regimens: [regimen("2026-01-05", 40, { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 })],
      asOf: "2026-01-14",
      avg: 0.166667,
      cls: "low",
      days: 10,
    },
    // 20 mg daily 5-9 Jan (100 mg), every other day from Sat 10 Jan: 10 Jan taken, 11 Jan off, the cycle's end.
    // 120 mg / 7 days / 60 kg.
    {
      name: "a change to every other day in the first week",
      regimens: [regimen("2026-01-05", 20), regimen("2026-01-10", 20, EOD)],
      asOf: "2026-01-10",
      avg: 0.285714,
      cls: "low",
      days: 6,
    },
    // Every 3 days, day 27: 27 days are 9 whole cycles, 9 doses: 180 mg / 27 / 60 kg.
    {
      name: "20 mg every 3 days, day 27",
      regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 3 })],
      asOf: "2026-01-31",
      avg: 0.111111,
      cls: "low",
      days: 27,
    },
    // Day 28: the last 28 days, as before: offsets 0, 3, ..., 27 = 10 doses, 200 mg / 28 / 60 kg.
    {
      name: "20 mg every 3 days, day 28",
      regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 3 })],
      asOf: "2026-02-01",
      avg: 0.119048,
      cls: "low",
      days: null,
    },
  ])("$name: $avg mg/kg/day, $cls", ({ regimens, start, kg, asOf, avg, cls, days }) => {
    const s = computeCourseDose(course({ regimens, startDate: start ?? "2026-01-05", startWeightGrams: (kg ?? 60) * 1000 }), [], asOf);
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(avg, 6);
    expect(s.doseClass).toBe(cls);
    expect(s.averageDaysSoFar).toBe(days);
  });

  it("a missed dose counts 0: 20 mg every other day, 5 Jan missed, as of 7 Jan", () => {
    // Window 5-8 Jan: 7 Jan only, 20 mg / 4 days / 60 kg = 0.0833, micro (over the 3 days so far: 0.1111, "low");
    // the regimen's own 20 / 2 / 60 = 0.1667.
    const s = computeCourseDose(course({ regimens: [regimen("2026-01-05", 20, EOD)], missedDates: ["2026-01-05"] }), [], "2026-01-07");
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.083333, 6);
    expect(s.doseClass).toBe("micro");
    expect(s.regimenMgPerKgPerDay).toBeCloseTo(0.166667, 6);
  });

  it("an open pause counts 0 for the rest of the cycle", () => {
    // 10 mg 3x a week at 70 kg (5, 8, 10 Jan), paused from 8 Jan: window 5-11 Jan holds 5 Jan only: 10 / 7 / 70.
    const c = course({
      startWeightGrams: 70_000,
      regimens: [regimen("2026-01-05", 10, THREE_A_WEEK)],
      pauses: [{ startDate: "2026-01-08", resumeDate: null }],
    });
    const s = computeCourseDose(c, [], "2026-01-09");
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.020408, 6);
    expect(s.doseClass).toBe("micro");
  });

  it("a last day recorded ahead ends the window with it", () => {
    // 30 mg every 3 days, last day 6 Jan: the cycle 5-7 Jan is cut at 6 Jan: 30 mg / 2 days / 60 kg.
    const c = course({ regimens: [regimen("2026-01-05", 30, { kind: "EVERY_N_DAYS", everyNDays: 3 })], endDate: "2026-01-06" });
    const s = computeCourseDose(c, [], "2026-01-05");
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.25, 6);
    expect(s.averageDaysSoFar).toBe(1);
  });

  it("counting by supply: days so far not supplied count 0, the rest of the cycle as scheduled", () => {
    // 10 mg 3x a week at 70 kg from 5 Jan, first dispensed 6 Jan: 5 Jan counts 0, then 8 and 10 Jan as
    // scheduled: 20 mg / 7 days / 70 kg (by schedule: 30 / 7 / 70).
    const c = course({
      startWeightGrams: 70_000,
      regimens: [regimen("2026-01-05", 10, THREE_A_WEEK)],
      supply: [{ from: "2026-01-06", daysSupply: 30, refills: 0 }],
    });
    const bySupply = computeCourseDose(c, [], "2026-01-06", { ...DEFAULT_DOSING_SETTINGS, doseCounting: "SUPPLY" });
    expect(bySupply.avgMgPerKgPerDay28).toBeCloseTo(0.040816, 6);
    expect(computeCourseDose(c, [], "2026-01-06").avgMgPerKgPerDay28).toBeCloseTo(0.061224, 6);
  });

  it("an ended course keeps the average of its own days", () => {
    // 10 mg 3x a week at 70 kg, 5-8 Jan: 5 and 8 Jan, 20 mg / 4 days / 70 kg, whatever the as-of date.
    const c = course({ startWeightGrams: 70_000, regimens: [regimen("2026-01-05", 10, THREE_A_WEEK)], endDate: "2026-01-08" });
    for (const asOf of ["2026-01-08", "2026-01-20", "2026-06-01"]) {
      const s = computeCourseDose(c, [], asOf);
      expect(s.avgMgPerKgPerDay28, asOf).toBeCloseTo(0.071429, 6);
      expect(s.averageDaysSoFar, asOf).toBeNull();
    }
  });

  it("a course starting later has no average yet", () => {
    const s = computeCourseDose(course({ regimens: [regimen("2026-01-05", 20, EOD)] }), [], "2026-01-01");
    expect([s.avgMgPerKgPerDay28, s.doseClass, s.averageDaysSoFar]).toEqual([0, "none", null]);
  });
});

describe("each day at its own weight (the weight the per-day cumulative mg/kg counts it at)", () => {
  // 40 mg daily from 5 Jan 2026 at 60 kg.
  const daily40 = course({ regimens: [regimen("2026-01-05", 40)] });

  it("the last 28 days: a weight measured on the last day counts for that day only", () => {
    // Window 29 Jan .. 25 Feb: 27 days at 60 kg, 25 Feb at 38 kg: (27 x 40/60 + 40/38) / 28 = 0.680451, standard
    // (all 28 days at 38 kg would read 1.05, high).
    const s = computeCourseDose(daily40, [{ date: "2026-02-25", grams: 38_000 }], "2026-02-25");
    expect(s.averageDaysSoFar).toBeNull();
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.680451, 6);
    expect(s.doseClass).toBe("standard");
  });

  it("so far: the days before a new weight at the start weight, the days from it at the new one", () => {
    // 5-9 Jan at 60 kg, 10-14 Jan at 38 kg: (5 x 40/60 + 5 x 40/38) / 10 = 0.859649.
    const s = computeCourseDose(daily40, [{ date: "2026-01-10", grams: 38_000 }], "2026-01-14");
    expect(s.averageDaysSoFar).toBe(10);
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.859649, 6);
  });

  it("so far: the rest of the cycle in progress at the latest weight", () => {
    // 10 mg Mon/Wed/Fri from Tue 6 Jan at 60 kg, 50 kg measured Thu 8 Jan: the window Tue 6 - Mon 12 Jan holds
    // Wed 7 taken at 60 kg, Fri 9 and Mon 12 ahead at 50 kg: (10/60 + 10/50 + 10/50) / 7 = 0.080952; the regimen's
    // own average at the latest weight 30 / 7 / 50 = 0.085714.
    const c = course({ startDate: "2026-01-06", regimens: [regimen("2026-01-06", 10, { kind: "WEEKDAYS", weekdays: [1, 3, 5] })] });
    const s = computeCourseDose(c, [{ date: "2026-01-08", grams: 50_000 }], "2026-01-08");
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.080952, 6);
    expect(s.regimenMgPerKgPerDay).toBeCloseTo(0.085714, 6);
  });

  it("an ended course: a weight measured after its last day says nothing about its days", () => {
    // 20 mg every 3 days, 5-14 Jan at 60 kg (4 doses): 80 / 10 / 60 = 0.133333, whatever is measured on 20 Jan.
    const c = course({ regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 3 })], endDate: "2026-01-14" });
    expect(computeCourseDose(c, [{ date: "2026-01-20", grams: 40_000 }], "2026-02-01").avgMgPerKgPerDay28).toBeCloseTo(0.133333, 6);
  });
});
