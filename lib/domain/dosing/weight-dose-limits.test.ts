import { describe, expect, it } from "vitest";
import type { RegimenVersion } from "./course-input";
import type { Schedule } from "./schedule";
import {
  courseWeightOn,
  doseLimitFindings,
  newDoseLimitFindings,
  regimenInForceOn,
  WEIGHT_DOSE_LIMIT_CODE,
  weightDoseLimitWarning,
} from "./weight-dose-limits";

const daily = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" } });
const EVERY_OTHER_DAY_20: Schedule = { mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } };
const TWICE_WEEKLY = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "TIMES_PER_WEEK", timesPerWeek: 2 } });
/** Planned 20 mg daily, up to 40 mg. */
const RANGE_20_TO_40: Schedule = { mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "DAILY" }, range: { mgMin: 20, mgMax: 40 } };

const one = (schedule: Schedule, kgBefore: number, kgAfter: number) =>
  newDoseLimitFindings([{ courseId: "c1", schedule, gramsBefore: kgBefore * 1000, gramsAfter: kgAfter * 1000 }]);
const said = (schedule: Schedule, kgBefore: number, kgAfter: number) => one(schedule, kgBefore, kgAfter).map((f) => [f.limit, f.milliMgPerKg, f.message]);

describe("the dose limits a weight newly puts the current dose above", () => {
  it("daily: 120 mg at 120 kg is 1.00 mg/kg/day, at 60 kg 2.00, above 1 mg/kg/day (not above 2: the label allows up to 2)", () => {
    // 120 mg / 60 kg = 2.000 mg/kg/day: above 1, not above 2. Dosing day the same 2.000: not above 2.
    expect(said(daily(120), 120, 60)).toEqual([
      ["DAILY_EQUIVALENT_ABOVE_1_MG_KG", 2000, "At 60 kg the current dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day."],
    ]);
  });

  it("daily: already above 1 mg/kg/day before (120 mg at 90 kg is 1.33) is not told again at 60 kg (2.00)", () => {
    expect(said(daily(120), 90, 60)).toEqual([]);
  });

  it("daily: from 2.00 (60 kg) to 2.40 mg/kg/day (50 kg) newly breaks the label maximum, said alone", () => {
    // 120 / 50 = 2.4: above 2 mg/kg/day; the 1 mg/kg/day and the dosing day (2.40 mg/kg) follow from it.
    expect(said(daily(120), 60, 50)).toEqual([
      ["ABOVE_LABEL_MAXIMUM", 2400, "At 50 kg the current dose, 120 mg daily, is 2.40 mg/kg/day, above 2 mg/kg/day, the label maximum."],
    ]);
  });

  it("daily: from 0.80 (100 kg) straight above the maximum (80 mg at 35 kg = 2.29) is the label maximum only", () => {
    // 80 / 35 = 2.2857...
    expect(said(daily(80), 100, 35)).toEqual([
      ["ABOVE_LABEL_MAXIMUM", (80 * 1_000_000) / 35_000, "At 35 kg the current dose, 80 mg daily, is 2.29 mg/kg/day, above 2 mg/kg/day, the label maximum."],
    ]);
  });

  it("no longer broken: a weight that brings the dose back under a limit says nothing", () => {
    // 120 mg: 2.00 at 60 kg, 0.92 at 130 kg. 120 mg at 50 kg (2.40) to 60 kg (2.00): still above 1, already so.
    expect(said(daily(120), 60, 130)).toEqual([]);
    expect(said(daily(120), 50, 60)).toEqual([]);
  });

  it("a weight that breaks nothing says nothing (40 mg daily: 0.67 at 60 kg, 0.89 at 45 kg)", () => {
    expect(said(daily(40), 60, 45)).toEqual([]);
    expect(said(daily(40), 60, 60)).toEqual([]);
  });

  it("20 mg every other day: 10 mg/day on average, 20 mg on a dosing day; at 9 kg 1.11 mg/kg/day and 2.22 mg/kg", () => {
    // At 12 kg: 10/12 = 0.83 mg/kg/day, 20/12 = 1.67 mg/kg: nothing. At 9 kg: 10/9 = 1.11, 20/9 = 2.22.
    expect(said(EVERY_OTHER_DAY_20, 12, 9)).toEqual([
      ["DAILY_EQUIVALENT_ABOVE_1_MG_KG", (10 * 1_000_000) / 9000, "At 9 kg the current dose, 20 mg every other day, is 1.11 mg/kg/day, above 1 mg/kg/day."],
      [
        "DOSING_DAY_ABOVE_2_MG_KG",
        (20 * 1_000_000) / 9000,
        "At 9 kg the current dose, 20 mg every other day, gives 2.22 mg/kg on a dosing day, above 2 mg/kg.",
      ],
    ]);
  });

  it("40 mg twice weekly: 80 mg a week; at 18 kg a dosing day is 2.22 mg/kg, the average 0.63 mg/kg/day", () => {
    // At 22 kg: 40/22 = 1.82 mg/kg a dosing day. At 18 kg: 40/18 = 2.22; 80/7/18 = 0.63 mg/kg/day, under 1.
    expect(said(TWICE_WEEKLY(40), 22, 18)).toEqual([
      ["DOSING_DAY_ABOVE_2_MG_KG", (40 * 1_000_000) / 18_000, "At 18 kg the current dose, 40 mg 2x a week, gives 2.22 mg/kg on a dosing day, above 2 mg/kg."],
    ]);
  });

  it("100 mg twice weekly: a dosing day already above 2 mg/kg at 40 kg (2.50); at 25 kg the average 1.14 mg/kg/day is new", () => {
    // 200 mg a week = 28.57 mg/day: 0.71 mg/kg/day at 40 kg, 1.14 at 25 kg. A dosing day: 2.50, then 4.00 mg/kg.
    expect(said(TWICE_WEEKLY(100), 40, 25)).toEqual([
      [
        "DAILY_EQUIVALENT_ABOVE_1_MG_KG",
        (200 * 1_000_000) / (7 * 25_000),
        "At 25 kg the current dose, 100 mg 2x a week, is 1.14 mg/kg/day, above 1 mg/kg/day.",
      ],
    ]);
  });

  it("a range regimen at its top: 20-40 mg daily at 30 kg is 1.33 mg/kg/day at the top (the planned 20 mg is 0.67)", () => {
    // At 45 kg the top is 40/45 = 0.89. At 30 kg, 40/30 = 1.33.
    expect(said(RANGE_20_TO_40, 45, 30)).toEqual([
      [
        "DAILY_EQUIVALENT_ABOVE_1_MG_KG",
        (40 * 1_000_000) / 30_000,
        "At 30 kg the current dose, 20–40 mg daily, is 1.33 mg/kg/day at the top of its range, above 1 mg/kg/day.",
      ],
    ]);
  });

  it("a dose change scheduled ahead is named by its day: 80 mg daily from 1 Dec 2026, 1.00 at 80 kg, is 1.60 at 50 kg", () => {
    // 80 / 80 = 1.000 (not above); 80 / 50 = 1.60. The current 40 mg daily: 0.50, then 0.80, nothing.
    const found = newDoseLimitFindings([
      { courseId: "c1", schedule: daily(40), gramsBefore: 80_000, gramsAfter: 50_000 },
      { courseId: "c1", schedule: daily(80), gramsBefore: 80_000, gramsAfter: 50_000, from: "2026-12-01" },
    ]);
    expect(found.map((f) => [f.from, f.limit, f.milliMgPerKg, f.message])).toEqual([
      ["2026-12-01", "DAILY_EQUIVALENT_ABOVE_1_MG_KG", 1600, "At 50 kg the dose from 1 Dec 2026, 80 mg daily, is 1.60 mg/kg/day, above 1 mg/kg/day."],
    ]);
    expect(weightDoseLimitWarning(found)?.message).toBe(
      "At 50 kg the dose from 1 Dec 2026, 80 mg daily, is 1.60 mg/kg/day, above 1 mg/kg/day. Tell the prescriber; the dose is not changed.",
    );
  });

  it("each course is judged on its own weights", () => {
    const found = newDoseLimitFindings([
      { courseId: "a", schedule: daily(70), gramsBefore: 70_000, gramsAfter: 60_000 },
      { courseId: "b", schedule: daily(70), gramsBefore: 65_000, gramsAfter: 60_000 },
    ]);
    // a: 1.00 then 1.17 mg/kg/day (new). b: 1.08 already above 1.
    expect(found.map((f) => [f.courseId, f.limit, f.weightGrams])).toEqual([["a", "DAILY_EQUIVALENT_ABOVE_1_MG_KG", 60_000]]);
  });
});

