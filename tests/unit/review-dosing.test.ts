import { describe, expect, it } from "vitest";
import { clinicToday } from "@/lib/clinic";
import type { CourseInput, RegimenVersion } from "@/lib/domain/dosing/course-input";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";
import type { DosePattern } from "@/lib/domain/dosing/schedule";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";

/**
 * Review of the cumulative-dose arithmetic (docs/DOMAIN.md "Cumulative dose"). Every expected value is
 * worked out by hand in the comment above it. 2026-01-05 is a Monday.
 */
let seq = 0;
const reg = (effectiveFrom: string, mgPerIntake: number, pattern: DosePattern = { kind: "DAILY" }): RegimenVersion => ({
  id: `v${++seq}`,
  effectiveFrom,
  mgPerIntake,
  intakesPerDay: 1,
  pattern,
  sequence: seq,
});
const course = (over: Partial<CourseInput>): CourseInput => ({
  startDate: "2026-01-05",
  endDate: null,
  startWeightGrams: 60_000,
  targetMgPerKg: 120,
  regimens: [],
  pauses: [],
  missedDates: [],
  ...over,
});
const PER_DAY = { ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" as const };
const EOD: DosePattern = { kind: "EVERY_N_DAYS", everyNDays: 2 };

describe("projection to the target (defects)", () => {
  it("skips the days of a pause recorded ahead", () => {
    // 40 mg daily from 5 Jan, 60 kg x 120 = 7,200 mg. As of 14 Jan: 10 days = 400 mg, 6,800 left = 170 doses.
    // Without a pause: 14 Jan + 170 = 3 Jul. Paused 1-7 Feb (resume 8 Feb, recorded ahead): 7 days later, 10 Jul.
    const c = course({ regimens: [reg("2026-01-05", 40)], pauses: [{ startDate: "2026-02-01", resumeDate: "2026-02-08" }] });
    expect(computeCourseDose(c, [], "2026-01-14").projectedTargetDate).toBe("2026-07-10");
  });

  it("is null when an open pause recorded ahead stops the course before the target", () => {
    // Paused from 1 Feb with no resume: 400 + 17 x 40 (15-31 Jan) = 1,080 mg at most, never 7,200.
    const c = course({ regimens: [reg("2026-01-05", 40)], pauses: [{ startDate: "2026-02-01", resumeDate: null }] });
    expect(computeCourseDose(c, [], "2026-01-14").projectedTargetDate).toBeNull();
  });

  it("is null when the course's last day, recorded ahead, comes before the target", () => {
    // Last day 31 Mar: 5 Jan - 31 Mar = 86 days x 40 = 3,440 mg < 7,200. The code projects 3 Jul, after the end.
    const c = course({ regimens: [reg("2026-01-05", 40)], endDate: "2026-03-31" });
    expect(computeCourseDose(c, [], "2026-01-14").projectedTargetDate).toBeNull();
  });

  it("a course starting later is projected from its first day at its starting regimen", () => {
    // 40 mg daily from Mon 7 Dec 2026, as of 23 Nov: 7,200 / 40 = 180 doses, the first on 7 Dec,
    // the last on 7 Dec + 179 = 4 Jun 2027 (computeCourseDose's own max(asOf, start - 1) intends this).
    const c = course({ startDate: "2026-12-07", regimens: [reg("2026-12-07", 40)] });
    const s = computeCourseDose(c, [], "2026-11-23");
    expect([s.totalMg, s.remainingMg]).toEqual([0, 7200]);
    expect(s.projectedTargetDate).toBe("2027-06-04");
  });
});

describe("28-day average of an ended course (defect)", () => {
  it("is over the course's own last 28 days, whatever the as-of date", () => {
    // 20 mg every other day from 5 Jan, last day 1 Feb (offsets 0-27): doses on offsets 0, 2, ..., 26 = 14 x 20
    // = 280 mg; 280 / 28 days / 60 kg = 0.166667 mg/kg/day, "low". The code's window ends on the as-of date: as of
    // 2 Feb it averages 6 Jan - 1 Feb (13 doses, 260 mg / 27 days / 60 kg = 0.160494), as of 28 Feb only 1 Feb (an off
    // day): 0, "none". The figure of a finished course drifts with the calendar and ends as "none".
    const c = course({ regimens: [reg("2026-01-05", 20, EOD)], endDate: "2026-02-01" });
    for (const asOf of ["2026-02-02", "2026-02-28", "2026-06-30"]) {
      const s = computeCourseDose(c, [], asOf);
      expect(s.totalMg, asOf).toBe(280);
      expect(s.avgMgPerKgPerDay28, asOf).toBeCloseTo(0.166667, 6);
      expect(s.doseClass, asOf).toBe("low");
    }
  });
});

describe("weight of a course's days (defect)", () => {
  // Start weight 60 kg; the patient was last weighed 70 kg a year before the course. 40 mg daily 5-14 Jan = 400 mg.
  const c = course({ regimens: [reg("2026-01-05", 40)] });
  const before = [{ date: "2025-01-05", grams: 70_000 }];

  it("per-day weight divides the days before any measurement in the course by the start weight", () => {
    // 400 / 60 = 6.666667 mg/kg, as the course-start policy gives; the code divides by 70: 5.714286.
    const s = computeCourseDose(c, before, "2026-01-14", PER_DAY);
    expect(s.mgPerKg).toBeCloseTo(6.666667, 6);
    expect(s.mgPerKgPerDayWeight).toBeCloseTo(s.mgPerKgStartWeight, 10);
  });

  it("no weight change is reported from a measurement older than the course", () => {
    // No measurement since the start: the weight has not moved (0 %), one figure only; the 28-day average
    // divides by 60 kg: 400 / 10 / 60 = 0.666667 (the code: / 70 = 0.571429), and the remaining mg is 6,800.
    const s = computeCourseDose(c, before, "2026-01-14");
    expect(s.weightChangePercent).toBe(0);
    expect(s.showBothMethods).toBe(false);
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.666667, 6);
    expect(computeCourseDose(c, before, "2026-01-14", PER_DAY).remainingMg).toBe(6800);
  });
});

