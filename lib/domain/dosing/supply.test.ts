import { describe, expect, it } from "vitest";
import { renewalItems } from "../monitoring/renewal";
import type { CourseInput } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { DEFAULT_DOSING_SETTINGS } from "./settings";
import type { SupplyFill } from "./supply";

// 40 mg daily from Mon 5 Jan 2026; as of 14 Feb: 27 days in January + 14 in February = 41 days, 1,640 mg by schedule.
const course = (supply: SupplyFill[] | null): CourseInput => ({
  startDate: "2026-01-05",
  endDate: null,
  startWeightGrams: 60_000,
  targetMgPerKg: 120,
  regimens: [{ id: "r", effectiveFrom: "2026-01-05", mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "DAILY" }, sequence: 0 }],
  pauses: [],
  missedDates: [],
  supply,
});
const BY_SUPPLY = { ...DEFAULT_DOSING_SETTINGS, doseCounting: "SUPPLY" as const };
const fill = (from: string, daysSupply = 30, refills = 0): SupplyFill => ({ from, daysSupply, refills });

describe("supply gaps, by hand", () => {
  it.each([
    // 5 Jan .. 3 Feb covered (30 days), then 9 Feb .. 10 Mar: 4-8 Feb uncovered = 5 days.
    ["a 5-day gap between two fills", [fill("2026-01-05"), fill("2026-02-09")], 1640, 1440, 5, "2026-03-10"],
    // Dispensed 3 days after the start: 5-7 Jan and 7-8 Feb uncovered = 5 days.
    ["a late first dispense", [fill("2026-01-08"), fill("2026-02-09")], 1640, 1440, 5, "2026-03-10"],
    // One refill doubles the supply back to back: 5 Jan .. 5 Mar, no gap.
    ["one refill", [fill("2026-01-05", 30, 1)], 1640, 1640, 0, "2026-03-05"],
    // A single 30-day fill: 4 .. 14 Feb uncovered = 11 days, 30 x 40 mg counted by supply.
    ["the supply ran out on 3 Feb", [fill("2026-01-05")], 1640, 1200, 11, "2026-02-03"],
    // An early refill (15 Jan) carries forward: it starts after the first ends, 4 Feb .. 5 Mar; no gap.
    ["an early refill", [fill("2026-01-15"), fill("2026-01-05")], 1640, 1640, 0, "2026-03-05"],
  ])("%s", (_name, fills, bySchedule, bySupply, gaps, through) => {
    const schedule = computeCourseDose(course(fills), [], "2026-02-14");
    const supply = computeCourseDose(course(fills), [], "2026-02-14", BY_SUPPLY);
    expect([schedule.totalMg, supply.totalMg, supply.supplyGapDays, supply.suppliedThrough]).toEqual([bySchedule, bySupply, gaps, through]);
    // The gap is shown whichever way the clinic counts.
    expect(schedule.supplyGapDays).toBe(gaps);
  });

  it("a course without supply data (paper records) counts by schedule even when the clinic counts by supply", () => {
    const s = computeCourseDose(course(null), [], "2026-02-14", BY_SUPPLY);
    expect([s.totalMg, s.supplyGapDays, s.suppliedThrough]).toEqual([1640, 0, null]);
  });
});

describe("prescription renewal item", () => {
  const WINDOWS = () => ({ dueSoonDays: 7, baselineWindowDays: 30 });
  const c = (over: Partial<Parameters<typeof renewalItems>[0][number]> = {}) => ({
    id: "c1",
    startDate: "2026-01-05",
    endDate: null,
    pauses: [],
    suppliedThrough: "2026-02-03",
    ...over,
  });
  it.each([
    ["2026-01-26", "NOT_DUE"],
    ["2026-01-28", "DUE_SOON"], // 7 days before 4 Feb
    ["2026-02-04", "DUE"],
    ["2026-02-05", "OVERDUE"],
  ])("as of %s the renewal due 4 Feb is %s", (asOf, status) => {
    expect(renewalItems([c()], asOf, [], WINDOWS).map((i) => [i.key, i.dueDate, i.status])).toEqual([
      ["course:c1:rx-renewal:2026-02-03", "2026-02-04", status],
    ]);
  });

  it.each([
    ["paused", c({ pauses: [{ startDate: "2026-02-01", resumeDate: null }] })],
    ["ending on the last supplied day", c({ endDate: "2026-02-03" })],
    ["ended before the day", c({ endDate: "2026-02-10" })],
    ["without supply data", c({ suppliedThrough: null })],
    ["planned more than 30 days ahead", c({ startDate: "2026-03-15" })],
  ])("no renewal item for a course %s", (_name, course) => {
    expect(renewalItems([course], "2026-02-12", [], WINDOWS)).toEqual([]);
  });
});
