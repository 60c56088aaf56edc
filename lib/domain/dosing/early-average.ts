import { fromDay, toDay, type DayNumber, type IsoDate } from "../dates";
import { mgOnDay, patternAnchor, regimenIndexOn, type PreparedCourse } from "./course-days";
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
 * course kept to one regimen (at one weight) so reads that regimen's own average from its first day.
 * Either way each day counts at its own weight, as the per-day cumulative mg/kg counts it: a weight measured
 * today is the weight of today and the days ahead, not of the 27 days before (40 mg daily from 60 kg, 38 kg
 * measured today: 0.68 mg/kg/day, not 1.05).
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
 * The average to class by (above), to `lastDay` (min(as-of date, course end)): the mean of the days' mg/kg, each
 * day at its own weight, `weightOn` (the last measurement on or before it since the course started, else the
 * start weight: the weight the per-day cumulative mg/kg counts it at); the days ahead in the cycle in progress
 * at the weight of `lastDay`, the latest. The regimen's own average is at that weight too. `soFarDays` is
 * averageSoFarDays of the course (then lastDay is the as-of date).
 */
export function classifiedAverage(
  prepared: PreparedCourse,
  lastDay: DayNumber,
  weightOn: (day: DayNumber) => number,
  soFarDays: number | null,
): ClassifiedAverage {
  const idx = regimenIndexOn(prepared, lastDay);
  const schedule = idx >= 0 ? prepared.regimens[idx]!.schedule : null;
  const own = schedule ? mgPerPeriod(schedule, fromDay(lastDay)) : null;
  const lastGrams = weightOn(lastDay);
  const regimenMilli = own ? (own.mg * 1_000_000) / (own.days * lastGrams) : null;
  // mg by the weight of their days (integer mg, one division per weight, as the per-day cumulative figure sums them).
  const mgByGrams = new Map<number, number>();
  const add = (grams: number, mg: number) => {
    if (mg > 0) mgByGrams.set(grams, (mgByGrams.get(grams) ?? 0) + mg);
  };
  const milliOver = (days: number) => {
    let total = 0;
    for (const [grams, mg] of mgByGrams) total += (mg * 1_000_000) / grams;
    return total / days;
  };

  if (soFarDays === null) {
    // The last 28 days (an ended course's own last 28 days).
    const from = Math.max(prepared.startDay, lastDay - (AVERAGE_WINDOW_DAYS - 1));
    if (lastDay < from) return { milli: 0, hasDays: false, regimenMilli };
    for (let day = from; day <= lastDay; day++) add(weightOn(day), mgOnDay(prepared, day, regimenIndexOn(prepared, day)));
    return { milli: milliOver(lastDay - from + 1), hasDays: true, regimenMilli };
  }

  // The end of the regimen's cycle in progress, counted from its pattern's anchor (its effective day, or the
  // resume day after a pause), no later than a last day recorded ahead.
  let end = lastDay;
  if (idx >= 0) {
    const period = patternPeriodDays(schedule!.pattern);
    end = lastDay + period - 1 - ((lastDay - patternAnchor(prepared, idx, lastDay)) % period);
    if (prepared.endDay !== null) end = Math.min(end, prepared.endDay);
  }
  for (let day = prepared.startDay; day <= lastDay; day++) add(weightOn(day), mgOnDay(prepared, day, regimenIndexOn(prepared, day)));
  // The rest of the cycle as scheduled: pauses recorded ahead count 0; supply not yet dispensed is not a gap.
  const scheduled = { ...prepared, covered: null };
  for (let day = lastDay + 1; day <= end; day++) add(lastGrams, mgOnDay(scheduled, day, idx));
  return { milli: milliOver(end - prepared.startDay + 1), hasDays: true, regimenMilli };
}
