import { describe, expect, it } from "vitest";
import { productById } from "./checks";
import { anchorOn, describeDispense, dispenseQuantity, type DispenseInput } from "./dispense-quantity";
import type { DosePattern, Schedule } from "./schedule";

const CLARAVIS = productById("CLARAVIS")!.strengthsMg; // 10, 20, 30, 40
const AMNESTEEM = productById("AMNESTEEM")!.strengthsMg; // 10, 20, 40
const ABSORICA_LD = productById("ABSORICA_LD")!.strengthsMg; // 8, 16, 24, 32
const MONDAY = "2026-01-05";

const schedule = (mgPerIntake: number, pattern: DosePattern, intakesPerDay = 1): Schedule => ({ mgPerIntake, intakesPerDay, pattern });
const rx = (over: Partial<DispenseInput> & Pick<DispenseInput, "schedule">): DispenseInput => ({
  anchor: MONDAY,
  from: MONDAY,
  daysSupply: 30,
  capsuleStrengthMg: 20,
  strengthsMg: CLARAVIS,
  ...over,
});
const text = (input: DispenseInput) => describeDispense(dispenseQuantity(input));

describe("the quantity a prescription dispenses, by hand", () => {
  it("20 mg every other day for 30 days: 15 capsules of 20 mg, 300 mg, not 30", () => {
    expect(dispenseQuantity(rx({ schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 2 }) }))).toEqual({
      ok: true,
      capsules: [{ strengthMg: 20, count: 15 }],
      totalCapsules: 15,
      totalMg: 300,
      dosingDays: 15,
      days: 30,
      planned: false,
    });
    expect(text(rx({ schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 2 }) }))).toBe("15 × 20 mg capsules (30 days)");
  });

  it.each([
    // 20 mg daily: 30 capsules.
    ["20 mg daily", rx({ schedule: schedule(20, { kind: "DAILY" }) }), "30 × 20 mg capsules (30 days)"],
    // 30 mg daily on Amnesteem (no 30 mg capsule), written on 10 mg: three a day.
    [
      "30 mg daily on Amnesteem 10 mg",
      rx({ schedule: schedule(30, { kind: "DAILY" }), capsuleStrengthMg: 10, strengthsMg: AMNESTEEM }),
      "90 × 10 mg capsules (30 days)",
    ],
    // 40 mg daily written on 20 mg capsules: two of them a day, as written.
    ["40 mg daily on 20 mg capsules", rx({ schedule: schedule(40, { kind: "DAILY" }) }), "60 × 20 mg capsules (30 days)"],
    // 20 mg twice a day: 60 intakes.
    ["20 mg x2 daily", rx({ schedule: schedule(20, { kind: "DAILY" }, 2) }), "60 × 20 mg capsules (30 days)"],
    // 10 mg 3 times a week for 28 days: 4 weeks x 3 = 12.
    [
      "10 mg 3x a week, 28 days",
      rx({ schedule: schedule(10, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 }), daysSupply: 28, capsuleStrengthMg: 10 }),
      "12 × 10 mg capsules (28 days)",
    ],
    // 20 mg every Monday, 30 days from a Monday (5 Jan to 3 Feb): 5, 12, 19, 26 Jan and 2 Feb.
    ["20 mg weekly on Mondays", rx({ schedule: schedule(20, { kind: "WEEKDAYS", weekdays: [1] }) }), "5 × 20 mg capsules (30 days)"],
    // 10 mg Mon/Wed/Fri, 30 days from a Monday: 4 weeks (12) and Mon 2 Feb (1).
    ["10 mg Mon, Wed, Fri", rx({ schedule: schedule(10, { kind: "WEEKDAYS", weekdays: [1, 3, 5] }), capsuleStrengthMg: 10 }), "13 × 10 mg capsules (30 days)"],
    // 7 days on / 21 off from the anchor: days 0-6 and 28-29 of the 30.
    ["20 mg 7 on / 21 off", rx({ schedule: schedule(20, { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 }) }), "9 × 20 mg capsules (30 days)"],
    // 40 mg on Absorica LD 8 mg capsules: five a day.
    [
      "40 mg daily on Absorica LD",
      rx({ schedule: schedule(40, { kind: "DAILY" }), capsuleStrengthMg: 8, strengthsMg: ABSORICA_LD }),
      "150 × 8 mg capsules (30 days)",
    ],
    // Every other day for 7 days: 4 from a dose day (days 0, 2, 4, 6), 3 from the day after one.
    [
      "every other day, 7 days from a dose day",
      rx({ schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 2 }), daysSupply: 7 }),
      "4 × 20 mg capsules (7 days)",
    ],
    [
      "every other day, 7 days from the day after a dose day",
      rx({ schedule: schedule(20, { kind: "EVERY_N_DAYS", everyNDays: 2 }), daysSupply: 7, anchor: "2026-01-04" }),
      "3 × 20 mg capsules (7 days)",
    ],
  ])("%s", (_name, input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it("a range regimen counts at its planned dose and interval, and says so", () => {
    const range: Schedule = { ...schedule(40, { kind: "EVERY_N_DAYS", everyNDays: 3 }), range: { nMin: 2, nMax: 4 } };
    // Days 0, 3, ..., 27 of 30: 10 doses of 40 mg.
    expect(text(rx({ schedule: range, capsuleStrengthMg: 40 }))).toBe("10 × 40 mg capsules (30 days at the planned dose)");
  });

  it("is not computed when the dose is not whole capsules of the strength written, never dispensing another strength", () => {
    expect(dispenseQuantity(rx({ schedule: schedule(25, { kind: "DAILY" }) }))).toEqual({
      ok: false,
      reason: "25 mg is not whole capsules of any one strength of this product (10, 20, 30, 40 mg): a prescription dispenses one strength.",
      days: 30,
    });
    // 30 mg on 20 mg Claravis: 1 × 30 mg or 1 × 10 mg + 1 × 20 mg would be capsules the prescription does not name.
    expect(text(rx({ schedule: schedule(30, { kind: "DAILY" }) }))).toBe("not computed: 30 mg is not whole 20 mg capsules: write it on 10 or 30 mg capsules.");
    expect(text(rx({ schedule: schedule(40, { kind: "DAILY" }), capsuleStrengthMg: 32, strengthsMg: ABSORICA_LD }))).toBe(
      "not computed: 40 mg is not whole 32 mg capsules: write it on 8 mg capsules.",
    );
  });

  it("is not computed when no dose falls within the days supplied", () => {
    // 7 on / 21 off, 14 days from the 8th day of the cycle: all off.
    const q = dispenseQuantity(rx({ schedule: schedule(20, { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 }), from: "2026-01-12", daysSupply: 14 }));
    expect(q).toEqual({ ok: false, reason: "No dose is scheduled in the 14 days supplied.", days: 14 });
  });

  it("the pattern counts from the latest resume day on or before the prescription's first day", () => {
    const pauses = [
      { startDate: "2026-01-10", resumeDate: "2026-01-15" },
      { startDate: "2026-02-01", resumeDate: "2026-02-04" },
      { startDate: "2026-03-01", resumeDate: null },
    ];
    expect(anchorOn(MONDAY, pauses, "2026-01-14")).toBe(MONDAY);
    expect(anchorOn(MONDAY, pauses, "2026-01-15")).toBe("2026-01-15");
    expect(anchorOn(MONDAY, pauses, "2026-02-20")).toBe("2026-02-04");
    // A regimen taking effect after a resume day counts from its own effective day.
    expect(anchorOn("2026-02-10", pauses, "2026-02-20")).toBe("2026-02-10");
  });
});
