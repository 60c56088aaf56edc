import { formatDate, formatKgAsEntered } from "@/lib/format";
import { toDay, type IsoDate } from "../dates";
import { checkSchedule, DOSE_LIMITS_MILLI_MG_PER_KG, figureAbove, type DoseCheckResult } from "./checks";
import { countingRegimens, prepare, regimenIndexOn } from "./course-days";
import type { CourseInput, WeightPoint } from "./course-input";
import { weightLookup } from "./cumulative";
import { describeSchedule, scheduleKey, type Schedule } from "./schedule";

/**
 * The dose limits of checkSchedule (lib/domain/dosing/checks.ts: isotretinoin prescribing information, 0.5-1
 * mg/kg/day, up to 2 mg/kg/day in very severe disease) divide by the patient's weight. A dose write is checked
 * against the weight of its day; a weight written later (a new entry, a correction, a void, the course's
 * start weight corrected) moves the mg/kg of the dose already in force, and of a dose change dated ahead (which
 * the latest weight divides: none is dated ahead). These are the limits such a weight puts those doses above,
 * said in the same figures, so that the prescriber is told. A weight is a measured fact: it is never refused for
 * this, and the dose is not changed.
 */

/** The code a weight form sends back to confirm that the weight puts the current dose above a limit. */
export const WEIGHT_DOSE_LIMIT_CODE = "WEIGHT_PUTS_DOSE_ABOVE_LIMIT";
/**
 * The code of the same confirmation when a dose it names is above the label maximum: a confirmation given while
 * the weight put the dose above a lesser limit only (the form sent before another weight or a dose change moved
 * the figure over 2 mg/kg/day) does not give this one.
 */
export const WEIGHT_DOSE_MAXIMUM_CODE = "WEIGHT_PUTS_DOSE_ABOVE_MAXIMUM";

/** A limit of checkSchedule: its two confirmations, and the label maximum it refuses above. */
export type DoseLimit = "DAILY_EQUIVALENT_ABOVE_1_MG_KG" | "DOSING_DAY_ABOVE_2_MG_KG" | "ABOVE_LABEL_MAXIMUM";

export interface DoseLimitFinding {
  courseId: string;
  limit: DoseLimit;
  /** The weight the figure divides by. */
  weightGrams: number;
  /** mg/kg/day (daily-equivalent limits) or mg/kg on a dosing day, thousandths. */
  milliMgPerKg: number;
  /** "At 60 kg the current dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day." */
  message: string;
  /** A dose change scheduled ahead: the day it takes effect ("At 60 kg the dose from 1 Dec 2026, ..."). */
  from?: IsoDate;
  /** The dose the finding is about. */
  schedule: Schedule;
}

/**
 * A course in progress: the regimen in force today (or, with `from`, a dose change scheduled for that later day), and
 * the weight the dose check uses on that day before and after a write.
 */
export interface CourseDoseWeights {
  courseId: string;
  schedule: Schedule;
  gramsBefore: number;
  gramsAfter: number;
  from?: IsoDate;
}

/**
 * Every limit the dose is above. Above the label maximum it is also above 1 mg/kg/day, and so is each dosing
 * day (a day's dose is never less than the average over the pattern), which checkSchedule then leaves unsaid.
 */
function limitsBroken(r: DoseCheckResult): Set<DoseLimit> {
  if (r.aboveMaximum) return new Set(["ABOVE_LABEL_MAXIMUM", "DAILY_EQUIVALENT_ABOVE_1_MG_KG", "DOSING_DAY_ABOVE_2_MG_KG"]);
  return new Set(limitsSaid(r));
}

/** The limits checkSchedule says the dose is above: the label maximum alone, else its dose warnings. */
export function limitsSaid(r: DoseCheckResult): DoseLimit[] {
  if (r.aboveMaximum) return ["ABOVE_LABEL_MAXIMUM"];
  return r.warnings.flatMap((w) => (w.code === "DAILY_EQUIVALENT_ABOVE_1_MG_KG" || w.code === "DOSING_DAY_ABOVE_2_MG_KG" ? [w.code] : []));
}

const LIMIT = DOSE_LIMITS_MILLI_MG_PER_KG;
const figure = figureAbove;
const whole = (milli: number) => String(milli / 1000);