describe("what the weight forms ask and the course card shows", () => {
  it("one confirmation for every finding, telling the nurse to tell the prescriber", () => {
    expect(weightDoseLimitWarning(one(daily(120), 120, 60))).toEqual({
      code: WEIGHT_DOSE_LIMIT_CODE,
      message: "At 60 kg the current dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day. Tell the prescriber; the dose is not changed.",
    });
    expect(weightDoseLimitWarning(one(EVERY_OTHER_DAY_20, 12, 9))?.message).toBe(
      "At 9 kg the current dose, 20 mg every other day, is 1.11 mg/kg/day, above 1 mg/kg/day. " +
        "At 9 kg the current dose, 20 mg every other day, gives 2.22 mg/kg on a dosing day, above 2 mg/kg. Tell the prescriber; the dose is not changed.",
    );
    expect(weightDoseLimitWarning([])).toBeNull();
  });

  it("the course card says every limit the dose is above at today's weight, new or not", () => {
    // 120 mg at 90 kg: 1.33 mg/kg/day. 40 mg daily at 60 kg: 0.67, nothing.
    expect(doseLimitFindings("c", daily(120), 90_000).map((f) => f.message)).toEqual([
      "At 90 kg the current dose, 120 mg daily, is 1.33 mg/kg/day, above 1 mg/kg/day.",
    ]);
    expect(doseLimitFindings("c", daily(40), 60_000)).toEqual([]);
  });
});

