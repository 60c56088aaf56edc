import fc from "fast-check";
import { expect, it } from "vitest";
import { addDays } from "../dates";
import type { CourseInput } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { patternArb } from "./generated-patterns";
import type { DosePattern } from "./schedule";
import { classify, DEFAULT_DOSING_SETTINGS } from "./settings";

/**
 * The average dose of a course younger than 28 days (docs/DOMAIN.md "Cumulative dose"): for any pattern, dose,
 * weight, start weekday and day of the first 27, a course kept to its regimen reads the regimen's own average
 * (this test's own arithmetic, below) and its class; with missed doses, the days so far as taken and the rest of
 * the cycle in progress as scheduled, over whole cycles. From the 28th day on, the last 28 days as before.
 */
const MONDAY = "2028-01-03";

/** mg per day over one cycle, from the pattern's definition. */
function ownAverageMgPerDay(pattern: DosePattern, mgPerDay: number): number {
  switch (pattern.kind) {
    case "DAILY":
      return mgPerDay;
    case "EVERY_N_DAYS":
      return mgPerDay / pattern.everyNDays;
    case "WEEKDAYS":
      return (mgPerDay * pattern.weekdays.length) / 7;
    case "TIMES_PER_WEEK":
      return (mgPerDay * pattern.timesPerWeek) / 7;
    case "CYCLE":
      return (mgPerDay * pattern.cycleOnDays) / (pattern.cycleOnDays + pattern.cycleOffDays);
  }
}

function cycleDays(pattern: DosePattern): number {
  if (pattern.kind === "DAILY") return 1;
  if (pattern.kind === "EVERY_N_DAYS") return pattern.everyNDays;
  if (pattern.kind === "CYCLE") return pattern.cycleOnDays + pattern.cycleOffDays;
  return 7;
}

const regimen = fc.record({
  pattern: fc.oneof(
    patternArb,
    fc.integer({ min: 5, max: 9 }).map((everyNDays) => ({ kind: "EVERY_N_DAYS" as const, everyNDays })),
  ),
  mg: fc.constantFrom(5, 8, 10, 16, 20, 25, 30, 40),
  intakes: fc.constantFrom(1, 2),
  kg: fc.integer({ min: 35, max: 140 }),
  startWeekday: fc.integer({ min: 0, max: 6 }),
});

/** The regimen from the start (a Monday plus `startWeekday` days), no pause, these days missed. */
function course(r: { pattern: DosePattern; mg: number; intakes: number; kg: number; startWeekday: number }, missed: string[] = []) {
  const startDate = addDays(MONDAY, r.startWeekday);
  const input: CourseInput = {
    startDate,
    endDate: null,
    startWeightGrams: r.kg * 1000,
    targetMgPerKg: 120,
    regimens: [{ id: "r", effectiveFrom: startDate, mgPerIntake: r.mg, intakesPerDay: r.intakes, pattern: r.pattern, sequence: 0 }],
    pauses: [],
    missedDates: missed,
  };
  return { input, startDate };
}

it("kept to its regimen, a course younger than 28 days reads the regimen's own average, whatever the start weekday", () => {
  fc.assert(
    fc.property(regimen, fc.integer({ min: 1, max: 27 }), (r, day) => {
      const { input, startDate } = course(r);
      const s = computeCourseDose(input, [], addDays(startDate, day - 1), DEFAULT_DOSING_SETTINGS, { series: false });
      const expected = ownAverageMgPerDay(r.pattern, r.mg * r.intakes) / r.kg;
      expect(Math.abs(s.avgMgPerKgPerDay28 - expected)).toBeLessThan(1e-9);
      expect(s.avgMgPerKgPerDay28.toFixed(2)).toBe(expected.toFixed(2));
      expect(s.doseClass).toBe(classify(expected * 1000, true, DEFAULT_DOSING_SETTINGS));
      expect(s.averageDaysSoFar).toBe(day);
      expect(Math.abs(s.regimenMgPerKgPerDay! - expected)).toBeLessThan(1e-9);
    }),
  );
});

it("with missed doses, the days so far count as taken and the rest of the cycle as scheduled, over whole cycles", () => {
  fc.assert(
    fc.property(regimen, fc.integer({ min: 1, max: 27 }), fc.uniqueArray(fc.integer({ min: 0, max: 26 }), { maxLength: 8 }), (r, day, missedAt) => {
      const asOfOffset = day - 1;
      const { startDate } = course(r);
      const { input } = course(
        r,
        missedAt.filter((m) => m <= asOfOffset).map((m) => addDays(startDate, m)),
      );
      const { input: kept } = course(r);
      const windowDays = Math.ceil(day / cycleDays(r.pattern)) * cycleDays(r.pattern);
      const total = (c: CourseInput, offset: number) =>
        computeCourseDose(c, [], addDays(startDate, offset), DEFAULT_DOSING_SETTINGS, { series: false }).totalMg;
      // Taken to the as-of day, then the kept course's mg from the day after it to the end of the cycle in progress.
      const mg = total(input, asOfOffset) + total(kept, windowDays - 1) - total(kept, asOfOffset);
      const s = computeCourseDose(input, [], addDays(startDate, asOfOffset), DEFAULT_DOSING_SETTINGS, { series: false });
      expect(s.avgMgPerKgPerDay28).toBeCloseTo(mg / windowDays / r.kg, 9);
    }),
  );
});

it("from the 28th day on, the figure is the last 28 days' mg over 28 days", () => {
  fc.assert(
    fc.property(regimen, fc.integer({ min: 28, max: 120 }), fc.uniqueArray(fc.integer({ min: 0, max: 119 }), { maxLength: 10 }), (r, day, missedAt) => {
      const { startDate } = course(r);
      const { input } = course(
        r,
        missedAt.filter((m) => m < day).map((m) => addDays(startDate, m)),
      );
      const total = (offset: number) => computeCourseDose(input, [], addDays(startDate, offset), DEFAULT_DOSING_SETTINGS, { series: false }).totalMg;
      const s = computeCourseDose(input, [], addDays(startDate, day - 1), DEFAULT_DOSING_SETTINGS, { series: false });
      expect(s.averageDaysSoFar).toBeNull();
      expect(s.avgMgPerKgPerDay28).toBeCloseTo((total(day - 1) - total(day - 29)) / 28 / r.kg, 9);
    }),
  );
});

it("with weights measured along the course, each day counts at its own weight: the per-day-weight cumulative mg/kg the last 28 days added, over 28", () => {
  const measured = fc.uniqueArray(fc.record({ offset: fc.integer({ min: 1, max: 119 }), kg: fc.integer({ min: 35, max: 140 }) }), {
    maxLength: 4,
    selector: (w) => w.offset,
  });
  fc.assert(
    fc.property(regimen, fc.integer({ min: 28, max: 120 }), measured, (r, day, ws) => {
      const { input, startDate } = course(r);
      const weights = ws.map((w) => ({ date: addDays(startDate, w.offset), grams: w.kg * 1000 }));
      // The cumulative mg/kg counted each day at its own weight (the card's "by each day's weight").
      const perDay = (offset: number) =>
        offset < 0 ? 0 : computeCourseDose(input, weights, addDays(startDate, offset), DEFAULT_DOSING_SETTINGS, { series: false }).mgPerKgPerDayWeight;
      const s = computeCourseDose(input, weights, addDays(startDate, day - 1), DEFAULT_DOSING_SETTINGS, { series: false });
      expect(s.avgMgPerKgPerDay28).toBeCloseTo((perDay(day - 1) - perDay(day - 29)) / 28, 9);
    }),
  );
});
