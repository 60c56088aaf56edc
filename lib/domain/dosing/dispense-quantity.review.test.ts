import { describe, expect, it } from "vitest";
import { productById } from "./checks";
import { describeDispense, dispenseQuantity, type DispenseInput } from "./dispense-quantity";
import type { DosePattern, Schedule } from "./schedule";

/**
 * Intermittent schedules counted by hand: each expected value is worked out in the comment beside it from the
 * calendar (Monday 5 Jan 2026 is the pattern's anchor unless a case says otherwise), not from the code.
 */
const CLARAVIS = productById("CLARAVIS")!.strengthsMg; // 10, 20, 30, 40
const MONDAY = "2026-01-05";
const schedule = (mgPerIntake: number, pattern: DosePattern, intakesPerDay = 1): Schedule => ({ mgPerIntake, intakesPerDay, pattern });
const text = (over: Partial<DispenseInput> & Pick<DispenseInput, "schedule">) =>
  describeDispense(dispenseQuantity({ anchor: MONDAY, from: MONDAY, daysSupply: 30, capsuleStrengthMg: 20, strengthsMg: CLARAVIS, ...over }));

describe("the quantity to dispense on intermittent schedules, by hand", () => {
  it.each([
    // Every other day from the day after a dose day: offsets 1..30, the even ones 2, 4, ..., 30 = 15.
    [
      "20 mg every other day from a day off",
      { schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 2 }), from: "2026-01-06" },
      "15 × 20 mg capsules (30 days)",
    ],
    // Mon/Wed/Fri from Saturday 10 Jan to Sunday 8 Feb: Sat 10 and Sun 11 none, then four whole weeks of 3 = 12.
    [
      "10 mg Mon, Wed, Fri from a Saturday",
      { schedule: schedule(10, { kind: "WEEKDAYS", weekdays: [1, 3, 5] }), from: "2026-01-10", capsuleStrengthMg: 10 },
      "12 × 10 mg capsules (30 days)",
    ],
    // Weekly as every 7 days: offsets 0, 7, 14, 21, 28 = 5 from the anchor; 7, 14, 21, 28 = 4 from the day after.
    ["20 mg every 7 days from a dose day", { schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 7 }) }, "5 × 20 mg capsules (30 days)"],
    [
      "20 mg every 7 days from the day after",
      { schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 7 }), from: "2026-01-06" },
      "4 × 20 mg capsules (30 days)",
    ],
    // 1 week on, 3 weeks off, 28 days from offset 10 (15 Jan): offsets 10..37, on 28..34 = 7.
    [
      "7 on / 21 off, started mid-cycle",
      { schedule: schedule(20, { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 }), from: "2026-01-15", daysSupply: 28 },
      "7 × 20 mg capsules (28 days)",
    ],
    // 56 days from offset 3 (8 Jan): offsets 3..58, on 3..6 (4), 28..34 (7), 56..58 (3) = 14.
    [
      "7 on / 21 off, 56 days from the fourth day on",
      { schedule: schedule(20, { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 }), from: "2026-01-08", daysSupply: 56 },
      "14 × 20 mg capsules (56 days)",
    ],
    // 3 times a week (offsets 0, 3, 5 of each 7-day block), 14 days from offset 3: 3, 5, 7, 10, 12, 14 = 6.
    [
      "10 mg 3x a week from mid-block",
      { schedule: schedule(10, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 }), from: "2026-01-08", daysSupply: 14, capsuleStrengthMg: 10 },
      "6 × 10 mg capsules (14 days)",
    ],
    // 10 mg twice a day every other day: 15 dosing days x 2 = 30 capsules.
    [
      "10 mg x2 every other day",
      { schedule: schedule(10, { kind: "EVERY_N_DAYS", everyNDays: 2 }, 2), capsuleStrengthMg: 10 },
      "30 × 10 mg capsules (30 days)",
    ],
    // 50 mg daily on Claravis 20 mg: not whole 20 mg capsules, and no other strength is dispensed in its place.
    [
      "50 mg daily on 20 mg capsules",
      { schedule: schedule(50, { kind: "DAILY" }) },
      "not computed: 50 mg is not whole 20 mg capsules: write it on 10 mg capsules.",
    ],
    // 20 mg every 2-4 days (10-40 mg), planned every 2 days at 20 mg: 15 at the planned dose.
    [
      "a range regimen",
      { schedule: { ...schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 2 }), range: { mgMin: 10, mgMax: 40, nMin: 2, nMax: 4 } } },
      "15 × 20 mg capsules (30 days at the planned dose)",
    ],
  ] as const)("%s", (_name, over, expected) => {
    expect(text(over as Partial<DispenseInput> & Pick<DispenseInput, "schedule">)).toBe(expected);
  });

  it("integer mg: 10 mg 3x a week for 28 days is 120 mg in 12 dosing days", () => {
    const q = dispenseQuantity({
      schedule: schedule(10, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 }),
      anchor: MONDAY,
      from: MONDAY,
      daysSupply: 28,
      capsuleStrengthMg: 10,
      strengthsMg: CLARAVIS,
    });
    expect(q).toMatchObject({ ok: true, totalMg: 120, dosingDays: 12, totalCapsules: 12 });
  });
});
