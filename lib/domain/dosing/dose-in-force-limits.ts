import { formatDate, formatKgAsEntered } from "@/lib/format";
import { addDays, maxDate, type IsoDate } from "../dates";
import { checkSchedule } from "./checks";
import { countingRegimens } from "./course-days";
import type { RegimenVersion, WeightPoint } from "./course-input";
import { describeSchedule, sameSchedule, type Schedule } from "./schedule";
import { courseWeightOn, limitFigure, limitSentence, limitsSaid, limitsWarning, regimenInForceOn, type DoseLimit } from "./weight-dose-limits";

/**
 * A write that puts a dose in force over days already past or at a weight other than the one it was checked at:
 * a dose version voided (the version before it counts again from its date), a course reopened (its dose counts
 * again after its former last day), a dose change, prescription or course start dated back (the weights
 * measured since its date divide it too). The dose check (checkSchedule, lib/domain/dosing/checks.ts: the
 * isotretinoin label's 1 and 2 mg/kg/day, 2 mg/kg on a dosing day) is asked of the dose in force after the
 * write on each day the write changes, from its date on, at the weight the course card divides by that day
 * (courseWeightOn). A dose the write itself puts in force (a dose change, a prescription's regimen, a course's
 * first) above the label maximum on any of those days is refused, as the dose write refuses it at its own date's
 * weight (refusedAboveMaximum); every other limit, and the label maximum of a dose put back in force by a void or a
 * reopening, which writes no dose, is said for the prescriber to confirm. A pause stops the doses counted, not the
 * dose in force: the spans here run over paused days, the course card says a paused course's limits and a weight
 * recorded while it is paused is checked against its dose (lib/data/weight-dose-limits.ts), so a resumption or a
 * pause's void, which puts back no other dose or weight, has nothing to check here.
 */

/** The code the forms send back to confirm the dose a write leaves in force above a limit. */
export const DOSE_IN_FORCE_LIMIT_CODE = "DOSE_IN_FORCE_ABOVE_LIMIT";
/**
 * The code of the same confirmation when some span is above the label maximum: a confirmation given while the
 * dose was above a lesser limit (the form sent before a lower weight was recorded) does not give this one.
 */
export const DOSE_IN_FORCE_MAXIMUM_CODE = "DOSE_IN_FORCE_ABOVE_MAXIMUM";
/** The id a version about to be written carries in `after`: the spans it is in force on are the write's own dose. */
export const NEW_VERSION_ID = "(new)";

/** A course's doses as the dose check reads them: its days, its start weight and its regimen versions. */
export interface CourseDoses {
  startDate: IsoDate;
  /** The last day of therapy, once ended. */
  endDate: IsoDate | null;
  startWeightGrams: number;
  regimens: readonly RegimenVersion[];
}

export interface DoseInForceFinding {
  /** The first day of the span the dose is above the limit at this weight. */
  from: IsoDate;
  /** Its last day; null while it goes on (in force today, or from a day ahead). */
  to: IsoDate | null;
  schedule: Schedule;
  weightGrams: number;
  /** The dose is the one the write itself puts in force (its version is NEW_VERSION_ID), not one put back. */
  written: boolean;
  limit: DoseLimit;
  milliMgPerKg: number;
  message: string;
}

/** The schedule a course gives on a day: none outside its days or before its first version. */
function scheduleOn(course: CourseDoses | null, day: IsoDate): Schedule | null {
  if (!course || day < course.startDate || (course.endDate !== null && day > course.endDate)) return null;
  return regimenInForceOn({ ...course, regimens: [...course.regimens] }, day);
}

/** The id of the version the dose engine counts on a day (the later of a day's versions, corrections applied). */
function versionIdOn(course: CourseDoses, day: IsoDate): string | null {
  let id: string | null = null;
  for (const v of countingRegimens([...course.regimens])) if (v.effectiveFrom <= day) id = v.id;
  return id;
}

/**
 * "From 3 Nov 2026 (in force today)", "From 3 Nov 2026 to 15 Nov 2026", "From 3 Nov 2026 to 30 Nov 2026 (in force
 * today)", "From 1 Dec 2026", "From 1 Dec 2026 to 14 Dec 2026": a span that ends (a later version, the course's
 * last day) is said with its last day, ahead of today too.
 */
