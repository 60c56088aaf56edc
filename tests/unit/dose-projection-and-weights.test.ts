import { describe, expect, it } from "vitest";
import { clinicToday } from "@/lib/clinic";
import type { CourseInput, RegimenVersion } from "@/lib/domain/dosing/course-input";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";
import type { DosePattern } from "@/lib/domain/dosing/schedule";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";

/**
 * The cumulative-dose arithmetic (docs/DOMAIN.md "Cumulative dose"): the projection to the target, the
 * 28-day average of an ended course, the weight of a course's days, and patterns at their edges. Every
 * expected value is worked out by hand in the comment above it. 2026-01-05 is a Monday.
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

describe("projection to the target", () => {
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
    // Last day 31 Mar: 5 Jan - 31 Mar = 86 days x 40 = 3,440 mg < 7,200 (at the regimen: 3 Jul, after the end).
    const c = course({ regimens: [reg("2026-01-05", 40)], endDate: "2026-03-31" });
    expect(computeCourseDose(c, [], "2026-01-14").projectedTargetDate).toBeNull();
  });

  it("a course paused on the as-of day with its resume day recorded is projected from that day", () => {
    // 40 mg daily from 5 Jan, paused 10-19 Jan (back on 20 Jan), as of 14 Jan: 5 days = 200 mg, 7,000 left =
    // 175 doses from 20 Jan, the last on 20 Jan + 174 = 13 Jul.
    const c = course({ regimens: [reg("2026-01-05", 40)], pauses: [{ startDate: "2026-01-10", resumeDate: "2026-01-20" }] });
    const s = computeCourseDose(c, [], "2026-01-14");
    expect([s.totalMg, s.isPausedOnAsOf]).toEqual([200, true]);
    expect(s.projectedTargetDate).toBe("2026-07-13");
  });

  it("an every-other-day pattern starts again on the resume day of a pause recorded ahead", () => {
    // 20 mg every other day from Mon 5 Jan; as of 5 Jan: 20 mg, 7,180 left = 359 doses. 7, 9 Jan (2 doses); paused
    // 10-15 Jan, back on Fri 16 Jan (an off day of the old rhythm): 16 Jan + 2k, the 357th dose on 16 Jan + 712 =
    // 29 Dec 2027. Kept on the old rhythm (17 Jan + 2k) it would be 30 Dec 2027.
    const c = course({ regimens: [reg("2026-01-05", 20, EOD)], pauses: [{ startDate: "2026-01-10", resumeDate: "2026-01-16" }] });
    expect(computeCourseDose(c, [], "2026-01-05").projectedTargetDate).toBe("2027-12-29");
  });

  it("a course starting later is projected from its first day at its starting regimen", () => {
    // 40 mg daily from Mon 7 Dec 2026, as of 23 Nov: 7,200 / 40 = 180 doses, the first on 7 Dec,
    // the last on 7 Dec + 179 = 4 Jun 2027.
    const c = course({ startDate: "2026-12-07", regimens: [reg("2026-12-07", 40)] });
    const s = computeCourseDose(c, [], "2026-11-23");
    expect([s.totalMg, s.remainingMg]).toEqual([0, 7200]);
    expect(s.projectedTargetDate).toBe("2027-06-04");
  });

  it("counts a dose change recorded ahead from its effective day, as the cumulative dose will", () => {
    // 40 mg daily from 5 Jan, 80 mg daily from 24 Jan (recorded ahead); 60 kg x 120 = 7,200 mg. As of 14 Jan:
    // 10 days x 40 = 400 mg. 15-23 Jan: 9 x 40 = 360 mg (760); 6,440 left at 80 mg = 80.5, so the 81st dose
    // from 24 Jan: 24 Jan + 80 days = 14 Apr (760 + 81 x 80 = 7,240 >= 7,200; on 13 Apr 7,160).
    // At 40 mg throughout it would be 14 Jan + 170 = 3 Jul.
    const c = course({ regimens: [reg("2026-01-05", 40), reg("2026-01-24", 80)] });
    const s = computeCourseDose(c, [], "2026-01-14");
    expect(s.totalMg).toBe(400);
    expect(s.projectedTargetDate).toBe("2026-04-14");
    // Summed on to the projected day, the target is reached that day, not the day before.
    expect(computeCourseDose(c, [], "2026-04-14").remainingMg).toBe(0);
    expect(computeCourseDose(c, [], "2026-04-13").remainingMg).toBe(40);
  });

  it("a course paused on the as-of day that resumes at a new dose is projected at that dose", () => {
    // 40 mg daily from 5 Jan, paused 10-19 Jan, back on 20 Jan at 20 mg (the version dated 20 Jan). As of 14 Jan:
    // 5 x 40 = 200 mg, 7,000 left = 350 doses of 20 mg from 20 Jan: 20 Jan + 349 days = 4 Jan 2027.
    // At 40 mg it would be 175 doses, 13 Jul 2026.
    const c = course({ regimens: [reg("2026-01-05", 40), reg("2026-01-20", 20)], pauses: [{ startDate: "2026-01-10", resumeDate: "2026-01-20" }] });
    const s = computeCourseDose(c, [], "2026-01-14");
    expect(s.totalMg).toBe(200);
    expect(s.projectedTargetDate).toBe("2027-01-04");
  });
});

describe("28-day average of an ended course", () => {
  it("is over the course's own last 28 days, whatever the as-of date", () => {
    // 20 mg every other day from 5 Jan, last day 1 Feb (offsets 0-27): doses on offsets 0, 2, ..., 26 = 14 x 20
    // = 280 mg; 280 / 28 days / 60 kg = 0.166667 mg/kg/day, "low". A window back from the as-of date would average
    // 6 Jan - 1 Feb as of 2 Feb (13 doses, 260 mg / 27 days / 60 kg = 0.160494) and only 1 Feb (an off day) as of
    // 28 Feb: 0, "none".
    const c = course({ regimens: [reg("2026-01-05", 20, EOD)], endDate: "2026-02-01" });
    for (const asOf of ["2026-02-02", "2026-02-28", "2026-06-30"]) {
      const s = computeCourseDose(c, [], asOf);
      expect(s.totalMg, asOf).toBe(280);
      expect(s.avgMgPerKgPerDay28, asOf).toBeCloseTo(0.166667, 6);
      expect(s.doseClass, asOf).toBe("low");
    }
  });
});

describe("weight of a course's days", () => {
  // Start weight 60 kg; the patient was last weighed 70 kg a year before the course. 40 mg daily 5-14 Jan = 400 mg.
  const c = course({ regimens: [reg("2026-01-05", 40)] });
  const before = [{ date: "2025-01-05", grams: 70_000 }];

  it("per-day weight divides the days before any measurement in the course by the start weight", () => {
    // 400 / 60 = 6.666667 mg/kg, as the course-start policy gives (by the 70 kg from before: 5.714286).
    const s = computeCourseDose(c, before, "2026-01-14", PER_DAY);
    expect(s.mgPerKg).toBeCloseTo(6.666667, 6);
    expect(s.mgPerKgPerDayWeight).toBeCloseTo(s.mgPerKgStartWeight, 10);
  });

  it("no weight change is reported from a measurement older than the course", () => {
    // No measurement since the start: the weight has not moved (0 %), one figure only; the 28-day average
    // divides by 60 kg: 400 / 10 / 60 = 0.666667 (by 70 kg: 0.571429), and the remaining mg is 6,800.
    const s = computeCourseDose(c, before, "2026-01-14");
    expect(s.weightChangePercent).toBe(0);
    expect(s.showBothMethods).toBe(false);
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.666667, 6);
    expect(computeCourseDose(c, before, "2026-01-14", PER_DAY).remainingMg).toBe(6800);
  });
  it("a measurement within the course replaces the start weight from its day, one from before it never does", () => {
    // 70 kg a year before; 66 kg on 10 Jan. 5-9 Jan: 200 mg / 60 kg = 3.333333; 10-14 Jan: 200 mg / 66 kg =
    // 3.030303; per-day weight 6.363636 mg/kg. Moved (66 - 60) / 60 = 10 % > 5 %: both figures shown. Remaining at
    // 66 kg: 120 x 66 = 7,920 mg less the 220 + 200 mg counted at that weight = 7,500 mg.
    const weights = [...before, { date: "2026-01-10", grams: 66_000 }];
    const s = computeCourseDose(c, weights, "2026-01-14", PER_DAY);
    expect(s.mgPerKg).toBeCloseTo(6.363636, 6);
    expect(s.mgPerKgStartWeight).toBeCloseTo(6.666667, 6);
    expect([s.weightChangePercent, s.showBothMethods, s.remainingMg]).toEqual([10, true, 7500]);
    // The course-start policy: 400 / 60 = 6.666667 mg/kg, 7,200 - 400 = 6,800 mg remaining.
    const byStart = computeCourseDose(c, weights, "2026-01-14");
    expect([byStart.mgPerKg, byStart.remainingMg, byStart.showBothMethods]).toEqual([byStart.mgPerKgStartWeight, 6800, true]);
  });
});

describe("patterns, days and rounding at their edges", () => {
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
