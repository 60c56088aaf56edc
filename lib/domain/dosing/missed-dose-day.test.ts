import { describe, expect, it } from "vitest";
import type { CourseInput, RegimenVersion } from "./course-input";
import { missedDoseRefusal } from "./missed-dose-day";
import type { DosePattern } from "./schedule";

const version = (id: string, effectiveFrom: string, mgPerIntake: number, pattern: DosePattern, sequence = 0): RegimenVersion => ({
  id,
  effectiveFrom,
  mgPerIntake,
  intakesPerDay: 1,
  pattern,
  sequence,
});

/** A course from Mon 2 Nov 2026 at 60 kg, in progress unless `over` says otherwise. */
const course = (regimens: RegimenVersion[], over: Partial<CourseInput> = {}): CourseInput => ({
  startDate: "2026-11-02",
  endDate: null,
  startWeightGrams: 60_000,
  targetMgPerKg: 120,
  regimens,
  pauses: [],
  missedDates: [],
  ...over,
});

const monWedFri = course([version("a", "2026-11-02", 10, { kind: "WEEKDAYS", weekdays: [1, 3, 5] })]);
const everyOther = course([version("a", "2026-11-02", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 })]);
// Spread from the anchor (schedule.ts): days 0, 3 and 5 of each week from Monday, so Mon, Thu and Sat.
const threeAWeek = course([version("a", "2026-11-02", 20, { kind: "TIMES_PER_WEEK", timesPerWeek: 3 })]);
// 5 days on, 2 off from Mon 2 Nov: Mon to Fri on.
const cycle = course([version("a", "2026-11-02", 20, { kind: "CYCLE", cycleOnDays: 5, cycleOffDays: 2 })]);
const daily = (over: Partial<CourseInput>) => course([version("a", "2026-11-02", 20, { kind: "DAILY" })], over);

