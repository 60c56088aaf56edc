import { describe, expect, it } from "vitest";
import type { CourseInput, RegimenVersion } from "./course-input";
import { cumulativeBand } from "./cumulative";
import { describeSchedule, type Schedule } from "./schedule";

const version = (s: Schedule): RegimenVersion => ({ ...s, id: "r", effectiveFrom: "2026-01-05", sequence: 0 });
const course = (s: Schedule): CourseInput => ({
  startDate: "2026-01-05",
  endDate: null,
  startWeightGrams: 60_000,
  targetMgPerKg: null,
  regimens: [version(s)],
  pauses: [],
  missedDates: [],
});

const EVERY_2_TO_4: Schedule = { mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "EVERY_N_DAYS", everyNDays: 2 }, range: { nMax: 4 } };
const MAINTENANCE: Schedule = {
  mgPerIntake: 5,
  intakesPerDay: 1,
  pattern: { kind: "TIMES_PER_WEEK", timesPerWeek: 2 },
  range: { mgMax: 10, nMin: 1, nMax: 3 },
};

describe("range regimens, recorded as prescribed", () => {
  it.each([
    [EVERY_2_TO_4, "40 mg every 2–4 days"],
    [MAINTENANCE, "5–10 mg 1–3x a week"],
  ])("%j reads %s", (s, text) => {
    expect(describeSchedule(s)).toBe(text);
  });

  it.each([
    // 5 .. 24 Jan (20 days). Every 4 days: days 0, 4, 8, 12, 16 = 5 x 40 mg; every 2 days (planned, and the most): 10 x 40 mg.
    ["40 mg every 2-4 days, 20 days", EVERY_2_TO_4, "2026-01-24", { minMg: 200, plannedMg: 400, maxMg: 400 }],
    // 5 .. 18 Jan (2 weeks). 5 mg once a week: 2 doses; planned 5 mg twice a week: 4; 10 mg three times a week: 6 x 10 mg.
    ["5-10 mg 1-3 times a week, 2 weeks", MAINTENANCE, "2026-01-18", { minMg: 10, plannedMg: 20, maxMg: 60 }],
  ])("%s: the band", (_name, s, asOf, band) => {
    expect(cumulativeBand(course(s), [], asOf)).toEqual(band);
  });

  it("a regimen without a range has no band", () => {
    expect(cumulativeBand(course({ mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "DAILY" } }), [], "2026-01-24")).toBeNull();
  });
});