describe("the weight and the regimen the dose check uses today", () => {
  const course = { startDate: "2026-10-01", startWeightGrams: 90_000 };

  it("the last weight on or before the day, not before the course start; else the start weight", () => {
    const weights = [
      { date: "2026-09-20", grams: 50_000 },
      { date: "2026-10-10", grams: 80_000 },
      { date: "2026-11-01", grams: 70_000 },
    ];
    expect(courseWeightOn(weights, course, "2026-10-05")).toBe(90_000);
    expect(courseWeightOn(weights, course, "2026-10-31")).toBe(80_000);
    expect(courseWeightOn(weights, course, "2026-11-20")).toBe(70_000);
    // Of two entries of one day, the one entered last.
    expect(courseWeightOn([...weights, { date: "2026-11-01", grams: 71_000 }], course, "2026-11-20")).toBe(71_000);
    expect(courseWeightOn([], course, "2026-11-20")).toBe(90_000);
  });

  it("the regimen in force on the day: none before the first, a correction replaces its version, a later one waits for its date", () => {
    const v = (id: string, effectiveFrom: string, mg: number, sequence: number, supersedesId: string | null = null): RegimenVersion => ({
      ...daily(mg),
      id,
      effectiveFrom,
      sequence,
      supersedesId,
    });
    const regimens = [v("a", "2026-10-01", 40, 0), v("b", "2026-10-01", 60, 1, "a"), v("c", "2026-12-01", 80, 2)];
    const c = { startDate: "2026-10-01", endDate: null, regimens };
    expect(regimenInForceOn(c, "2026-09-30")).toBeNull();
    expect(regimenInForceOn(c, "2026-11-20")).toEqual({ ...daily(60), range: null });
    expect(regimenInForceOn(c, "2026-12-01")).toEqual({ ...daily(80), range: null });
  });
});

describe("the figures of a limit said: never the limit itself, at the weight as entered", () => {
  const grams = (schedule: Schedule, before: number, after: number) =>
    newDoseLimitFindings([{ courseId: "c1", schedule, gramsBefore: before, gramsAfter: after }]).map((f) => f.message);
  const EVERY_OTHER_DAY = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } });

  it("60 mg daily at 59.9 kg is 1.0017 mg/kg/day: said as 1.002, not as 1.00 above 1", () => {
    // 60 / 59.9 = 1.001669...; at 70 kg 0.857.
    expect(grams(daily(60), 70_000, 59_900)).toEqual(["At 59.9 kg the current dose, 60 mg daily, is 1.002 mg/kg/day, above 1 mg/kg/day."]);
  });

  it("60 mg daily at 59.95 kg is 1.0008 mg/kg/day: the weight is not rounded to 60 kg, the figure not to 1.00", () => {
    // 60 / 59.95 = 1.000834...
    expect(grams(daily(60), 70_000, 59_950)).toEqual(["At 59.95 kg the current dose, 60 mg daily, is 1.001 mg/kg/day, above 1 mg/kg/day."]);
    // 60 / 59.999 = 1.0000167: as many decimals as it takes to show it above 1.
    expect(grams(daily(60), 70_000, 59_999)).toEqual(["At 59.999 kg the current dose, 60 mg daily, is 1.00002 mg/kg/day, above 1 mg/kg/day."]);
  });

  it("the label maximum and a dosing day just above 2: 2.003, not 2.00", () => {
    // 120 / 59.9 = 2.003339: above 2 mg/kg/day. At 60 kg 2.000, not above.
    expect(grams(daily(120), 60_000, 59_900)).toEqual(["At 59.9 kg the current dose, 120 mg daily, is 2.003 mg/kg/day, above 2 mg/kg/day, the label maximum."]);
    // 120 mg every other day: 60 mg a day on average, 1.0017 mg/kg/day; 120 mg a dosing day, 2.0033 mg/kg. At 70 kg: 0.86 and 1.71.
    expect(grams(EVERY_OTHER_DAY(120), 70_000, 59_900)).toEqual([
      "At 59.9 kg the current dose, 120 mg every other day, is 1.002 mg/kg/day, above 1 mg/kg/day.",
      "At 59.9 kg the current dose, 120 mg every other day, gives 2.003 mg/kg on a dosing day, above 2 mg/kg.",
    ]);
  });
});