/**
 * One limit said of a dose: `dose` names the weight and the dose ("At 60 kg the current dose, 120 mg daily,"),
 * and the sentence goes on with its figure and the limit.
 */
export function limitSentence(dose: string, schedule: Schedule, r: DoseCheckResult, limit: DoseLimit): string {
  const atTop = schedule.range ? " at the top of its range" : "";
  const daily = r.dailyEquivalentMilliMgPerKg;
  return limit === "DOSING_DAY_ABOVE_2_MG_KG"
    ? `${dose} gives ${figure(r.dosingDayMilliMgPerKg, LIMIT.dosingDayConfirm)} mg/kg on a dosing day${atTop}, above ${whole(LIMIT.dosingDayConfirm)} mg/kg.`
    : limit === "ABOVE_LABEL_MAXIMUM"
      ? `${dose} is ${figure(daily, LIMIT.dailyEquivalentMaximum)} mg/kg/day${atTop}, above ${whole(LIMIT.dailyEquivalentMaximum)} mg/kg/day, the label maximum.`
      : `${dose} is ${figure(daily, LIMIT.dailyEquivalentConfirm)} mg/kg/day${atTop}, above ${whole(LIMIT.dailyEquivalentConfirm)} mg/kg/day.`;
}

/** The figure a limit is about: mg/kg on a dosing day for that limit, else mg/kg/day (thousandths). */
export const limitFigure = (r: DoseCheckResult, limit: DoseLimit) =>
  limit === "DOSING_DAY_ABOVE_2_MG_KG" ? r.dosingDayMilliMgPerKg : r.dailyEquivalentMilliMgPerKg;

function finding(courseId: string, schedule: Schedule, weightGrams: number, r: DoseCheckResult, limit: DoseLimit, from?: IsoDate): DoseLimitFinding {
  // The weight as entered, so that the figure is the dose divided by the weight said. A dose scheduled ahead is named by its date.
  const which = from ? `the dose from ${formatDate(from)}` : "the current dose";
  const dose = `At ${formatKgAsEntered(weightGrams)} ${which}, ${describeSchedule(schedule)},`;
  const message = limitSentence(dose, schedule, r, limit);
  return { courseId, limit, weightGrams, milliMgPerKg: limitFigure(r, limit), message, schedule, ...(from ? { from } : {}) };
}

/** The limits the dose is above at this weight, as checkSchedule says them (the course card's warning). */
export function doseLimitFindings(courseId: string, schedule: Schedule, weightGrams: number, from?: IsoDate): DoseLimitFinding[] {
  const r = checkSchedule(schedule, weightGrams, null);
  return limitsSaid(r).map((limit) => finding(courseId, schedule, weightGrams, r, limit, from));
}

/** The same dose of a course at the same weight above the same limit: one finding, whatever day it is in force from. */
const findingKey = (f: DoseLimitFinding) => JSON.stringify([f.courseId, f.limit, f.weightGrams, scheduleKey(f.schedule)]);

/**
 * Each distinct finding once, the first said (today's dose before the changes scheduled ahead): a dose change
 * ahead that puts back the dose in force today (or an earlier one ahead) is above the same limit at the same
 * weight, which is said already.
 */
