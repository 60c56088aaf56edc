import { fromDay, toDay, type DayNumber, type IsoDate } from "../dates";
import { isPaused, mgOnDay, prepare, projectDate, regimenIndexOn } from "./course-days";
import type { CourseInput, RegimenVersion, WeightPoint } from "./course-input";
import { averageSoFarDays, classifiedAverage } from "./early-average";
import { boundSchedule } from "./schedule";
import { classify, DEFAULT_DOSING_SETTINGS, type DoseClass, type DosingSettings } from "./settings";
import { supplyCoverage } from "./supply";

/**
 * Cumulative isotretinoin dose for one course, per docs/DOMAIN.md "Cumulative dose":
 * total mg = the sum, day by day, of the mg scheduled that day by the regimen in force that day, from
 * course start to min(course end, as-of date); paused and missed days count 0. All sums are integer mg;
 * mg/kg is one division at the end (display rounds). Target 120-150 mg/kg per course (default 120):
 * isotretinoin prescribing information; Rademaker, JEADV 2014; Xia et al., JAMA Dermatol 2022.
 */

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
  /** Null when the course has no cumulative target: progress and remaining are then 0 and not shown. */
  targetMgPerKg: number | null;
  targetMg: number;
  progressPercent: number;
  remainingMg: number;
  /** The day the target was reached, when it has been. */
  targetReachedOn: IsoDate | null;
  /**
   * Counted as the cumulative dose counts, from the day after asOf (a course starting later: from its first
   * day), each day at the regimen in force that day (dose changes recorded ahead from their days), skipping
   * pauses recorded ahead; null when ended, when the course's recorded last day or an open pause comes first,
   * or with no dose.
   */
  projectedTargetDate: IsoDate | null;
  avgMgPerKgPerDay28: number;
  doseClass: DoseClass;
  /** Days so far while the course in progress is younger than 28 days (averaged by whole cycles: early-average.ts), else null. */
  averageDaysSoFar: number | null;
  /** The own average (mg/kg/day) of the regimen in force on the last day counted, over its cycle; null without one. */
  regimenMgPerKgPerDay: number | null;
  currentRegimen: RegimenVersion | null;
  isPausedOnAsOf: boolean;
  /** Days from the start to the as-of date (or the end), paused days left out. */
  daysOnTherapy: number;
  /** Dosing days that counted mg (missed and paused days do not). */
  dosesCounted: number;
  /** Scheduled dosing days no prescription covered (to the as-of date or the end); 0 without supply data. */
  supplyGapDays: number;
  /** The last day the course's prescriptions cover; null without supply data. */
  suppliedThrough: IsoDate | null;
  /** Cumulative mg/kg (policy) at the end of each week from the start, and at asOf, for charts (empty when not asked for, or total only). */
  series: { date: IsoDate; mgPerKg: number }[];
  /** Entered from paper records as its total only: no daily figures (series, 28-day average, doses counted). */
  recordedTotalOnly: boolean;
}

/**
 * Weight (grams) in force on a course's day: the last measurement on or before it taken since the course
 * started, else the course-start weight. A measurement from before the start (an earlier course, a paper
 * course's years-old history) never replaces the weight the course started at.
 */
