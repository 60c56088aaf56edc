import { describe, expect, it } from "vitest";
import { checkPrescription, describeRegimenChange, EARLY_REFILL_CODE, earlyRefill, REGIMEN_CHANGE_CODE, regimenChange } from "./prescription-checks";
import { sameSchedule, type Schedule } from "./schedule";
import type { SupplyFill } from "./supply";

const daily = (mgPerIntake: number, over: Partial<Schedule> = {}): Schedule => ({ mgPerIntake, intakesPerDay: 1, pattern: { kind: "DAILY" }, ...over });
const fill = (from: string, daysSupply = 30, refills = 0): SupplyFill => ({ from, daysSupply, refills });

describe("a prescription's schedule against the regimen in force", () => {
  it.each<[string, Schedule, Schedule, boolean]>([
    ["the same daily dose", daily(60), daily(60), true],
    ["another dose", daily(60), daily(40), false],
    ["twice a day instead of once", daily(20), daily(20, { intakesPerDay: 2 }), false],
    ["every other day instead of daily", daily(20), daily(20, { pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } }), false],
    [
      "every 3 days instead of every 2",
      daily(20, { pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } }),
      daily(20, { pattern: { kind: "EVERY_N_DAYS", everyNDays: 3 } }),
      false,
    ],
    [
      "the same weekdays in another order",
      daily(10, { pattern: { kind: "WEEKDAYS", weekdays: [1, 3, 5] } }),
      daily(10, { pattern: { kind: "WEEKDAYS", weekdays: [5, 1, 3] } }),
      true,
    ],
    [
      "other weekdays",
      daily(10, { pattern: { kind: "WEEKDAYS", weekdays: [1, 3, 5] } }),
      daily(10, { pattern: { kind: "WEEKDAYS", weekdays: [1, 4] } }),
      false,
    ],
    [
      "4 days on / 3 off instead of 3 / 4",
      daily(20, { pattern: { kind: "CYCLE", cycleOnDays: 4, cycleOffDays: 3 } }),
      daily(20, { pattern: { kind: "CYCLE", cycleOnDays: 3, cycleOffDays: 4 } }),
      false,
    ],
    ["a range where there was none", daily(10), daily(10, { range: { mgMin: 5, mgMax: 10 } }), false],
    ["an empty range and none", daily(10, { range: { mgMin: null, mgMax: null, nMin: null, nMax: null } }), daily(10), true],
    ["another top of the range", daily(10, { range: { mgMin: 5, mgMax: 10 } }), daily(10, { range: { mgMin: 5, mgMax: 20 } }), false],
  ])("%s", (_name, inForce, prescribed, same) => {
    expect(sameSchedule(inForce, prescribed)).toBe(same);
    expect(regimenChange(inForce, prescribed, "2026-11-24") === null).toBe(same);
  });

  it("names the change in the prescriber's words", () => {
    expect(describeRegimenChange(regimenChange(daily(60), daily(40), "2026-11-24")!)).toBe("from 60 mg daily to 40 mg daily from 24 Nov 2026");
    expect(describeRegimenChange({ from: null, to: daily(40), effectiveFrom: "2026-11-24" })).toBe("to 40 mg daily from 24 Nov 2026");
    const alternate = daily(20, { pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } });
    expect(describeRegimenChange(regimenChange(daily(20), alternate, "2026-12-01")!)).toBe("from 20 mg daily to 20 mg every other day from 1 Dec 2026");
  });
});

describe("earlier supply still lasting when a prescription starts", () => {
  it.each<[string, SupplyFill[], string, SupplyFill, ReturnType<typeof earlyRefill>]>([
    // 19 Nov + 30 days: 19 Nov .. 18 Dec. From 24 Nov that is 24 days; the new 30 days follow, 19 Dec .. 17 Jan.
    [
      "24 days left: asks",
      [fill("2026-11-19")],
      "2026-11-24",
      fill("2026-11-24"),
      { suppliedThrough: "2026-12-18", daysAfterStart: 24, suppliedThroughWithNew: "2027-01-17" },
    ],
    // 25 Oct .. 23 Nov; written 16 Nov: 7 days left, the usual renewal week.
    ["exactly 7 days left: no question", [fill("2026-10-25")], "2026-11-16", fill("2026-11-16"), null],
    // Written 15 Nov: 8 days left.
    [
      "8 days left: asks",
      [fill("2026-10-25")],
      "2026-11-15",
      fill("2026-11-15"),
      { suppliedThrough: "2026-11-23", daysAfterStart: 8, suppliedThroughWithNew: "2026-12-23" },
    ],
    // 25 Oct .. 23 Nov, then the refill 24 Nov .. 23 Dec: a refill counts as supply in hand.
    [
      "a refill still to come: asks",
      [fill("2026-10-25", 30, 1)],
      "2026-11-24",
      fill("2026-11-24"),
      { suppliedThrough: "2026-12-23", daysAfterStart: 29, suppliedThroughWithNew: "2027-01-22" },
    ],
    ["the earlier supply ran out: no question", [fill("2026-10-01")], "2026-11-24", fill("2026-11-24"), null],
    ["no earlier prescription: no question", [], "2026-11-24", fill("2026-11-24"), null],
    // Two fills carried forward: 1 Nov .. 30 Nov, then 1 Dec .. 30 Dec; written 24 Nov, 36 days left.
    [
      "an early refill already carried forward",
      [fill("2026-11-01"), fill("2026-11-20")],
      "2026-11-24",
      fill("2026-11-24"),
      { suppliedThrough: "2026-12-30", daysAfterStart: 36, suppliedThroughWithNew: "2027-01-29" },
    ],
    // Dispensed on 28 Nov: it still starts after the earlier supply, 19 Dec .. 17 Jan.
    [
      "the new one dispensed later",
      [fill("2026-11-19")],
      "2026-11-24",
      fill("2026-11-28"),
      { suppliedThrough: "2026-12-18", daysAfterStart: 24, suppliedThroughWithNew: "2027-01-17" },
    ],
  ])("%s", (_name, earlier, startDate, added, expected) => {
    expect(earlyRefill(earlier, startDate, added)).toEqual(expected);
  });
});

describe("the warnings a prescription needs confirmed", () => {
  it("asks for both, naming the change and the supply", () => {
    const { change, warnings } = checkPrescription({
      inForce: daily(60),
      prescribed: daily(40),
      startDate: "2026-11-24",
      earlierSupply: [fill("2026-11-19")],
      supply: fill("2026-11-24"),
    });
    expect(change).toEqual({ from: daily(60), to: daily(40), effectiveFrom: "2026-11-24" });
    expect(warnings).toEqual([
      {
        code: REGIMEN_CHANGE_CODE,
        message:
          "This changes the dose from 60 mg daily to 40 mg daily from 24 Nov 2026: the cumulative dose and the projected target date follow it. Give the reason for the change.",
      },
      {
        code: EARLY_REFILL_CODE,
        message:
          "Supply from earlier prescriptions runs to 18 Dec 2026, 24 days after this prescription starts; with this one the patient is supplied through 17 Jan 2027.",
      },
    ]);
  });

  it("asks nothing for the same schedule written in the last week of the supply", () => {
    expect(
      checkPrescription({
        inForce: daily(60),
        prescribed: daily(60),
        startDate: "2026-11-17",
        earlierSupply: [fill("2026-10-25")],
        supply: fill("2026-11-17"),
      }),
    ).toEqual({ change: null, warnings: [] });
  });
});
