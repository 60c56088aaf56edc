import { describe, expect, it } from "vitest";
import type { CourseInput, RegimenVersion } from "./course-input";
import { computeCourseDose, targetMgFor } from "./cumulative";
import { lifetimeTotals } from "./target-standing";
import { DEFAULT_DOSING_SETTINGS } from "./settings";
import type { DosePattern } from "./schedule";

let seq = 0;
function regimen(effectiveFrom: string, mgPerIntake: number, pattern: DosePattern = { kind: "DAILY" }, extra: Partial<RegimenVersion> = {}): RegimenVersion {
  seq += 1;
  return { id: `r${seq}`, effectiveFrom, mgPerIntake, intakesPerDay: 1, pattern, sequence: seq, ...extra };
}

function course(over: Partial<CourseInput>): CourseInput {
  return { startDate: "2026-01-05", endDate: null, startWeightGrams: 60_000, targetMgPerKg: 120, regimens: [], pauses: [], missedDates: [], ...over };
}

describe("cumulative dose, hand-computed cases", () => {
  it.each([
    // 20 mg every other day for 16 weeks (112 days, days 0,2,...,110): 56 doses x 20 = 1,120 mg; 1,120 / 60 kg
    {
      name: "20 mg every other day, 16 weeks",
      pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } as DosePattern,
      mg: 20,
      asOf: "2026-04-26",
      expected: 1120,
      mgPerKg: 18.6667,
    },
    // 2026-01-05 is a Monday; 4 weeks of Mon/Wed/Fri = 12 doses x 10 = 120 mg
    {
      name: "10 mg Mon/Wed/Fri, 4 weeks",
      pattern: { kind: "WEEKDAYS", weekdays: [1, 3, 5] } as DosePattern,
      mg: 10,
      asOf: "2026-02-01",
      expected: 120,
      mgPerKg: 2,
    },
    // 5 mg daily for 30 days = 150 mg
    { name: "5 mg daily, 30 days", pattern: { kind: "DAILY" } as DosePattern, mg: 5, asOf: "2026-02-03", expected: 150, mgPerKg: 2.5 },
    // 10 mg 3x a week, 3 weeks = 9 doses = 90 mg
    {
      name: "10 mg 3x a week, 3 weeks",
      pattern: { kind: "TIMES_PER_WEEK", timesPerWeek: 3 } as DosePattern,
      mg: 10,
      asOf: "2026-01-25",
      expected: 90,
      mgPerKg: 1.5,
    },
    // Pulse 1 week on in 4, 40 mg, 8 weeks = 14 dosing days x 40 = 560 mg
    {
      name: "pulse 7 on / 21 off, 8 weeks",
      pattern: { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 } as DosePattern,
      mg: 40,
      asOf: "2026-03-01",
      expected: 560,
      mgPerKg: 9.3333,
    },
  ])("$name = $expected mg", ({ pattern, mg, asOf, expected, mgPerKg }) => {
    const c = course({ regimens: [regimen("2026-01-05", mg, pattern)] });
    const s = computeCourseDose(c, [], asOf);
    expect(s.totalMg).toBe(expected);
    expect(s.mgPerKg).toBeCloseTo(mgPerKg, 4);
  });

  it("counts two intakes a day", () => {
    const c = course({ regimens: [{ ...regimen("2026-01-05", 20), intakesPerDay: 2 }] });
    expect(computeCourseDose(c, [], "2026-01-14").totalMg).toBe(400);
  });

  it("applies a dose increase mid-course from its effective date", () => {
    // 20 mg daily Jan 5-Feb 1 (28 days = 560), then 40 mg from Feb 2 to Feb 15 (14 days = 560)
    const c = course({ regimens: [regimen("2026-01-05", 20), regimen("2026-02-02", 40)] });
    const s = computeCourseDose(c, [], "2026-02-15");
    expect(s.totalMg).toBe(1120);
    expect(s.currentRegimen?.mgPerIntake).toBe(40);
  });

  it("counts 0 for a 2-week pause and for missed days", () => {
    // 30 days of 20 mg from Jan 5 to Feb 3, minus 14 paused days, minus 2 missed = 14 days = 280 mg
    const c = course({
      regimens: [regimen("2026-01-05", 20)],
      pauses: [{ startDate: "2026-01-10", resumeDate: "2026-01-24" }],
      missedDates: ["2026-01-06", "2026-01-30"],
    });
    expect(computeCourseDose(c, [], "2026-02-03").totalMg).toBe(280);
  });

  describe("after a pause, an interval pattern starts again on the resume day", () => {
    // Mon 5 Jan: doses 5 and 7 Jan; paused 8-11 Jan; back on Mon 12 Jan (odd day from the start): 12 and 14 Jan.
    // Counted from the start's phase instead, the resume day would be skipped and only 13 Jan counted.
    it("20 mg every other day: 5, 7, 12, 14 Jan = 80 mg", () => {
      const c = course({
        regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 })],
        pauses: [{ startDate: "2026-01-08", resumeDate: "2026-01-12" }],
      });
      expect(computeCourseDose(c, [], "2026-01-14").totalMg).toBe(80);
    });

    // 7 on / 21 off from 5 Jan: 5-6 Jan taken, paused 7-19 Jan, back on 20 Jan: a new 7-day block 20-26 Jan.
    // 9 days x 40 = 360 mg (the start's phase would put 20-26 Jan in the off weeks: 80 mg).
    it("40 mg 7 days on / 21 off: 2 + 7 days = 360 mg", () => {
      const c = course({
        regimens: [regimen("2026-01-05", 40, { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 })],
        pauses: [{ startDate: "2026-01-07", resumeDate: "2026-01-20" }],
      });
      expect(computeCourseDose(c, [], "2026-01-26").totalMg).toBe(360);
    });

    // 3x a week from 5 Jan (days 0, 3, 5 of each block): 5 Jan taken, paused 6-12 Jan, back on Tue 13 Jan:
    // 13, 16, 18 Jan. 4 doses x 10 = 40 mg (the start's blocks would count 15 and 17 Jan: 30 mg).
    it("10 mg 3x a week: 5, 13, 16, 18 Jan = 40 mg", () => {
      const c = course({
        regimens: [regimen("2026-01-05", 10, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 })],
        pauses: [{ startDate: "2026-01-06", resumeDate: "2026-01-13" }],
      });
      expect(computeCourseDose(c, [], "2026-01-18").totalMg).toBe(40);
    });

    // 60 mg by 12 Jan (5, 7, 12 Jan); 7,200 mg target at 60 kg: 7,140 mg more = 357 doses every other day
    // after 12 Jan, the last on 12 Jan + 714 days = 27 Dec 2027.
    it("projects the target date from the resumed phase", () => {
      const c = course({
        regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 })],
        pauses: [{ startDate: "2026-01-08", resumeDate: "2026-01-12" }],
      });
      const s = computeCourseDose(c, [], "2026-01-12");
      expect(s.totalMg).toBe(60);
      expect(s.projectedTargetDate).toBe("2027-12-27");
    });

    it("chosen weekdays stay on their weekdays", () => {
      // Mon/Wed/Fri from Mon 5 Jan; paused 6-12 Jan; back on Tue 13 Jan: Wed 14 and Fri 16 Jan. 3 x 10 = 30 mg.
      const c = course({
        regimens: [regimen("2026-01-05", 10, { kind: "WEEKDAYS", weekdays: [1, 3, 5] })],
        pauses: [{ startDate: "2026-01-06", resumeDate: "2026-01-13" }],
      });
      expect(computeCourseDose(c, [], "2026-01-16").totalMg).toBe(30);
    });

    it("a dose change dated after the resume day keeps its own date as the start of its pattern", () => {
      // Every other day from 5 Jan; paused 8-11 Jan; back 12 Jan (12, 14 Jan); 40 mg every 3 days from Thu 15 Jan:
      // 15, 18 Jan. 20 x 4 + 40 x 2 = 160 mg.
      const c = course({
        regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 }), regimen("2026-01-15", 40, { kind: "EVERY_N_DAYS", everyNDays: 3 })],
        pauses: [{ startDate: "2026-01-08", resumeDate: "2026-01-12" }],
      });
      expect(computeCourseDose(c, [], "2026-01-19").totalMg).toBe(160);
    });
  });

  it("an ongoing pause stops accumulation and projection", () => {
    const c = course({ regimens: [regimen("2026-01-05", 20)], pauses: [{ startDate: "2026-01-15", resumeDate: null }] });
    const s = computeCourseDose(c, [], "2026-03-01");
    expect(s.totalMg).toBe(200);
    expect(s.isPausedOnAsOf).toBe(true);
    expect(s.projectedTargetDate).toBeNull();
  });

  it("stops at the course end date", () => {
    const c = course({ regimens: [regimen("2026-01-05", 20)], endDate: "2026-01-14" });
    const s = computeCourseDose(c, [], "2026-06-01");
    expect(s.totalMg).toBe(200);
    expect(s.projectedTargetDate).toBeNull();
  });

  it("a correction supersedes the version it replaces; same-day later version wins", () => {
    const wrong = regimen("2026-01-05", 40);
    const fixed = regimen("2026-01-05", 20, { kind: "DAILY" }, { supersedesId: wrong.id });
    const c = course({ regimens: [wrong, fixed] });
    expect(computeCourseDose(c, [], "2026-01-14").totalMg).toBe(200);
    const sameDay = course({ regimens: [regimen("2026-01-05", 40), regimen("2026-01-05", 10)] });
    expect(computeCourseDose(sameDay, [], "2026-01-14").totalMg).toBe(100);
  });

  it("shows both mg/kg methods when weight moves more than 5 %", () => {
    // 60 kg for 10 days of 60 mg (600 mg), then 50 kg for 10 days (600 mg)
    const c = course({ startDate: "2026-01-05", regimens: [regimen("2026-01-05", 60)] });
    const weights = [{ date: "2026-01-15", grams: 50_000 }];
    const s = computeCourseDose(c, weights, "2026-01-24");
    expect(s.totalMg).toBe(1200);
    expect(s.mgPerKgStartWeight).toBeCloseTo(20, 10);
    expect(s.mgPerKgPerDayWeight).toBeCloseTo(10 + 12, 10);
    expect(s.showBothMethods).toBe(true);
    expect(s.weightChangePercent).toBeCloseTo(-16.6667, 3);
    const perDay = computeCourseDose(c, weights, "2026-01-24", { ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" });
    expect(perDay.mgPerKg).toBeCloseTo(22, 10);
    expect(computeCourseDose(c, [{ date: "2026-01-15", grams: 58_000 }], "2026-01-24").showBothMethods).toBe(false);
  });

  it("an ended course is judged by the weights of its own days, not by one measured after it", () => {
    // 20 mg daily 5-14 Jan at 60 kg: 200 mg = 3.3333 mg/kg. Weighed 70 kg on 18 Jan, after the end.
    const c = course({ regimens: [regimen("2026-01-05", 20)], endDate: "2026-01-14" });
    const weights = [
      { date: "2026-01-05", grams: 60_000 },
      { date: "2026-01-18", grams: 70_000 },
    ];
    const perDay = { ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" as const };
    for (const settings of [DEFAULT_DOSING_SETTINGS, perDay]) {
      const s = computeCourseDose(c, weights, "2026-01-20", settings);
      expect(s.mgPerKg).toBeCloseTo(3.3333, 4);
      // The weight did not move during the course: no second figure, no change.
      expect(s.showBothMethods).toBe(false);
      expect(s.weightChangePercent).toBe(0);
      // 7,200 mg at 60 kg less the 200 taken (at 70 kg it would read 8,167).
      expect(s.remainingMg).toBe(7000);
      // 200 mg over the 10 days 5-14 Jan at 60 kg.
      expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.333333, 6);
    }
  });

  it("crosses a DST change and a leap day without gaining or losing a day", () => {
    // 2028-02-20 .. 2028-03-20 is 30 days including Feb 29 and the US DST start (Mar 12)
    const c = course({ startDate: "2028-02-20", regimens: [regimen("2028-02-20", 10)] });
    expect(computeCourseDose(c, [], "2028-03-20").totalMg).toBe(300);
  });

  it.each([
    { kg: 59, target: 120, mg: 7080 },
    { kg: 68, target: 150, mg: 10200 },
    { kg: 59, target: 150, mg: 8850 },
    { kg: 68, target: 120, mg: 8160 },
  ])("$kg kg at $target mg/kg needs $mg mg", ({ kg, target, mg }) => {
    expect(targetMgFor(kg * 1000, target)).toBe(mg);
    const c = course({ startWeightGrams: kg * 1000, targetMgPerKg: target, regimens: [regimen("2026-01-05", 40)] });
    expect(computeCourseDose(c, [], "2026-01-05").targetMg).toBe(mg);
  });

  it("projects the date the target is reached at the current regimen", () => {
    // 60 kg x 120 = 7,200 mg. 40 mg daily from Jan 5: 10 days by Jan 14 = 400; 6,800 left = 170 more days.
    const c = course({ regimens: [regimen("2026-01-05", 40)] });
    const s = computeCourseDose(c, [], "2026-01-14");
    expect(s.remainingMg).toBe(6800);
    expect(s.projectedTargetDate).toBe("2026-07-03");
  });

  it("projects an intermittent schedule exactly", () => {
    // 20 mg every other day from Jan 5 (dosing on even offsets). Target 60 kg x 120 = 7,200 mg = 360 doses;
    // the 360th dose is at offset 718: 365 days to 2027-01-05, then 353 more.
    const c = course({ regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 })] });
    const s = computeCourseDose(c, [], "2026-01-05");
    expect(s.totalMg).toBe(20);
    expect(s.projectedTargetDate).toBe("2027-12-24");
  });

  it("records the day the target was reached", () => {
    // 10 kg x 120 = 1,200 mg, reached by the 12th daily 100 mg dose; 28 days = 2,800 mg = 280 mg/kg = 233.3 %.
    const c = course({ startWeightGrams: 10_000, targetMgPerKg: 120, regimens: [regimen("2026-01-05", 100)] });
    const s = computeCourseDose(c, [], "2026-02-01");
    expect(s.targetReachedOn).toBe("2026-01-16");
    expect(s.remainingMg).toBe(0);
    expect(s.totalMg).toBe(2800);
    expect(s.progressPercent).toBeCloseTo(233.3333, 4);
  });

  it.each([
    { mg: 5, pattern: { kind: "DAILY" } as DosePattern, avg: 0.083333, cls: "micro" }, // 140 mg / 28 d / 60 kg
    { mg: 20, pattern: { kind: "DAILY" } as DosePattern, avg: 0.333333, cls: "low" }, // 560 mg / 28 d / 60 kg
    { mg: 20, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } as DosePattern, avg: 0.166667, cls: "low" }, // 280 mg / 28 d / 60 kg
    { mg: 40, pattern: { kind: "DAILY" } as DosePattern, avg: 0.666667, cls: "standard" }, // 1,120 mg
    { mg: 60, pattern: { kind: "DAILY" } as DosePattern, avg: 1, cls: "standard" }, // 1,680 mg: 1.0 exactly
    { mg: 80, pattern: { kind: "DAILY" } as DosePattern, avg: 1.333333, cls: "high" }, // 2,240 mg
  ])("classifies $mg mg $pattern.kind by the 28-day average", ({ mg, pattern, avg, cls }) => {
    const c = course({ regimens: [regimen("2026-01-05", mg, pattern)] });
    const s = computeCourseDose(c, [], "2026-02-01"); // exactly 28 days on course
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(avg, 6);
    expect(s.doseClass).toBe(cls);
  });

  it("a daily course younger than 28 days averages its daily dose from day 1", () => {
    // 20 mg daily Jan 5-18: 280 mg / 14 days / 60 kg
    const s = computeCourseDose(course({ regimens: [regimen("2026-01-05", 20)] }), [], "2026-01-18");
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.333333, 6);
    expect(s.doseClass).toBe("low");
  });

  describe("a course younger than 28 days is classed by whole cycles of its regimen", () => {
    // docs/DOMAIN.md "Cumulative dose": the days so far, the cycle in progress completed as scheduled.
    it("10 mg 3x a week at 70 kg, started today (a dose day): 30 mg / 7 days / 70 kg = 0.0612, micro-dose", () => {
      const c = course({ startWeightGrams: 70_000, regimens: [regimen("2026-01-05", 10, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 })] });
      const s = computeCourseDose(c, [], "2026-01-05");
      expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.061224, 6);
      expect(s.avgMgPerKgPerDay28.toFixed(2)).toBe("0.06");
      expect(s.doseClass).toBe("micro");
      expect(s.averageDaysSoFar).toBe(1);
      expect(s.regimenMgPerKgPerDay).toBeCloseTo(0.061224, 6);
    });

    it("20 mg every other day at 60 kg, on day 1: 20 mg / 2 days / 60 kg = 0.1667, not 0.33", () => {
      const c = course({ regimens: [regimen("2026-01-05", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 })] });
      const s = computeCourseDose(c, [], "2026-01-05");
      expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.166667, 6);
      expect(s.avgMgPerKgPerDay28.toFixed(2)).toBe("0.17");
      expect(s.doseClass).toBe("low");
    });

    it("20 mg daily at 70 kg: 20 / 70 = 0.2857 from day 1", () => {
      const c = course({ startWeightGrams: 70_000, regimens: [regimen("2026-01-05", 20)] });
      for (const asOf of ["2026-01-05", "2026-01-06", "2026-01-20", "2026-01-31"]) {
        const s = computeCourseDose(c, [], asOf);
        expect(s.avgMgPerKgPerDay28, asOf).toBeCloseTo(0.285714, 6);
        expect(s.avgMgPerKgPerDay28.toFixed(2), asOf).toBe("0.29");
        expect(s.doseClass, asOf).toBe("low");
      }
    });
  });

  it("sums lifetime totals across courses", () => {
    const a = computeCourseDose(course({ regimens: [regimen("2026-01-05", 20)], endDate: "2026-01-14" }), [], "2026-06-01");
    const b = computeCourseDose(course({ startDate: "2026-03-02", regimens: [regimen("2026-03-02", 10)], endDate: "2026-03-11" }), [], "2026-06-01");
    expect(lifetimeTotals([a, b])).toEqual({ totalMg: 300, mgPerKg: 5 });
  });

  it("counts nothing before the first regimen or before the start", () => {
    const c = course({ regimens: [regimen("2026-01-10", 20)] });
    expect(computeCourseDose(c, [], "2026-01-14").totalMg).toBe(100);
    expect(computeCourseDose(c, [], "2026-01-01").totalMg).toBe(0);
  });
});