export function weightLookup(weights: WeightPoint[], startDay: DayNumber, fallbackGrams: number): (day: DayNumber) => number {
  const sorted = weights
    .map((w) => ({ day: toDay(w.date), grams: w.grams }))
    .filter((w) => w.day >= startDay)
    .sort((a, b) => a.day - b.day);
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

/**
 * The running sums of the day-by-day loop below, through a day: what the daily refresh stores with a
 * summary so that the next day it adds only the days elapsed (resumeFrom) instead of summing the course
 * again. The per-weight groups keep their order, so the resumed floating-point sum is the same number.
 */
export interface DoseAccumulator {
  /** Last day summed (min(course end, as-of) of the run that produced it). */
  through: IsoDate;
  totalMg: number;
  /** [grams, mg] in first-seen order. */
  mgByGrams: [number, number][];
  targetReachedOn: IsoDate | null;
  /** The day counts of the same days. */
  daysOnTherapy: number;
  dosesCounted: number;
  supplyGapDays: number;
}

export function computeCourseDose(
  course: CourseInput,
  weights: WeightPoint[],
  asOf: IsoDate,
  settings: DosingSettings = DEFAULT_DOSING_SETTINGS,
  /**
   * series: the weekly chart series; stored summaries skip it (it is most of the cost of a long course).
   * resumeFrom: the accumulator of an earlier run on the same course, weights and settings; the loop then
   * starts the day after it. Ignored when it lies past this run's last day (the result is then computed
   * from the start). The caller guarantees nothing before it changed (every write recomputes in full).
   */
  options: { series?: boolean; resumeFrom?: DoseAccumulator | null } = {},
): CourseDoseSummary & { accumulator: DoseAccumulator } {
  const prepared = prepare(course, settings.doseCounting === "SUPPLY");
  const coverage = course.supply ? supplyCoverage(course.supply) : null;
  const scheduled = coverage ? { ...prepared, covered: null } : null;
  const asOfDay = toDay(asOf);
  const lastDay = prepared.endDay === null ? asOfDay : Math.min(prepared.endDay, asOfDay);
  const resume = options.resumeFrom && toDay(options.resumeFrom.through) <= lastDay ? options.resumeFrom : null;
  const withSeries = (options.series ?? true) && resume === null;
  const weightOn = weightLookup(weights, prepared.startDay, course.startWeightGrams);
  const startGrams = course.startWeightGrams;
  const target = course.targetMgPerKg;
  const targetMgMilli = (target ?? 0) * startGrams; // mg x 1000
  const perDayGroups = new Map<number, number>(resume?.mgByGrams ?? []);
  const series: { date: IsoDate; mgPerKg: number }[] = [];

  let totalMg = resume?.totalMg ?? 0;
  let daysOnTherapy = resume?.daysOnTherapy ?? 0;
  let dosesCounted = resume?.dosesCounted ?? 0;
  let supplyGapDays = resume?.supplyGapDays ?? 0;
  let targetReachedOn: IsoDate | null = resume?.targetReachedOn ?? null;
  let regimenIdx = -1;
  const firstDay = resume ? Math.max(prepared.startDay, toDay(resume.through) + 1) : prepared.startDay;
  for (let day = firstDay; day <= lastDay; day++) {
    while (regimenIdx + 1 < prepared.regimens.length && prepared.regimens[regimenIdx + 1]!.anchor <= day) regimenIdx++;
    const mg = mgOnDay(prepared, day, regimenIdx);
    const grams = weightOn(day);
    if (!isPaused(prepared, day)) daysOnTherapy++;
    if (scheduled && !coverage!.covers(day) && mgOnDay(scheduled, day, regimenIdx) > 0) supplyGapDays++;
    if (mg > 0) {
      dosesCounted++;
      totalMg += mg;
      perDayGroups.set(grams, (perDayGroups.get(grams) ?? 0) + mg);
    }
    const policyMgPerKg = settings.weightPolicy === "PER_DAY" ? perWeightSum(perDayGroups) : (totalMg * 1000) / startGrams;
    if (target !== null && targetReachedOn === null && policyMgPerKg >= target && totalMg > 0) targetReachedOn = fromDay(day);
    if (withSeries && ((day - prepared.startDay) % 7 === 6 || day === lastDay)) series.push({ date: fromDay(day), mgPerKg: policyMgPerKg });
  }

  // The loop's own sums, for a later run to resume from (before a paper record's total replaces them).
  const [loopTotalMg, loopGroups, loopTargetReachedOn] = [totalMg, [...perDayGroups], targetReachedOn];
  const recordedTotalOnly = course.recordedTotalMg != null;
  if (recordedTotalOnly) {
    totalMg = course.recordedTotalMg!;
    perDayGroups.clear();
    perDayGroups.set(startGrams, totalMg);
    targetReachedOn = null;
    // The loop's points are the zeros of a course without dose periods, not figures of its days.
    series.length = 0;
  }
  const mgPerKgStartWeight = (totalMg * 1000) / startGrams;
  const mgPerKgPerDayWeight = perWeightSum(perDayGroups);
  const mgPerKg = settings.weightPolicy === "PER_DAY" ? mgPerKgPerDayWeight : mgPerKgStartWeight;
  // The weight on the course's last counted day: an ended course is not judged by a weight measured after it.
  const currentGrams = weightOn(lastDay);
  const weightChangePercent = ((currentGrams - startGrams) * 100) / startGrams;
  const showBothMethods = Math.abs(currentGrams - startGrams) * 100 > settings.weightChangeAlertPercent * startGrams;

  // Remaining mg at the weight the policy divides by from now on.
  const policyGrams = settings.weightPolicy === "PER_DAY" ? currentGrams : startGrams;
  const remainingMg = target === null ? 0 : Math.max(0, Math.ceil(((target - mgPerKg) * policyGrams) / 1000 - 1e-9));
  const targetMg = Math.ceil(targetMgMilli / 1000);

  const currentIdx = regimenIndexOn(prepared, asOfDay);
  const currentRegimen = currentIdx >= 0 ? prepared.regimens[currentIdx]!.schedule : null;
  const isPausedOnAsOf = isPaused(prepared, asOfDay);
  // From the day after asOf, each day at the regimen in force that day; a course starting later from its first day.
  let projectedTargetDate: IsoDate | null = null;
  if (target === null) projectedTargetDate = null;
  else if (remainingMg === 0) projectedTargetDate = targetReachedOn;
  else projectedTargetDate = projectDate(prepared, Math.max(asOfDay, prepared.startDay - 1), remainingMg);

  const averageDaysSoFar = averageSoFarDays(course.startDate, asOf, course.endDate);
  const avg = classifiedAverage(prepared, lastDay, weightOn, averageDaysSoFar);
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
    progressPercent: target ? (mgPerKg * 100) / target : 0,
    remainingMg,
    targetReachedOn,
    projectedTargetDate,
    avgMgPerKgPerDay28: avg.milli / 1000,
    doseClass: classify(avg.milli, avg.hasDays, settings),
    averageDaysSoFar,
    regimenMgPerKgPerDay: avg.regimenMilli === null ? null : avg.regimenMilli / 1000,
    currentRegimen,
    isPausedOnAsOf,
    daysOnTherapy,
    dosesCounted,
    supplyGapDays,
    suppliedThrough: coverage?.suppliedThrough ?? null,
    series,
    recordedTotalOnly,
    accumulator: {
      through: fromDay(lastDay),
      totalMg: loopTotalMg,
      mgByGrams: loopGroups,
      targetReachedOn: loopTargetReachedOn,
      daysOnTherapy,
      dosesCounted,
      supplyGapDays,
    },
  };
}

/**
 * The cumulative dose of a course with range regimens as a band: the least the ranges allow, the planned
 * figure, and the most (docs/DOMAIN.md "Regimens"). Null when no version is written as a range.
 */
export function cumulativeBand(course: CourseInput, weights: WeightPoint[], asOf: IsoDate, settings: DosingSettings = DEFAULT_DOSING_SETTINGS) {
  if (!course.regimens.some((r) => r.range)) return null;
  const at = (bound: "min" | "max") =>
    computeCourseDose({ ...course, regimens: course.regimens.map((r) => ({ ...r, ...boundSchedule(r, bound), range: null })) }, weights, asOf, settings, {
      series: false,
    }).totalMg;
  return { minMg: at("min"), plannedMg: computeCourseDose(course, weights, asOf, settings, { series: false }).totalMg, maxMg: at("max") };
}

/** Target mg for a weight and target (59 kg x 120 mg/kg = 7,080 mg), rounded up to whole mg. */
export function targetMgFor(weightGrams: number, targetMgPerKg: number): number {
  return Math.ceil((weightGrams * targetMgPerKg) / 1000);
}
