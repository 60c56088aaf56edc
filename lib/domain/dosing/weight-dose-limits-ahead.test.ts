import { describe, expect, it } from "vitest";
import type { RegimenVersion } from "./course-input";
import type { Schedule } from "./schedule";
import {
  courseDoseLimitFindings,
  dosesAhead,
  newDoseLimitFindings,
  WEIGHT_DOSE_LIMIT_CODE,
  WEIGHT_DOSE_MAXIMUM_CODE,
  weightDoseLimitWarning,
} from "./weight-dose-limits";

/**
 * The confirmation's code by the highest limit it says, each finding said once, and the dose changes scheduled
 * ahead as the course card says them. Today is 23 Nov 2026; the figures are worked out by hand beside each case.
 */
const TODAY = "2026-11-23";
const daily = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" } });
const version = (id: string, effectiveFrom: string, mg: number, sequence: number): RegimenVersion => ({ ...daily(mg), id, effectiveFrom, sequence });
const TAIL = " Tell the prescriber; the dose is not changed.";

describe("the code of a weight's confirmation says whether a dose is above the label maximum", () => {
  it("above 1 mg/kg/day only (60 mg at 50 kg, 1.20): WEIGHT_PUTS_DOSE_ABOVE_LIMIT", () => {
    const found = newDoseLimitFindings([{ courseId: "c", schedule: daily(60), gramsBefore: 60_000, gramsAfter: 50_000 }]);
    expect(weightDoseLimitWarning(found)).toEqual({
      code: "WEIGHT_PUTS_DOSE_ABOVE_LIMIT",
      message: `At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.${TAIL}`,
    });
  });

  it("above the label maximum (110 mg at 50 kg, 2.20; 1.83 at 60 kg): WEIGHT_PUTS_DOSE_ABOVE_MAXIMUM, not the lesser code", () => {
    const found = newDoseLimitFindings([{ courseId: "c", schedule: daily(110), gramsBefore: 60_000, gramsAfter: 50_000 }]);
    expect(weightDoseLimitWarning(found)).toEqual({
      code: "WEIGHT_PUTS_DOSE_ABOVE_MAXIMUM",
      message: `At 50 kg the current dose, 110 mg daily, is 2.20 mg/kg/day, above 2 mg/kg/day, the label maximum.${TAIL}`,
    });
    expect(WEIGHT_DOSE_MAXIMUM_CODE).not.toBe(WEIGHT_DOSE_LIMIT_CODE);
  });

  it("one dose above the maximum among others above 1 mg/kg/day gives the whole confirmation the maximum's code", () => {
    // Today 60 mg at 50 kg: 1.20. From 1 Dec 110 mg: 2.20. At 70 kg before: 0.86 and 1.57.
    const found = newDoseLimitFindings([
      { courseId: "c", schedule: daily(60), gramsBefore: 70_000, gramsAfter: 50_000 },
      { courseId: "c", schedule: daily(110), gramsBefore: 70_000, gramsAfter: 50_000, from: "2026-12-01" },
    ]);
    expect(weightDoseLimitWarning(found)?.code).toBe(WEIGHT_DOSE_MAXIMUM_CODE);
  });
});