describe("the chart series", () => {
  it("has a point per week and at the as-of date, and leaving it out changes no other figure", () => {
    const c = course({ regimens: [regimen("2026-01-05", 20), regimen("2026-02-02", 40)], pauses: [{ startDate: "2026-02-10", resumeDate: "2026-02-15" }] });
    const weights = [{ date: "2026-02-01", grams: 66_000 }];
    const settings = { ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" as const };
    const full = computeCourseDose(c, weights, "2026-03-03", settings);
    const lean = computeCourseDose(c, weights, "2026-03-03", settings, { series: false });
    expect(full.series.map((p) => p.date)).toEqual([
      "2026-01-11",
      "2026-01-18",
      "2026-01-25",
      "2026-02-01",
      "2026-02-08",
      "2026-02-15",
      "2026-02-22",
      "2026-03-01",
      "2026-03-03",
    ]);
    // Per-day weight: 540 mg over 60 kg to Jan 31, then each day's mg over 66 kg (20 on Feb 1, 40 from Feb 2,
    // nothing Feb 10-14): 9 + 20/66, 9 + 300/66, 9 + 380/66, 9 + 660/66, 9 + 940/66, 9 + 1,020/66.
    const expected = [2.3333, 4.6667, 7, 9.30303, 13.545455, 14.757576, 19, 23.242424, 24.454545];
    full.series.forEach((p, i) => expect(p.mgPerKg, p.date).toBeCloseTo(expected[i]!, 4));
    expect(full.totalMg).toBe(1560);
    expect(full.mgPerKg).toBeCloseTo(24.454545, 5);
    expect(lean.series).toEqual([]);
    expect({ ...lean, series: full.series }).toEqual(full);
  });
});