export function distinctFindings(findings: readonly DoseLimitFinding[]): DoseLimitFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = findingKey(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The limits a weight write newly puts each course's current dose (or a dose change scheduled ahead) above: said
 * at the weight after the write, and not broken at the weight before it, each distinct finding once. A dose
 * already above a limit (confirmed when it was written, or told when an earlier weight put it there) is not told
 * again; one no longer above it is not told at all.
 */
export function newDoseLimitFindings(courses: readonly CourseDoseWeights[]): DoseLimitFinding[] {
  return distinctFindings(
    courses.flatMap((c) => {
      const before = limitsBroken(checkSchedule(c.schedule, c.gramsBefore, null));
      return doseLimitFindings(c.courseId, c.schedule, c.gramsAfter, c.from).filter((f) => !before.has(f.limit));
    }),
  );
}

/**
 * One confirmation for a write's findings, in one message (`tail` after them); null when there are none. Its code
 * is `codes.maximum` when a dose is above the label maximum, so that a confirmation of a lesser limit, given on a
 * form sent before a weight or a dose moved the figure, does not give it.
 */
export function limitsWarning(
  findings: readonly { limit: DoseLimit; message: string }[],
  codes: { limit: string; maximum: string },
  tail = "",
): { code: string; message: string } | null {
  if (!findings.length) return null;
  const maximum = findings.some((f) => f.limit === "ABOVE_LABEL_MAXIMUM");
  return { code: maximum ? codes.maximum : codes.limit, message: `${findings.map((f) => f.message).join(" ")}${tail}` };
}

/** A weight write's confirmation of its findings, every course's in one message (limitsWarning). */
export const weightDoseLimitWarning = (findings: readonly DoseLimitFinding[]) =>
  limitsWarning(findings, { limit: WEIGHT_DOSE_LIMIT_CODE, maximum: WEIGHT_DOSE_MAXIMUM_CODE }, " Tell the prescriber; the dose is not changed.");

/** A course's doses a weight moves: the regimen in force today, and each dose change scheduled after today. */
export interface DosesAhead {
  /** The regimen in force today; null before the first (a course starting on a day ahead). */
  schedule: Schedule | null;
  /** The dose changes dated after today (within the course), each with the regimen it puts in force on its day, in date order. */
  scheduled: { from: IsoDate; schedule: Schedule }[];
}

/** The doses of a course in progress today that a weight divides: today's, and those of each day ahead a counted version takes effect on. */
export function dosesAhead(course: Pick<CourseInput, "startDate" | "endDate" | "regimens">, today: IsoDate): DosesAhead {
  const { endDate } = course;
  const days = [...new Set(countingRegimens([...course.regimens]).map((r) => r.effectiveFrom))].filter((d) => d > today && (endDate === null || d <= endDate));
  const scheduled = days.flatMap((from) => {
    const s = regimenInForceOn(course, from);
    return s ? [{ from, schedule: s }] : [];
  });
  return { schedule: regimenInForceOn(course, today), scheduled };
}

/**
 * Each dose of `doses` with the day whose weight the dose check divides it by (today for today's dose, its own
 * day for one scheduled ahead), today's first: the weight check reads them before and after its write.
 */
export function dosesByDay(doses: DosesAhead, today: IsoDate): { schedule: Schedule; day: IsoDate; from?: IsoDate }[] {
  return [
    ...(doses.schedule ? [{ schedule: doses.schedule, day: today }] : []),
    ...doses.scheduled.map((d) => ({ schedule: d.schedule, day: d.from, from: d.from })),
  ];
}

/**
 * The course card's: every limit the dose in force today, and each dose change scheduled ahead, is above at the
 * weight the dose check uses on its day (`gramsOn`; the latest, for a day ahead), new or not, each distinct finding once.
 */
export function courseDoseLimitFindings(courseId: string, doses: DosesAhead, gramsOn: (day: IsoDate) => number, today: IsoDate): DoseLimitFinding[] {
  return distinctFindings(dosesByDay(doses, today).flatMap((d) => doseLimitFindings(courseId, d.schedule, gramsOn(d.day), d.from)));
}

/**
 * The weight (g) the dose check uses on a day: the last measurement on or before it and not before the course
 * start, else the course-start weight (weightLookup, as the cumulative dose reads it; weightOn in
 * lib/data/course-write-steps.ts reads the same in the database). `weights` in the order entered.
 */
export function courseWeightOn(weights: readonly WeightPoint[], course: { startDate: IsoDate; startWeightGrams: number }, day: IsoDate): number {
  return weightLookup([...weights], toDay(course.startDate), course.startWeightGrams)(toDay(day));
}

/** The regimen in force on a day, as the cumulative dose counts it (corrections and same-day versions applied); null before the first. */
export function regimenInForceOn(course: Pick<CourseInput, "startDate" | "endDate" | "regimens">, day: IsoDate): Schedule | null {
  const prepared = prepare({ ...course, startWeightGrams: 0, targetMgPerKg: null, pauses: [], missedDates: [] });
  const idx = regimenIndexOn(prepared, toDay(day));
  if (idx < 0) return null;
  const { mgPerIntake, intakesPerDay, pattern, range } = prepared.regimens[idx]!.schedule;
  return { mgPerIntake, intakesPerDay, pattern, range: range ?? null };
}