describe("a missed dose is recorded only on a day the course schedules a dose", () => {
  it.each([
    ["Mon/Wed/Fri, a Wednesday", monWedFri, "2026-11-18"],
    ["every other day, day 16", everyOther, "2026-11-18"],
    ["3x a week, a Thursday", threeAWeek, "2026-11-19"],
    ["5 on / 2 off, a Friday", cycle, "2026-11-20"],
    ["daily, the first day", daily({}), "2026-11-02"],
    ["a day already recorded as missed", daily({ missedDates: ["2026-11-10"] }), "2026-11-10"],
    // Counting by supply leaves the schedule as it is: an unsupplied day is still a dose day.
    ["a day no prescription supplies", daily({ supply: [{ from: "2026-11-02", daysSupply: 5, refills: 0 }] }), "2026-11-12"],
  ])("%s: taken", (_, c, date) => {
    expect(missedDoseRefusal(c, date)).toBeNull();
  });

  it.each([
    [
      "Mon/Wed/Fri, a Tuesday",
      monWedFri,
      "2026-11-17",
      "No dose is scheduled on Tue 17 Nov 2026 (10 mg Mon, Wed, Fri): the nearest dose days are Mon 16 Nov and Wed 18 Nov.",
    ],
    [
      "Mon/Wed/Fri, a Sunday",
      monWedFri,
      "2026-11-22",
      "No dose is scheduled on Sun 22 Nov 2026 (10 mg Mon, Wed, Fri): the nearest dose days are Fri 20 Nov and Mon 23 Nov.",
    ],
    [
      "every other day, day 15",
      everyOther,
      "2026-11-17",
      "No dose is scheduled on Tue 17 Nov 2026 (20 mg every other day): the nearest dose days are Mon 16 Nov and Wed 18 Nov.",
    ],
    [
      "3x a week, a Tuesday",
      threeAWeek,
      "2026-11-17",
      "No dose is scheduled on Tue 17 Nov 2026 (20 mg 3x a week): the nearest dose days are Mon 16 Nov and Thu 19 Nov.",
    ],
    [
      "3x a week, a Sunday",
      threeAWeek,
      "2026-11-22",
      "No dose is scheduled on Sun 22 Nov 2026 (20 mg 3x a week): the nearest dose days are Sat 21 Nov and Mon 23 Nov.",
    ],
    [
      "5 on / 2 off, a Saturday",
      cycle,
      "2026-11-21",
      "No dose is scheduled on Sat 21 Nov 2026 (20 mg daily, 5 days on / 2 off): the nearest dose days are Fri 20 Nov and Mon 23 Nov.",
    ],
  ])("%s: refused", (_, c, date, said) => {
    expect(missedDoseRefusal(c, date)).toBe(said);
  });

  it("names the day with its weekday", () => {
    expect(missedDoseRefusal(monWedFri, "2026-11-24")).toBe(
      "No dose is scheduled on Tue 24 Nov 2026 (10 mg Mon, Wed, Fri): the nearest dose days are Mon 23 Nov and Wed 25 Nov.",
    );
  });

  it("reads the regimen in force on the day: a change to every other day counts from its own effective day", () => {
    // Daily to Sun 15 Nov, then every other day from Mon 16 Nov: 16, 18, 20 Nov. Sat 14 Nov is a daily day.
    const changed = course([version("a", "2026-11-02", 20, { kind: "DAILY" }), version("b", "2026-11-16", 20, { kind: "EVERY_N_DAYS", everyNDays: 2 }, 1)]);
    expect(missedDoseRefusal(changed, "2026-11-14")).toBeNull();
    expect(missedDoseRefusal(changed, "2026-11-17")).toBe(
      "No dose is scheduled on Tue 17 Nov 2026 (20 mg every other day): the nearest dose days are Mon 16 Nov and Wed 18 Nov.",
    );
  });

  it("a paused day names the pause; after it an every-other-day pattern counts from the resume day", () => {
    // Every other day from Mon 2 Nov (2, 4, 6, 8 Nov), paused Tue 10 Nov, resumed Fri 13 Nov: 13, 15, 17 Nov.
    const paused = { ...everyOther, pauses: [{ startDate: "2026-11-10", resumeDate: "2026-11-13" }] };
    expect(missedDoseRefusal(paused, "2026-11-10")).toBe(
      "No dose is scheduled on Tue 10 Nov 2026 (the course is paused from Tue 10 Nov to Thu 12 Nov): the nearest dose days are Sun 8 Nov and Fri 13 Nov.",
    );
    expect(missedDoseRefusal(paused, "2026-11-15")).toBeNull();
    expect(missedDoseRefusal(paused, "2026-11-16")).toBe(
      "No dose is scheduled on Mon 16 Nov 2026 (20 mg every other day): the nearest dose days are Sun 15 Nov and Tue 17 Nov.",
    );
  });

  it("an open pause leaves only the last dose day before it; a pause from the first day only the next one", () => {
    expect(missedDoseRefusal(daily({ pauses: [{ startDate: "2026-11-20", resumeDate: null }] }), "2026-11-23")).toBe(
      "No dose is scheduled on Mon 23 Nov 2026 (the course is paused from Fri 20 Nov): the last dose day before it is Thu 19 Nov.",
    );
    expect(missedDoseRefusal(daily({ pauses: [{ startDate: "2026-11-02", resumeDate: "2026-11-05" }] }), "2026-11-03")).toBe(
      "No dose is scheduled on Tue 3 Nov 2026 (the course is paused from Mon 2 Nov to Wed 4 Nov): the next dose day is Thu 5 Nov.",
    );
  });

  it("stops at the course's last day, and says the year of a nearest day in another year", () => {
    // Mon/Wed/Fri from Mon 28 Dec 2026, last day Thu 31 Dec: Fri 1 Jan 2027 is after it.
    const yearEnd = { ...monWedFri, startDate: "2026-12-28", endDate: "2026-12-31", regimens: [{ ...monWedFri.regimens[0]!, effectiveFrom: "2026-12-28" }] };
    expect(missedDoseRefusal(yearEnd, "2026-12-31")).toBe(
      "No dose is scheduled on Thu 31 Dec 2026 (10 mg Mon, Wed, Fri): the last dose day before it is Wed 30 Dec.",
    );
    const across = { ...yearEnd, endDate: null };
    expect(missedDoseRefusal(across, "2026-12-31")).toBe(
      "No dose is scheduled on Thu 31 Dec 2026 (10 mg Mon, Wed, Fri): the nearest dose days are Wed 30 Dec and Fri 1 Jan 2027.",
    );
  });
});