describe("probes that hold (not covered elsewhere)", () => {
  it("a dose change dated on an off day of an every-other-day pattern doses that day", () => {
    // 20 mg on 5, 7 Jan; 30 mg every other day from Thu 8 Jan (DOMAIN: counts from its effective day): 8, 10, 12.
    // 40 + 90 = 130 mg.
    const c = course({ regimens: [reg("2026-01-05", 20, EOD), reg("2026-01-08", 30, EOD)] });
    expect(computeCourseDose(c, [], "2026-01-12").totalMg).toBe(130);
  });

  it("a weekly dose changed mid-week takes its new day", () => {
    // 20 mg once a week from Mon 5 Jan; 30 mg once a week from Thu 8 Jan: 5 Jan (20), 8 and 15 Jan (30 each) = 80 mg.
    const w: DosePattern = { kind: "TIMES_PER_WEEK", timesPerWeek: 1 };
    const c = course({ regimens: [reg("2026-01-05", 20, w), reg("2026-01-08", 30, w)] });
    expect(computeCourseDose(c, [], "2026-01-18").totalMg).toBe(80);
  });

  it("three times a week from a Thursday spreads over 7-day blocks from the start, across calendar weeks", () => {
    // Offsets 0, 3, 5 of each block: Thu 8, Sun 11, Tue 13, Thu 15, Sun 18 Jan = 5 x 10 = 50 mg.
    const c = course({ startDate: "2026-01-08", regimens: [reg("2026-01-08", 10, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 })] });
    const s = computeCourseDose(c, [], "2026-01-18");
    expect([s.totalMg, s.dosesCounted]).toEqual([50, 5]);
  });

  it("a missed dose on a day with no dose changes nothing", () => {
    // Every other day from 5 Jan: 5, 7, 9 Jan = 60 mg, 3 doses; 6 Jan marked missed.
    const c = course({ regimens: [reg("2026-01-05", 20, EOD)], missedDates: ["2026-01-06"] });
    const s = computeCourseDose(c, [], "2026-01-10");
    expect([s.totalMg, s.dosesCounted]).toEqual([60, 3]);
  });

  it("the autumn DST change neither adds nor drops a day; the clinic's day turns at its midnight", () => {
    // 10 mg daily 25 Oct - 7 Nov 2026 (US DST ends 1 Nov): 14 days = 140 mg.
    const c = course({ startDate: "2026-10-25", regimens: [reg("2026-10-25", 10)] });
    expect(computeCourseDose(c, [], "2026-11-07").totalMg).toBe(140);
    expect(clinicToday(new Date("2026-11-01T04:30:00Z"))).toBe("2026-11-01"); // 00:30 EDT
    expect(clinicToday(new Date("2026-11-02T04:30:00Z"))).toBe("2026-11-01"); // 23:30 EST
    expect(clinicToday(new Date("2026-11-02T05:30:00Z"))).toBe("2026-11-02"); // 00:30 EST
  });

  it("an odd weight's target rounds up to whole mg and the last mg is still remaining", () => {
    // 61,234 g x 150 = 9,185.1 mg -> 9,186 mg. 9,185 mg taken on 5 Jan: 1 mg left, target not reached.
    const c = course({ startWeightGrams: 61_234, targetMgPerKg: 150, regimens: [reg("2026-01-05", 9185)] });
    const s = computeCourseDose(c, [], "2026-01-05");
    expect([s.targetMg, s.remainingMg, s.targetReachedOn]).toEqual([9186, 1, null]);
  });
});