function spanWords(from: IsoDate, to: IsoDate | null, today: IsoDate): string {
  const days = to === null ? `From ${formatDate(from)}` : `From ${formatDate(from)} to ${formatDate(to)}`;
  return from <= today && (to === null || to >= today) ? `${days} (in force today)` : days;
}

/**
 * The limits the dose in force after a write is above, on the days from `from` on where the write changes the
 * dose in force (`before`: the course before the write, null for a course it starts), each span of one dose at
 * one weight said once. `weights`: the patient's live weights after the write, in the order entered.
 * `checked`: the dose and weight the write's own dose check already asked about, not asked again.
 */
export function doseInForceFindings(input: {
  before: CourseDoses | null;
  after: CourseDoses;
  weights: readonly WeightPoint[];
  from: IsoDate;
  today: IsoDate;
  checked?: { schedule: Schedule; weightGrams: number };
}): DoseInForceFinding[] {
  const { before, after, weights, today } = input;
  const first = maxDate(input.from, after.startDate);
  // The days the dose or the weight may change on: a version's date (before or after the write), a weight's, a former end.
  const days = new Set<IsoDate>([first]);
  for (const c of [before, after]) for (const v of c ? countingRegimens([...c.regimens]) : []) if (v.effectiveFrom > first) days.add(v.effectiveFrom);
  for (const w of weights) if (w.date > first && w.date <= today) days.add(w.date);
  if (before?.endDate && before.endDate >= first) days.add(addDays(before.endDate, 1));
  const ordered = [...days].filter((d) => after.endDate === null || d <= after.endDate).sort();

  const spans: { from: IsoDate; to: IsoDate | null; schedule: Schedule; weightGrams: number; written: boolean }[] = [];
  ordered.forEach((day, i) => {
    const to = i + 1 < ordered.length ? addDays(ordered[i + 1]!, -1) : after.endDate;
    const schedule = scheduleOn(after, day);
    if (!schedule) return;
    const was = scheduleOn(before, day);
    if (was && sameSchedule(was, schedule)) return;
    const weightGrams = courseWeightOn(weights, after, day);
    const written = versionIdOn(after, day) === NEW_VERSION_ID;
    const last = spans.at(-1);
    // One dose (written or put back) at one weight over adjoining days is one span.
    const joins = last && last.to !== null && addDays(last.to, 1) === day && last.weightGrams === weightGrams && last.written === written;
    if (last && joins && sameSchedule(last.schedule, schedule)) last.to = to;
    else spans.push({ from: day, to, schedule, weightGrams, written });
  });

  return spans.flatMap((s) => {
    if (input.checked && input.checked.weightGrams === s.weightGrams && sameSchedule(input.checked.schedule, s.schedule)) return [];
    const r = checkSchedule(s.schedule, s.weightGrams, null);
    const dose = `${spanWords(s.from, s.to, today)}, at ${formatKgAsEntered(s.weightGrams)} the dose, ${describeSchedule(s.schedule)},`;
    return limitsSaid(r).map((limit) => ({ ...s, limit, milliMgPerKg: limitFigure(r, limit), message: limitSentence(dose, s.schedule, r, limit) }));
  });
}

/**
 * The refusal of a dose write whose own dose is above the label maximum on a day it is in force, at that day's
 * weight (the label's 2 mg/kg/day, refused by checkSchedule at the write's own date's weight); null when none is.
 */
export function refusedAboveMaximum(findings: readonly DoseInForceFinding[]): string | null {
  const above = findings.filter((f) => f.written && f.limit === "ABOVE_LABEL_MAXIMUM");
  if (!above.length) return null;
  return `${above.map((f) => f.message).join(" ")} A dose above 2 mg/kg/day, the label maximum, on any day it is in force cannot be written.`;
}

/** One confirmation for every finding of a write (those refusedAboveMaximum refuses aside), as limitsWarning says it. */
export const doseInForceWarning = (findings: readonly DoseInForceFinding[]) =>
  limitsWarning(findings, { limit: DOSE_IN_FORCE_LIMIT_CODE, maximum: DOSE_IN_FORCE_MAXIMUM_CODE });
