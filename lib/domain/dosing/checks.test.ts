import { describe, expect, it } from "vitest";
import { checkSchedule, figureAbove } from "./checks";
import type { Schedule } from "./schedule";

const daily = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" } });

describe("dose checks", () => {
  it.each([
    { name: "40 mg daily at 60 kg", s: daily(40), codes: [], errors: 0 },
    { name: "60 mg daily at 60 kg is exactly 1 mg/kg", s: daily(60), codes: [], errors: 0 },
    { name: "80 mg daily at 60 kg", s: daily(80), codes: ["DAILY_EQUIVALENT_ABOVE_1_MG_KG"], errors: 0 },
    { name: "130 mg daily at 60 kg is refused", s: daily(130), codes: [], errors: 1 },
    {
      name: "160 mg every other day: 1.33 daily-equivalent, 2.67 on dosing days",
      s: { mgPerIntake: 160, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } } as Schedule,
      codes: ["DAILY_EQUIVALENT_ABOVE_1_MG_KG", "DOSING_DAY_ABOVE_2_MG_KG"],
      errors: 0,
    },
    { name: "30 mg with 20 mg capsules", s: daily(30), codes: ["NOT_WHOLE_CAPSULES"], errors: 0, capsule: 20 },
  ])("$name", ({ s, codes, errors, capsule }) => {
    const r = checkSchedule(s, 60_000, capsule ?? 10);
    expect(r.warnings.map((w) => w.code)).toEqual(codes);
    expect(r.errors).toHaveLength(errors);
  });

  it.each([
    // 60 kg. Planned 40 mg daily (0.67 mg/kg/day), up to 130 mg daily: 2.17 mg/kg/day at the top, above the label maximum.
    {
      name: "40 mg daily, up to 130 mg, is refused",
      s: { mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "DAILY" }, range: { mgMax: 130 } } as Schedule,
      codes: [],
      errors: ["The daily-equivalent dose at the top of its range is above 2 mg/kg/day, the label maximum."],
    },
    // Planned 80 mg every 2 days (0.67 mg/kg/day), every 1-2 days: 80 mg daily at the top, 1.33 mg/kg/day and 1.33 on a dosing day.
    {
      name: "80 mg every 1-2 days needs confirmation",
      s: { mgPerIntake: 80, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 }, range: { nMin: 1 } } as Schedule,
      codes: ["DAILY_EQUIVALENT_ABOVE_1_MG_KG"],
      errors: [],
    },
    // Planned 40 mg twice a week, 40-140 mg 1-3 times a week: 420 mg a week at the top = 1.00 mg/kg/day; 140 mg on a dosing day = 2.33 mg/kg.
    {
      name: "40-140 mg 1-3 times a week: a dosing day above 2 mg/kg needs confirmation",
      s: { mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "TIMES_PER_WEEK", timesPerWeek: 2 }, range: { mgMax: 140, nMin: 1, nMax: 3 } } as Schedule,
      codes: ["DOSING_DAY_ABOVE_2_MG_KG"],
      errors: [],
    },
  ])("a range regimen is checked at the most it allows: $name", ({ s, codes, errors }) => {
    const r = checkSchedule(s, 60_000, 10);
    expect(r.warnings.map((w) => w.code)).toEqual(codes);
    expect(r.errors).toEqual(errors);
  });

  it("says a figure just above a limit so that it reads above it, never rounded onto it", () => {
    // 60 / 59.9 = 1.001669 mg/kg/day: "1.002", not "1.00 mg/kg/day, above 1".
    expect(checkSchedule(daily(60), 59_900, 20).warnings).toEqual([
      { code: "DAILY_EQUIVALENT_ABOVE_1_MG_KG", message: "Daily-equivalent dose is 1.002 mg/kg/day, above 1 mg/kg/day." },
    ]);
    // 60 / 59.999 = 1.0000167: as many decimals as show it above 1.
    expect(checkSchedule(daily(60), 59_999, 20).warnings.map((w) => w.message)).toEqual(["Daily-equivalent dose is 1.00002 mg/kg/day, above 1 mg/kg/day."]);
    // 120 mg every other day at 59.9 kg: 60 mg a day on average (1.002 mg/kg/day), 120 mg on a dosing day (2.0033 mg/kg).
    const alternate: Schedule = { mgPerIntake: 120, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } };
    expect(checkSchedule(alternate, 59_900, 20).warnings.map((w) => w.message)).toEqual([
      "Daily-equivalent dose is 1.002 mg/kg/day, above 1 mg/kg/day.",
      "A dosing day gives 2.003 mg/kg, above 2 mg/kg.",
    ]);
    // Well above: two decimals as before (80 / 60 = 1.333...).
    expect(checkSchedule(daily(80), 60_000, 20).warnings.map((w) => w.message)).toEqual(["Daily-equivalent dose is 1.33 mg/kg/day, above 1 mg/kg/day."]);
  });

  it("figureAbove: two decimals unless they would read as the limit", () => {
    expect(figureAbove(1004, 1000)).toBe("1.004");
    expect(figureAbove(1005, 1000)).toBe("1.005");
    expect(figureAbove(1010, 1000)).toBe("1.01");
    expect(figureAbove(2400, 2000)).toBe("2.40");
    expect(figureAbove(1000.4, 1000)).toBe("1.0004");
  });
});
