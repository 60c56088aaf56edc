import { fromDay, toDay, type DayNumber, type IsoDate } from "../dates";
import { averageMgPerKgPerDay, isPaused, mgOnDay, prepare, projectDate, regimenIndexOn } from "./course-days";
import type { Schedule } from "./schedule";

/**
 * Cumulative isotretinoin dose for one course, per docs/DOMAIN.md "Cumulative dose":
 * total mg = the sum, day by day, of the mg scheduled that day by the regimen in force that day, from
 * course start to min(course end, as-of date); paused and missed days count 0. All sums are integer mg;
 * mg/kg is one division at the end (display rounds). Target 120-150 mg/kg per course (default 120):
 * isotretinoin prescribing information; Rademaker, JEADV 2014; Xia et al., JAMA Dermatol 2022.
 */

export interface RegimenVersion extends Schedule {
  id: string;
  effectiveFrom: IsoDate;
  /** The version this one corrects; a superseded version never counts. */
  supersedesId?: string | null;
  /** Creation order, to break ties between versions effective the same day (later wins). */
  sequence: number;
}

export interface Pause {
  startDate: IsoDate;
  /** First day back on therapy (exclusive end); null while ongoing. */
  resumeDate: IsoDate | null;
}

export interface WeightPoint {
  date: IsoDate;
  grams: number;
}

export interface CourseInput {
  startDate: IsoDate;
  /** Last day of therapy (inclusive), when completed or stopped. */
  endDate: IsoDate | null;
  startWeightGrams: number;
  targetMgPerKg: number;
  regimens: RegimenVersion[];
  pauses: Pause[];
  missedDates: IsoDate[];
}

/**
 * Which weight the mg/kg divides by. No guideline fixes it (docs/DOMAIN.md): the default divides the total by
 * the weight at course start; PER_DAY sums each day's mg over that day's weight (last measurement on or
 * before the day).
 */
export const WEIGHT_POLICIES = ["COURSE_START", "PER_DAY"] as const;
export type WeightPolicy = (typeof WEIGHT_POLICIES)[number];

export const DOSE_CLASSES = ["none", "micro", "low", "standard", "high"] as const;
export type DoseClass = (typeof DOSE_CLASSES)[number];

export interface DosingSettings {
  weightPolicy: WeightPolicy;
  /** Show both mg/kg figures when weight moved more than this many percent (docs/DOMAIN.md: 5). */
  weightChangeAlertPercent: number;
  /** Class bounds in mg/kg/day, thousandths (docs/DOMAIN.md clinic setting: micro < 0.1, low < 0.4, standard <= 1.0). */
  microBelowMilli: number;
  lowBelowMilli: number;
  standardUpToMilli: number;
}

export const DEFAULT_DOSING_SETTINGS: DosingSettings = {
  weightPolicy: "COURSE_START",
  weightChangeAlertPercent: 5,
  microBelowMilli: 100,
  lowBelowMilli: 400,
  standardUpToMilli: 1000,
};

export interface CourseDoseSummary {
  asOf: IsoDate;
  totalMg: number;
  /** By the clinic's policy. */
  mgPerKg: number;
  mgPerKgStartWeight: number;
  mgPerKgPerDayWeight: number;
  /** True when weight moved beyond the alert percentage: show both figures. */
  showBothMethods: boolean;
  weightChangePercent: number;
  targetMgPerKg: number;
  targetMg: number;
  progressPercent: number;
  remainingMg: number;
  /** The day the target was reached, when it has been. */
  targetReachedOn: IsoDate | null;
  /** At the current regimen, from the day after asOf; null when paused, ended or no dose. */
  projectedTargetDate: IsoDate | null;
  avgMgPerKgPerDay28: number;
  doseClass: DoseClass;
  currentRegimen: RegimenVersion | null;
  isPausedOnAsOf: boolean;
  /** Cumulative mg/kg (policy) at the end of each week from the start, and at asOf, for charts (empty when not asked for). */
  series: { date: IsoDate; mgPerKg: number }[];
}

/** Weight (grams) in force on a day: last measurement on or before it, else the course-start weight. */
function weightLookup(weights: WeightPoint[], fallbackGrams: number): (day: DayNumber) => number {
  const sorted = weights.map((w) => ({ day: toDay(w.date), grams: w.grams })).sort((a, b) => a.day - b.day);
  let i = -1;
  let lastDay = -Infinity;
  return (day) => {
    // Calls come in increasing day order; reset if not.
    if (day < lastDay) i = -1;
    lastDay = day;
    while (i + 1 < sorted.length && sorted[i + 1]!.day <= day) i++;
    return i >= 0 ? sorted[i]!.grams : fallbackGrams;
  };
}

/** Sum of mg/kg over groups of days sharing a weight: one division per weight, not per day. */
function perWeightSum(mgByGrams: Map<number, number>): number {
  let total = 0;
  for (const [grams, mg] of mgByGrams) total += (mg * 1000) / grams;
  return total;
}

