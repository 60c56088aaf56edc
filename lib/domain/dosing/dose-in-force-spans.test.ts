import { describe, expect, it } from "vitest";
import { course, messages, TODAY, v } from "@/tests/unit/dose-in-force-fixture";
import { doseInForceFindings } from "./dose-in-force-limits";
import type { Schedule } from "./schedule";

/** The days and figures of the spans a write leaves in force (dose-in-force-limits.ts); today is Mon 23 Nov 2026. */

describe("a span that ends on a later version is said with its last day, ahead of today too", () => {
  const A = v("a", "2026-10-01", 60);

  it("a version ahead voided, another after it: 60 mg from 1 Dec to 14 Dec only", () => {
    // 30 mg from 1 Dec voided, 20 mg from 15 Dec stays: 60 mg from 1 Dec to 14 Dec at 55 kg (20 Nov): 1.09.
    const later = v("l", "2026-12-15", 20);
    const weights = [{ date: "2026-11-20", grams: 55_000 }];
    const before = course([A, v("f", "2026-12-01", 30), later]);
    expect(messages({ before, after: course([A, later]), weights, from: "2026-12-01", today: TODAY })).toEqual([
      "From 1 Dec 2026 to 14 Dec 2026, at 55 kg the dose, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });

  it("a version voided whose days run from before today to a version ahead: in force today, to its last day", () => {
    // 40 mg from 20 Oct voided, 20 mg from 1 Dec stays: 60 mg from 20 Oct to 30 Nov at 55 kg: 1.09.
    const later = v("l", "2026-12-01", 20);
    const at55 = { startWeightGrams: 55_000 };
    const before = course([A, v("b", "2026-10-20", 40), later], at55);
    expect(messages({ before, after: course([A, later], at55), weights: [], from: "2026-10-20", today: TODAY })).toEqual([
      "From 20 Oct 2026 to 30 Nov 2026 (in force today), at 55 kg the dose, 60 mg daily, is 1.09 mg/kg/day, above 1 mg/kg/day.",
    ]);
  });
});

describe("an intermittent regimen put back is checked as the dose check counts it", () => {
  it("120 mg every other day back from 20 Oct at 50 kg: 1.20 mg/kg/day (daily equivalent) and 2.40 mg/kg on a dosing day", () => {
    const alternate: Schedule = { mgPerIntake: 120, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } };
    const A = { ...alternate, id: "a", effectiveFrom: "2026-10-01", supersedesId: null, sequence: 0 };
    const at50 = { startWeightGrams: 50_000 };
    const found = doseInForceFindings({
      before: course([A, v("b", "2026-10-20", 40)], at50),
      after: course([A], at50),
      weights: [],
      from: "2026-10-20",
      today: TODAY,
    });
    expect(found.map((f) => [f.limit, f.milliMgPerKg])).toEqual([
      ["DAILY_EQUIVALENT_ABOVE_1_MG_KG", 1200],
      ["DOSING_DAY_ABOVE_2_MG_KG", 2400],
    ]);
    expect(found[1]!.message).toBe(
      "From 20 Oct 2026 (in force today), at 50 kg the dose, 120 mg every other day, gives 2.40 mg/kg on a dosing day, above 2 mg/kg.",
    );
  });
});
