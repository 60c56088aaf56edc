import { fromDay, toDay, type DayNumber, type IsoDate } from "../dates";
import { averageMgPerKgPerDay, mgOnDay, patternAnchor, regimenIndexOn, type PreparedCourse } from "./course-days";
import { mgPerPeriod, patternPeriodDays } from "./schedule";
import { AVERAGE_WINDOW_DAYS } from "./settings";

/**
 * The average daily dose the class is taken from (docs/DOMAIN.md "Cumulative dose", classification): the last
 * 28 days; an ended course its own last 28 days (to its last day). A course in progress younger than 28 days
 * has no 28 days yet, and its days so far alone misread an intermittent regimen by where they fall in its cycle
 * (10 mg 3x a week at 70 kg, on the first day, a dose day: 10 mg / 1 day = 0.14 mg/kg/day, "low", for a
 * micro-dose regimen of 30 mg a week = 0.06). Such regimens are prescribed as cycles (a few times a week,
 * Rademaker JEADV 2014 and 2016; every other day, Agarwal IJDVL 2011; 1 week in 4, Lee 2011) and no guideline
 * says how a course's first weeks are averaged, so the product's rule: over whole cycles of the regimen in force,
 * from the start to the end of the cycle in progress, the days so far as taken (missed, paused and, when the
 * clinic counts by supply, unsupplied days count 0) and the rest of the cycle as the regimen schedules it. A
 * course kept to one regimen so reads that regimen's own average from its first day.
 */

/**
 * The days from a course's start to `asOf` (both counted) while fewer than 28 and the course is in progress on
 * `asOf` (its last day, if recorded, still ahead); null otherwise: the figure is then over the last 28 days, or
 * an ended course's own days. The dashboard and the course page label the figure "so far" from it.
 */
export function averageSoFarDays(startDate: IsoDate, asOf: IsoDate, endDate: IsoDate | null): number | null {
  if (endDate !== null && endDate <= asOf) return null;
  const days = toDay(asOf) - toDay(startDate) + 1;
  return days >= 1 && days < AVERAGE_WINDOW_DAYS ? days : null;
}

export interface ClassifiedAverage {
  /** mg/kg/day in thousandths. */
  milli: number;
  hasDays: boolean;
  /** The own average of the regimen in force on the last day counted (mg per cycle / cycle days), thousandths. */
  regimenMilli: number | null;
}

/**
 * The average to class by (above), to `lastDay` (min(as-of date, course end)), divided by `grams` (the weight
 * on that day). `soFarDays` is averageSoFarDays of the course (then lastDay is the as-of date).
 */
export function classifiedAverage(prepared: PreparedCourse, lastDay: DayNumber, grams: number, soFarDays: number | null): ClassifiedAverage {
  const idx = regimenIndexOn(prepared, lastDay);
  const schedule = idx >= 0 ? prepared.regimens[idx]!.schedule : null;
  const own = schedule ? mgPerPeriod(schedule, fromDay(lastDay)) : null;
  const regimenMilli = own ? (own.mg * 1_000_000) / (own.days * grams) : null;
  if (soFarDays === null) return { ...averageMgPerKgPerDay(prepared, lastDay, grams), regimenMilli };

  // The end of the regimen's cycle in progress, counted from its pattern's anchor (its effective day, or the
  // resume day after a pause), no later than a last day recorded ahead.
  let end = lastDay;
  if (idx >= 0) {
    const period = patternPeriodDays(schedule!.pattern);
    end = lastDay + period - 1 - ((lastDay - patternAnchor(prepared, idx, lastDay)) % period);
    if (prepared.endDay !== null) end = Math.min(end, prepared.endDay);
  }
  let mg = 0;
  for (let day = prepared.startDay; day <= lastDay; day++) mg += mgOnDay(prepared, day, regimenIndexOn(prepared, day));
  // The rest of the cycle as scheduled: pauses recorded ahead count 0; supply not yet dispensed is not a gap.
  const scheduled = { ...prepared, covered: null };
  for (let day = lastDay + 1; day <= end; day++) mg += mgOnDay(scheduled, day, idx);
  const days = end - prepared.startDay + 1;
  return { milli: (mg * 1_000_000) / (days * grams), hasDays: true, regimenMilli };
}