describe("each distinct finding once", () => {
  it("a change ahead with today's schedule (60 mg from 1 Dec, after 80 mg from 26 Nov) is not said a second time", () => {
    // At 50 kg: 60 mg 1.20, 80 mg 1.60 mg/kg/day; at 70 kg 0.86 and 1.14 (80 mg already above 1 before: not new).
    const found = newDoseLimitFindings([
      { courseId: "c", schedule: daily(60), gramsBefore: 70_000, gramsAfter: 50_000 },
      { courseId: "c", schedule: daily(80), gramsBefore: 70_000, gramsAfter: 50_000, from: "2026-11-26" },
      { courseId: "c", schedule: daily(60), gramsBefore: 70_000, gramsAfter: 50_000, from: "2026-12-01" },
    ]);
    expect(weightDoseLimitWarning(found)?.message).toBe(`At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.${TAIL}`);
  });

  it("from the course's versions: a version ahead repeating today's dose is one finding, a different dose ahead is its own", () => {
    const course = {
      startDate: "2026-10-01",
      endDate: null,
      regimens: [version("a", "2026-10-01", 60, 0), version("b", "2026-12-01", 60, 1), version("c", "2026-12-15", 70, 2)],
    };
    const doses = dosesAhead(course, TODAY);
    expect(doses.scheduled.map((d) => [d.from, d.schedule.mgPerIntake])).toEqual([
      ["2026-12-01", 60],
      ["2026-12-15", 70],
    ]);
    const found = newDoseLimitFindings([
      { courseId: "c", schedule: doses.schedule!, gramsBefore: 70_000, gramsAfter: 50_000 },
      ...doses.scheduled.map((d) => ({ courseId: "c", schedule: d.schedule, from: d.from, gramsBefore: 70_000, gramsAfter: 50_000 })),
    ]);
    // 60 / 50 = 1.20 (today's, and again from 1 Dec: said once); 70 / 50 = 1.40 from 15 Dec.
    expect(weightDoseLimitWarning(found)?.message).toBe(
      "At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day. " +
        `At 50 kg the dose from 15 Dec 2026, 70 mg daily, is 1.40 mg/kg/day, above 1 mg/kg/day.${TAIL}`,
    );
  });

  it("the same dose at another weight, or above another limit, is another finding", () => {
    // 60 mg: 1.20 at 50 kg (today), 1.09 at 55 kg (a day ahead reading another weight: said too).
    const found = newDoseLimitFindings([
      { courseId: "c", schedule: daily(60), gramsBefore: 70_000, gramsAfter: 50_000 },
      { courseId: "c", schedule: daily(60), gramsBefore: 70_000, gramsAfter: 55_000, from: "2026-12-01" },
    ]);
    expect(found.map((f) => f.message)).toEqual([
      "At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.",
      "At 55 kg the dose from 1 Dec 2026, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });
});

describe("the course card: today's dose and the dose changes scheduled ahead", () => {
  const course = (regimens: RegimenVersion[], endDate: string | null = null) => ({ startDate: "2026-10-01", endDate, regimens });
  const card = (regimens: RegimenVersion[], kg: number, endDate: string | null = null) =>
    courseDoseLimitFindings("c", dosesAhead(course(regimens, endDate), TODAY), () => kg * 1000, TODAY).map((f) => f.message);

  it("40 mg today (0.80 at 50 kg) and 60 mg from 1 Dec 2026 (1.20): the change ahead is said with its day", () => {
    expect(card([version("a", "2026-10-01", 40, 0), version("b", "2026-12-01", 60, 1)], 50)).toEqual([
      "At 50 kg the dose from 1 Dec 2026, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("above a limit today and ahead, new or not; a change ahead back to a dose under every limit says nothing", () => {
    // 60 mg: 1.20 at 50 kg; 110 mg from 1 Dec: 2.20; 40 mg from 15 Dec: 0.80.
    expect(card([version("a", "2026-10-01", 60, 0), version("b", "2026-12-01", 110, 1), version("c", "2026-12-15", 40, 2)], 50)).toEqual([
      "At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.",
      "At 50 kg the dose from 1 Dec 2026, 110 mg daily, is 2.20 mg/kg/day, above 2 mg/kg/day, the label maximum.",
    ]);
  });

  it("a change dated after the course's last day is not in force, and is not said", () => {
    expect(card([version("a", "2026-10-01", 40, 0), version("b", "2026-12-01", 60, 1)], 50, "2026-11-30")).toEqual([]);
  });

  it("today's dose repeated by a change ahead is said once", () => {
    expect(card([version("a", "2026-10-01", 60, 0), version("b", "2026-12-01", 60, 1)], 50)).toEqual([
      "At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });
});
