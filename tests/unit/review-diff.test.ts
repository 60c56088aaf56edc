import { describe, expect, it } from "vitest";
import type { CourseInput, RegimenVersion } from "@/lib/domain/dosing/course-input";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";

/**
 * Review of the day's changes. "The projection to the target counts the same way [as the cumulative
 * dose]" (docs/DOMAIN.md "Cumulative dose"); a dose change may be dated ahead (the peak-dose labs already
 * count "a scheduled (future-dated) increase"), and the cumulative dose counts it from its day. Expected
 * values by hand; 2026-01-05 is a Monday.
 */
let seq = 0;
const reg = (effectiveFrom: string, mgPerIntake: number): RegimenVersion => ({
  id: `r${++seq}`,
  effectiveFrom,
  mgPerIntake,
  intakesPerDay: 1,
  pattern: { kind: "DAILY" },
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

describe("projection to the target with a dose change recorded ahead", () => {
  it("counts the new dose from its day, as the cumulative dose will", () => {
    // 40 mg daily from 5 Jan, 80 mg daily from 24 Jan (recorded ahead); 60 kg x 120 = 7,200 mg. As of 14 Jan:
    // 10 days x 40 = 400 mg. 15-23 Jan: 9 x 40 = 360 mg (760); 6,440 left at 80 mg = 80.5, so the 81st dose
    // from 24 Jan: 24 Jan + 80 days = 14 Apr (760 + 81 x 80 = 7,240 >= 7,200; on 13 Apr 7,160).
    // At 40 mg throughout (what the code does): 14 Jan + 170 = 3 Jul.
    const c = course({ regimens: [reg("2026-01-05", 40), reg("2026-01-24", 80)] });
    const s = computeCourseDose(c, [], "2026-01-14");
    expect(s.totalMg).toBe(400);
    expect(s.projectedTargetDate).toBe("2026-04-14");
    // The check the projection promises: summed on to the projected day, the target is reached that day, not the day before.
    expect(computeCourseDose(c, [], "2026-04-14").remainingMg).toBe(0);
    expect(computeCourseDose(c, [], "2026-04-13").remainingMg).toBe(40);
  });

  it("a course paused on the as-of day that resumes at a new dose is projected at that dose", () => {
    // 40 mg daily from 5 Jan, paused 10-19 Jan, back on 20 Jan at 20 mg (the version dated 20 Jan). As of 14 Jan:
    // 5 x 40 = 200 mg, 7,000 left = 350 doses of 20 mg from 20 Jan: 20 Jan + 349 days = 4 Jan 2027.
    // At 40 mg (what the code does): 175 doses, 13 Jul 2026.
    const c = course({ regimens: [reg("2026-01-05", 40), reg("2026-01-20", 20)], pauses: [{ startDate: "2026-01-10", resumeDate: "2026-01-20" }] });
    const s = computeCourseDose(c, [], "2026-01-14");
    expect(s.totalMg).toBe(200);
    expect(s.projectedTargetDate).toBe("2027-01-04");
  });
});
