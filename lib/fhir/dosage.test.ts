import { describe, expect, it } from "vitest";
import { dosageInstructions } from "./dosage";

const route = { coding: [{ system: "http://snomed.info/sct", code: "26643006", display: "Oral route" }] };
const mg = (value: number) => [{ doseQuantity: { value, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" } }];

describe("schedule to FHIR Dosage (timing.repeat)", () => {
  it("daily: frequency = intakes per day, period 1 d, bounded by the version's days", () => {
    expect(
      dosageInstructions({ mgPerIntake: 20, intakesPerDay: 2, pattern: { kind: "DAILY" } }, { start: "2026-01-01", end: "2026-01-30" }, "2026-04-01"),
    ).toEqual([
      {
        text: "20 mg x2 daily",
        timing: { repeat: { boundsPeriod: { start: "2026-01-01", end: "2026-01-30" }, frequency: 2, period: 1, periodUnit: "d" } },
        route,
        doseAndRate: mg(20),
      },
    ]);
  });

  it("every N days: frequency 1, period N d; open-ended has no end", () => {
    expect(
      dosageInstructions(
        { mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 } },
        { start: "2026-02-01", end: null },
        "2026-05-01",
      ),
    ).toEqual([
      {
        text: "20 mg every other day",
        timing: { repeat: { boundsPeriod: { start: "2026-02-01" }, frequency: 1, period: 2, periodUnit: "d" } },
        route,
        doseAndRate: mg(20),
      },
    ]);
  });

  it("every N days with divided intakes: the dosing day's total, and the division in the instruction", () => {
    expect(
      dosageInstructions(
        { mgPerIntake: 10, intakesPerDay: 2, pattern: { kind: "EVERY_N_DAYS", everyNDays: 3 } },
        { start: "2026-02-01", end: null },
        "2026-05-01",
      ),
    ).toEqual([
      {
        patientInstruction: "Take each dosing day's dose as 2 divided doses.",
        text: "10 mg x2 every 3 days",
        timing: { repeat: { boundsPeriod: { start: "2026-02-01" }, frequency: 1, period: 3, periodUnit: "d" } },
        route,
        doseAndRate: mg(20),
      },
    ]);
  });

  it("chosen weekdays: dayOfWeek codes in week order", () => {
    expect(
      dosageInstructions(
        { mgPerIntake: 10, intakesPerDay: 1, pattern: { kind: "WEEKDAYS", weekdays: [5, 1, 3] } },
        { start: "2026-03-02", end: null },
        "2026-06-01",
      ),
    ).toEqual([
      {
        text: "10 mg Mon, Wed, Fri",
        timing: { repeat: { boundsPeriod: { start: "2026-03-02" }, frequency: 1, period: 1, periodUnit: "d", dayOfWeek: ["mon", "wed", "fri"] } },
        route,
        doseAndRate: mg(10),
      },
    ]);
  });

  it("N times a week: frequency N, period 1 wk", () => {
    expect(
      dosageInstructions(
        { mgPerIntake: 5, intakesPerDay: 1, pattern: { kind: "TIMES_PER_WEEK", timesPerWeek: 3 } },
        { start: "2026-03-01", end: "2026-03-31" },
        "2026-06-01",
      ),
    ).toEqual([
      {
        text: "5 mg 3x a week",
        timing: { repeat: { boundsPeriod: { start: "2026-03-01", end: "2026-03-31" }, frequency: 3, period: 1, periodUnit: "wk" } },
        route,
        doseAndRate: mg(5),
      },
    ]);
  });

  it("on/off cycles: one line per 'on' block, in sequence, the last one cut at the version's end", () => {
    const line = (sequence: number, start: string, end: string) => ({
      sequence,
      text: "20 mg daily, 7 days on / 21 off",
      timing: { repeat: { boundsPeriod: { start, end }, frequency: 1, period: 1, periodUnit: "d" } },
      route,
      doseAndRate: mg(20),
    });
    // 28-day cycles from 1 April through 29 May: blocks start 1 Apr, 29 Apr and 27 May (cut at 29 May).
    expect(
      dosageInstructions(
        { mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 } },
        { start: "2026-04-01", end: "2026-05-29" },
        "2026-09-01",
      ),
    ).toEqual([line(1, "2026-04-01", "2026-04-07"), line(2, "2026-04-29", "2026-05-05"), line(3, "2026-05-27", "2026-05-29")]);
  });

  it("an open-ended cycle is written out through the given day", () => {
    const lines = dosageInstructions(
      { mgPerIntake: 10, intakesPerDay: 1, pattern: { kind: "CYCLE", cycleOnDays: 2, cycleOffDays: 1 } },
      { start: "2026-01-01", end: null },
      "2026-01-08",
    );
    expect(lines.map((l) => l.timing?.repeat?.boundsPeriod)).toEqual([
      { start: "2026-01-01", end: "2026-01-02" },
      { start: "2026-01-04", end: "2026-01-05" },
      { start: "2026-01-07", end: "2026-01-08" },
    ]);
  });
});
