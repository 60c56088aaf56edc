import { describe, expect, it } from "vitest";
import { course, daily, messages, TODAY, v } from "@/tests/unit/dose-in-force-fixture";
import type { RegimenVersion } from "./course-input";
import {
  DOSE_IN_FORCE_LIMIT_CODE,
  DOSE_IN_FORCE_MAXIMUM_CODE,
  doseInForceFindings,
  doseInForceWarning,
  NEW_VERSION_ID,
  refusedAboveMaximum,
} from "./dose-in-force-limits";

describe("the dose a write leaves in force, checked on every day it changes at that day's weight", () => {
  const A = v("a", "2026-10-01", 60);
  const B = v("b", "2026-10-20", 40);

  it("a void: 40 mg from 20 Oct voided puts 60 mg back from that day; at 60 kg 1.00 (not above), from 10 Nov at 50 kg 1.20", () => {
    // 60 / 60 = 1.000: not above 1. 60 / 50 = 1.20 from the 50 kg of 10 Nov, still so today.
    const weights = [
      { date: "2026-10-01", grams: 60_000 },
      { date: "2026-11-10", grams: 50_000 },
    ];
    const found = doseInForceFindings({ before: course([A, B]), after: course([A]), weights, from: "2026-10-20", today: TODAY });
    expect(found.map((f) => [f.from, f.to, f.weightGrams, f.limit, f.milliMgPerKg])).toEqual([
      ["2026-11-10", null, 50_000, "DAILY_EQUIVALENT_ABOVE_1_MG_KG", 1200],
    ]);
    expect(found.map((f) => f.message)).toEqual(["From 10 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day."]);
    expect(doseInForceWarning(found)).toEqual({
      code: DOSE_IN_FORCE_LIMIT_CODE,
      message: "From 10 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.",
    });
  });

  it("a void whose days end at a later version: said for those days only, and today's dose, which it does not change, not at all", () => {
    // Start weight 55 kg: 60 / 55 = 1.09 mg/kg/day from 20 Oct to 4 Nov; from 5 Nov 30 mg (0.55) as before.
    const C = v("c", "2026-11-05", 30);
    const at55 = { startWeightGrams: 55_000 };
    expect(messages({ before: course([A, B, C], at55), after: course([A, C], at55), weights: [], from: "2026-10-20", today: TODAY })).toEqual([
      "From 20 Oct 2026 to 4 Nov 2026, at 55 kg the dose, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("a void that changes nothing (the version voided gives the dose before it) says nothing", () => {
    const same = v("s", "2026-10-20", 60);
    expect(
      messages({
        before: course([A, same], { startWeightGrams: 50_000 }),
        after: course([A], { startWeightGrams: 50_000 }),
        weights: [],
        from: "2026-10-20",
        today: TODAY,
      }),
    ).toEqual([]);
  });

  it("a void of a version ahead: the dose before it goes on from its day", () => {
    // 60 mg today (at 60 kg: 1.00); 30 mg from 1 Dec voided, so 60 mg from 1 Dec at 55 kg (recorded 20 Nov): 1.09.
    const ahead = v("f", "2026-12-01", 30);
    const weights = [{ date: "2026-11-20", grams: 55_000 }];
    expect(messages({ before: course([A, ahead]), after: course([A]), weights, from: "2026-12-01", today: TODAY })).toEqual([
      "From 1 Dec 2026, at 55 kg the dose, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("a reopened course: the days after its former last day, at the weights measured since, up to the label maximum (said, not refused)", () => {
    // Ended 31 Oct on 120 mg daily at 60 kg (2.00: not above 2). Weighed 55 kg on 15 Nov: 2.18, above the maximum.
    const ended = course([v("r", "2026-10-01", 120)], { endDate: "2026-10-31" });
    const weights = [
      { date: "2026-10-01", grams: 60_000 },
      { date: "2026-11-15", grams: 55_000 },
    ];
    expect(messages({ before: ended, after: { ...ended, endDate: null }, weights, from: "2026-11-01", today: TODAY })).toEqual([
      "From 1 Nov 2026 to 14 Nov 2026, at 60 kg the dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day.",
      "From 15 Nov 2026 (in force today), at 55 kg the dose, 120 mg daily, is 2.18 mg/kg/day, above 2 mg/kg/day, the label maximum.",
    ]);
  });

  it("a back-dated dose change: checked at its date's weight by the write itself, and here at the weights measured since", () => {
    // 65 mg from 20 Oct: at 65 kg (1.00) the write's own check; from 10 Nov at 60 kg 1.08, from 20 Nov at 59.9 kg 1.085.
    const weights = [
      { date: "2026-10-15", grams: 65_000 },
      { date: "2026-11-10", grams: 60_000 },
      { date: "2026-11-20", grams: 59_900 },
    ];
    const change = v("n", "2026-10-20", 65);
    expect(
      messages({
        before: course([A]),
        after: course([A, change]),
        weights,
        from: "2026-10-20",
        today: TODAY,
        checked: { schedule: daily(65), weightGrams: 65_000 },
      }),
    ).toEqual([
      "From 10 Nov 2026 to 19 Nov 2026, at 60 kg the dose, 65 mg daily, is 1.08 mg/kg/day, above 1 mg/kg/day.",
      "From 20 Nov 2026 (in force today), at 59.9 kg the dose, 65 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("the span the write's own check asked about is not asked again (same dose, same weight)", () => {
    // 70 mg at 60 kg from 20 Oct: 1.17, asked by the write's check; no weight since.
    const change = v("n", "2026-10-20", 70);
    const input = { before: course([A]), after: course([A, change]), weights: [], from: "2026-10-20", today: TODAY };
    expect(messages(input)).toEqual(["From 20 Oct 2026 (in force today), at 60 kg the dose, 70 mg daily, is 1.17 mg/kg/day, above 1 mg/kg/day."]);
    expect(messages({ ...input, checked: { schedule: daily(70), weightGrams: 60_000 } })).toEqual([]);
  });

  it("a correction moved later puts the version before it back on the days between", () => {
    // 40 mg of 20 Oct corrected to 40 mg from 1 Nov: 60 mg from 20 Oct to 31 Oct, at 55 kg 1.09.
    const moved = v("m", "2026-11-01", 40, "b");
    const at55 = { startWeightGrams: 55_000 };
    expect(messages({ before: course([A, B], at55), after: course([A, B, moved], at55), weights: [], from: "2026-10-20", today: TODAY })).toEqual([
      "From 20 Oct 2026 to 31 Oct 2026, at 55 kg the dose, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("a back-dated course start: every day from its start, at its start weight until a weight measured since", () => {
    // 60 mg daily from 1 Oct at 60 kg (1.00, and the write's check); 58 kg measured 5 Nov: 1.03.
    const started = course([v("s1", "2026-10-01", 60)]);
    const weights = [
      { date: "2026-10-01", grams: 60_000 },
      { date: "2026-11-05", grams: 58_000 },
    ];
    expect(
      messages({ before: null, after: started, weights, from: "2026-10-01", today: TODAY, checked: { schedule: daily(60), weightGrams: 60_000 } }),
    ).toEqual(["From 5 Nov 2026 (in force today), at 58 kg the dose, 60 mg daily, is 1.03 mg/kg/day, above 1 mg/kg/day."]);
    // A weight measured before the start is not the weight of its days.
    expect(messages({ before: null, after: started, weights: [{ date: "2026-09-01", grams: 40_000 }], from: "2026-10-01", today: TODAY })).toEqual([]);
  });

  it("an ended course's days stop at its last day", () => {
    const ended = (regimens: RegimenVersion[]) => course(regimens, { endDate: "2026-11-05", startWeightGrams: 55_000 });
    expect(messages({ before: ended([A, B]), after: ended([A]), weights: [], from: "2026-10-20", today: TODAY })).toEqual([
      "From 20 Oct 2026 to 5 Nov 2026, at 55 kg the dose, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("no findings, no confirmation", () => {
    expect(doseInForceWarning([])).toBeNull();
  });
});

describe("the label maximum: a dose the write puts in force is refused above it, a dose put back is asked", () => {
  const A = v("a", "2026-10-01", 60);
  const weights = [
    { date: "2026-10-01", grams: 60_000 },
    { date: "2026-11-18", grams: 50_000 },
  ];

  it("120 mg daily written from 20 Oct: 2.00 at 60 kg (the write's own check), 2.40 at the 50 kg of 18 Nov: refused, that span named", () => {
    const written = v(NEW_VERSION_ID, "2026-10-20", 120);
    const found = doseInForceFindings({
      before: course([A]),
      after: course([A, written]),
      weights,
      from: "2026-10-20",
      today: TODAY,
      checked: { schedule: daily(120), weightGrams: 60_000 },
    });
    expect(found.map((f) => [f.from, f.to, f.weightGrams, f.written, f.limit])).toEqual([["2026-11-18", null, 50_000, true, "ABOVE_LABEL_MAXIMUM"]]);
    expect(refusedAboveMaximum(found)).toBe(
      "From 18 Nov 2026 (in force today), at 50 kg the dose, 120 mg daily, is 2.40 mg/kg/day, above 2 mg/kg/day, the label maximum. A dose above 2 mg/kg/day, the label maximum, on any day it is in force cannot be written.",
    );
  });

  it("a correction moved later puts 120 mg back on the days between: above the maximum there, asked under its own code, not refused", () => {
    // 120 mg from 1 Oct, 40 mg from 20 Oct corrected to 40 mg from 20 Nov: 120 mg again 20 Oct .. 19 Nov; 2.40 from 18 Nov at 50 kg.
    const high = v("h", "2026-10-01", 120);
    const low = v("l", "2026-10-20", 40);
    const moved = v(NEW_VERSION_ID, "2026-11-20", 40, "l");
    const found = doseInForceFindings({
      before: course([high, low]),
      after: course([high, low, moved]),
      weights,
      from: "2026-10-20",
      today: TODAY,
      checked: { schedule: daily(40), weightGrams: 50_000 },
    });
    expect(found.map((f) => [f.from, f.to, f.written, f.limit])).toEqual([
      ["2026-10-20", "2026-11-17", false, "DAILY_EQUIVALENT_ABOVE_1_MG_KG"],
      ["2026-11-18", "2026-11-19", false, "ABOVE_LABEL_MAXIMUM"],
    ]);
    expect(refusedAboveMaximum(found)).toBeNull();
    expect(doseInForceWarning(found)?.code).toBe(DOSE_IN_FORCE_MAXIMUM_CODE);
  });

  it("a void whose dose is above 1 mg/kg/day only is asked under the lesser code", () => {
    const found = doseInForceFindings({ before: course([A, v("b", "2026-10-20", 40)]), after: course([A]), weights, from: "2026-10-20", today: TODAY });
    expect(found.map((f) => [f.written, f.limit])).toEqual([[false, "DAILY_EQUIVALENT_ABOVE_1_MG_KG"]]);
    expect(doseInForceWarning(found)?.code).toBe(DOSE_IN_FORCE_LIMIT_CODE);
    expect(refusedAboveMaximum(found)).toBeNull();
  });
});