export function computeCourseDose(
  course: CourseInput,
  weights: WeightPoint[],
  asOf: IsoDate,
  settings: DosingSettings = DEFAULT_DOSING_SETTINGS,
  /** The weekly chart series; stored summaries skip it (it is most of the cost of a long course). */
  options: { series?: boolean } = {},
): CourseDoseSummary {
  const withSeries = options.series ?? true;
  const prepared = prepare(course);
  const asOfDay = toDay(asOf);
  const lastDay = prepared.endDay === null ? asOfDay : Math.min(prepared.endDay, asOfDay);
  const weightOn = weightLookup(weights, course.startWeightGrams);
  const startGrams = course.startWeightGrams;
  const targetMgMilli = course.targetMgPerKg * startGrams; // mg x 1000
  const perDayGroups = new Map<number, number>();
  const series: { date: IsoDate; mgPerKg: number }[] = [];

  let totalMg = 0;
  let targetReachedOn: IsoDate | null = null;
  let regimenIdx = -1;
  for (let day = prepared.startDay; day <= lastDay; day++) {
    while (regimenIdx + 1 < prepared.regimens.length && prepared.regimens[regimenIdx + 1]!.anchor <= day) regimenIdx++;
    const mg = mgOnDay(prepared, day, regimenIdx);
    const grams = weightOn(day);
    if (mg > 0) {
      totalMg += mg;
      perDayGroups.set(grams, (perDayGroups.get(grams) ?? 0) + mg);
    }
    const policyMgPerKg = settings.weightPolicy === "PER_DAY" ? perWeightSum(perDayGroups) : (totalMg * 1000) / startGrams;
    if (targetReachedOn === null && policyMgPerKg >= course.targetMgPerKg && totalMg > 0) targetReachedOn = fromDay(day);
    if (withSeries && ((day - prepared.startDay) % 7 === 6 || day === lastDay)) series.push({ date: fromDay(day), mgPerKg: policyMgPerKg });
  }

  const mgPerKgStartWeight = (totalMg * 1000) / startGrams;
  const mgPerKgPerDayWeight = perWeightSum(perDayGroups);
  const mgPerKg = settings.weightPolicy === "PER_DAY" ? mgPerKgPerDayWeight : mgPerKgStartWeight;
  const currentGrams = weightOn(asOfDay);
  const weightChangePercent = ((currentGrams - startGrams) * 100) / startGrams;
  const showBothMethods = Math.abs(currentGrams - startGrams) * 100 > settings.weightChangeAlertPercent * startGrams;

  // Remaining mg at the weight the policy divides by from now on.
  const policyGrams = settings.weightPolicy === "PER_DAY" ? currentGrams : startGrams;
  const remainingMg = Math.max(0, Math.ceil(((course.targetMgPerKg - mgPerKg) * policyGrams) / 1000 - 1e-9));
  const targetMg = Math.ceil(targetMgMilli / 1000);

  const currentIdx = regimenIndexOn(prepared, asOfDay);
  const currentRegimen = currentIdx >= 0 ? prepared.regimens[currentIdx]!.schedule : null;
  const isPausedOnAsOf = isPaused(prepared, asOfDay);
  const ended = prepared.endDay !== null && prepared.endDay <= asOfDay;

  let projectedTargetDate: IsoDate | null = null;
  if (remainingMg === 0) projectedTargetDate = targetReachedOn;
  else if (!ended && !isPausedOnAsOf && currentIdx >= 0) {
    projectedTargetDate = projectDate(prepared, currentIdx, Math.max(asOfDay, prepared.startDay - 1), remainingMg);
  }

  const avg = averageMgPerKgPerDay(prepared, asOfDay, lastDay, currentGrams);
  return {
    asOf,
    totalMg,
    mgPerKg,
    mgPerKgStartWeight,
    mgPerKgPerDayWeight,
    showBothMethods,
    weightChangePercent,
    targetMgPerKg: course.targetMgPerKg,
    targetMg,
    progressPercent: course.targetMgPerKg > 0 ? (mgPerKg * 100) / course.targetMgPerKg : 0,
    remainingMg,
    targetReachedOn,
    projectedTargetDate,
    avgMgPerKgPerDay28: avg.milli / 1000,
    doseClass: classify(avg.milli, avg.hasDays, settings),
    currentRegimen,
    isPausedOnAsOf,
    series,
  };
}

export function classify(milliMgPerKgPerDay: number, hasDays: boolean, settings: DosingSettings): DoseClass {
  if (!hasDays || milliMgPerKgPerDay === 0) return "none";
  if (milliMgPerKgPerDay < settings.microBelowMilli) return "micro";
  if (milliMgPerKgPerDay < settings.lowBelowMilli) return "low";
  if (milliMgPerKgPerDay <= settings.standardUpToMilli) return "standard";
  return "high";
}

/** Lifetime totals across a patient's courses (docs/DOMAIN.md: "also a lifetime total across courses"). */
export function lifetimeTotals(summaries: Pick<CourseDoseSummary, "totalMg" | "mgPerKg">[]) {
  return {
    totalMg: summaries.reduce((sum, s) => sum + s.totalMg, 0),
    mgPerKg: summaries.reduce((sum, s) => sum + s.mgPerKg, 0),
  };
}

/** Target mg for a weight and target (59 kg x 120 mg/kg = 7,080 mg), rounded up to whole mg. */
export function targetMgFor(weightGrams: number, targetMgPerKg: number): number {
  return Math.ceil((weightGrams * targetMgPerKg) / 1000);
}
