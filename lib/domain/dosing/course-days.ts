import { fromDay, toDay, type DayNumber, type IsoDate } from "../dates";
import type { CourseInput, RegimenVersion } from "./course-input";
import { isDosingDay, mgPerDosingDay, patternPeriodDays } from "./schedule";
import { supplyCoverage } from "./supply";

/**
 * A course day by day, for the cumulative dose (docs/DOMAIN.md "Cumulative dose"): the regimen in force on
 * each day, paused and missed days, the integer mg taken and the projection to the target (the 28-day
 * average: early-average.ts). Days are integer day numbers, so no date arithmetic can move a dose.
 */

/** Versions that count: those not superseded by a correction, in effective order. */
export function effectiveRegimens(regimens: RegimenVersion[]): RegimenVersion[] {
  const superseded = new Set(regimens.map((r) => r.supersedesId).filter(Boolean));
  return regimens
    .filter((r) => !superseded.has(r.id))
    .sort((a, b) => (a.effectiveFrom === b.effectiveFrom ? a.sequence - b.sequence : a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

export interface PreparedCourse {
  startDay: DayNumber;
  endDay: DayNumber | null;
  regimens: { anchor: DayNumber; schedule: RegimenVersion }[];
  pauses: { start: DayNumber; resume: DayNumber | null }[];
  missed: Set<DayNumber>;
  /** Counting by supply: the days some prescription covers; null when every scheduled day counts. */
  covered: ((day: DayNumber) => boolean) | null;
}

/**
 * The versions the dose counts, one per effective day in effective order: of versions effective the same day,
 * the later one replaces the earlier (a new dose change on a day that already has one). A correction is held
 * to this by changeDose: dated on the day of another version in force, it would replace that one too.
 */
export function countingRegimens(regimens: RegimenVersion[]): RegimenVersion[] {
  const byDay = new Map<DayNumber, RegimenVersion>();
  for (const r of effectiveRegimens(regimens)) byDay.set(toDay(r.effectiveFrom), r);
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}

export function prepare(course: CourseInput, countBySupply = false): PreparedCourse {
  return {
    startDay: toDay(course.startDate),
    endDay: course.endDate ? toDay(course.endDate) : null,
    regimens: countingRegimens(course.regimens).map((schedule) => ({ anchor: toDay(schedule.effectiveFrom), schedule })),
    pauses: course.pauses.map((p) => ({ start: toDay(p.startDate), resume: p.resumeDate ? toDay(p.resumeDate) : null })),
    missed: new Set(course.missedDates.map(toDay)),
    covered: countBySupply && course.supply ? supplyCoverage(course.supply).covers : null,
  };
}

export function isPaused(prepared: PreparedCourse, day: DayNumber): boolean {
  return prepared.pauses.some((p) => day >= p.start && (p.resume === null || day < p.resume));
}

/** Index of the regimen in force on `day`, or -1. Regimens are sorted by anchor. */
export function regimenIndexOn(prepared: PreparedCourse, day: DayNumber): number {
  let idx = -1;
  for (let i = 0; i < prepared.regimens.length; i++) {
    if (prepared.regimens[i]!.anchor <= day) idx = i;
    else break;
  }
  return idx;
}

/**
 * The day the pattern of the regimen in force on `day` counts from: the regimen's own effective date, or
 * the latest resume after a pause since then, whichever is later (docs/DOMAIN.md "Cumulative dose": after
 * a pause, every N days, N times a week and on/off cycles start again on the resume day; chosen weekdays
 * and daily doses do not depend on it). A missed dose moves nothing.
 */
export function patternAnchor(prepared: PreparedCourse, regimenIdx: number, day: DayNumber): DayNumber {
  const own = prepared.regimens[regimenIdx]!.anchor;
  let anchor = own;
  for (const p of prepared.pauses) if (p.resume !== null && p.resume > anchor && p.resume <= day) anchor = p.resume;
  return anchor;
}

/** Integer mg scheduled and taken on one day of the course. */
export function mgOnDay(prepared: PreparedCourse, day: DayNumber, regimenIdx: number): number {
  if (day < prepared.startDay || (prepared.endDay !== null && day > prepared.endDay)) return 0;
  if (regimenIdx < 0 || prepared.missed.has(day) || isPaused(prepared, day)) return 0;
  if (prepared.covered && !prepared.covered(day)) return 0;
  const { schedule } = prepared.regimens[regimenIdx]!;
  return isDosingDay(schedule.pattern, patternAnchor(prepared, regimenIdx, day), day) ? mgPerDosingDay(schedule) : 0;
}

/**
 * Day on which `remainingMg` more is reached, taken as scheduled from the day after `afterDay`, counted as the
 * cumulative dose counts (docs/DOMAIN.md "Cumulative dose"): each day at the regimen in force that day (a dose
 * change recorded ahead counts from its effective day), paused and missed days count 0, and the pattern counts
 * from the regimen's effective day or the resume day after a pause, whichever is later (patternAnchor).
 * Null when the target is not reached by the course's recorded last day, or an open pause comes first.
 * The days ahead fall into stretches with one regimen, one pattern anchor and nothing skipped (split at every
 * regimen's effective day, pause start, resume day, missed day and the end); whole pattern periods of a
 * stretch are skipped arithmetically, so micro-dose courses of years cost the same as short ones.
 */
export function projectDate(prepared: PreparedCourse, afterDay: DayNumber, remainingMg: number): IsoDate | null {
  const first = afterDay + 1;
  const cuts = new Set<DayNumber>();
  for (const r of prepared.regimens) cuts.add(r.anchor);
  for (const p of prepared.pauses) {
    cuts.add(p.start);
    if (p.resume !== null) cuts.add(p.resume);
  }
  for (const m of prepared.missed) cuts.add(m).add(m + 1);
  const boundaries = [...cuts].filter((d) => d > first).sort((a, b) => a - b);
  const lastDay = prepared.endDay ?? Infinity;
  let left = remainingMg;
  let from = first;
  for (let i = 0; from <= lastDay; i++) {
    const to = Math.min(lastDay, i < boundaries.length ? boundaries[i]! - 1 : Infinity);
    const regimenIdx = regimenIndexOn(prepared, from);
    if (regimenIdx >= 0 && !isPaused(prepared, from) && !prepared.missed.has(from)) {
      const { schedule } = prepared.regimens[regimenIdx]!;
      const reached = reachWithin(schedule, patternAnchor(prepared, regimenIdx, from), from, to, left);
      if (typeof reached === "string") return reached;
      left -= reached;
    }
    if (to === Infinity) return null; // an open pause, or a pattern with no dose
    from = to + 1;
  }
  return null;
}

/** Within days `from`-`to` (to may be Infinity) on one pattern anchor: the day `left` mg is reached, or the mg taken there. */
function reachWithin(schedule: RegimenVersion, anchor: DayNumber, from: DayNumber, to: DayNumber, left: number): IsoDate | number {
  const period = patternPeriodDays(schedule.pattern);
  const perDose = mgPerDosingDay(schedule);
  let periodMg = 0;
  for (let d = from; d < from + period; d++) if (isDosingDay(schedule.pattern, anchor, d)) periodMg += perDose;
  if (periodMg === 0) return 0;
  const skipPeriods = Math.min(Math.floor((to - from + 1) / period), Math.max(0, Math.floor(left / periodMg) - 1));
  let taken = skipPeriods * periodMg;
  for (let day = from + skipPeriods * period; day <= to; day++) {
    if (!isDosingDay(schedule.pattern, anchor, day)) continue;
    taken += perDose;
    if (taken >= left) return fromDay(day);
  }
  return taken;
}
