import { isoWeekday, toDay, type DayNumber, type IsoDate } from "../dates";

/**
 * A dose schedule: whole-capsule mg per intake, intakes per dosing day, and the pattern of dosing days.
 * Patterns cover every regimen in docs/DOMAIN.md: daily (label; low-dose continuous, Lee 2011), every N days
 * (alternate-day, Agarwal IJDVL 2011), chosen weekdays and N times a week (micro-dose and maintenance,
 * Rademaker JEADV 2014/2016), and cycles of X days on / Y off (pulse, Lee 2011).
 */
export type DosePattern =
  | { kind: "DAILY" }
  | { kind: "EVERY_N_DAYS"; everyNDays: number }
  | { kind: "WEEKDAYS"; weekdays: number[] }
  | { kind: "TIMES_PER_WEEK"; timesPerWeek: number }
  | { kind: "CYCLE"; cycleOnDays: number; cycleOffDays: number };

export interface Schedule {
  mgPerIntake: number;
  intakesPerDay: number;
  pattern: DosePattern;
  /** A regimen written as a range: mgPerIntake and the pattern hold the planned values. */
  range?: ScheduleRange | null;
}

/**
 * The bounds of a range regimen as prescribed ("40 mg every 2-4 days", "5-10 mg 1-3 times a week",
 * Rademaker JEADV 2016 for maintenance): of the dose per intake, and of N (every N days, or N times a week).
 */
export interface ScheduleRange {
  mgMin?: number | null;
  mgMax?: number | null;
  nMin?: number | null;
  nMax?: number | null;
}

/**
 * The schedule at one end of its range: "min" takes the least dose and the sparsest pattern (every N days at
 * its longest interval, N times a week at its fewest), "max" the opposite. A schedule without a range is itself.
 */
export function boundSchedule(s: Schedule, bound: "min" | "max"): Schedule {
  const r = s.range;
  if (!r) return s;
  const low = bound === "min";
  const mgPerIntake = (low ? r.mgMin : r.mgMax) ?? s.mgPerIntake;
  const p = s.pattern;
  const pattern: DosePattern =
    p.kind === "EVERY_N_DAYS"
      ? { kind: "EVERY_N_DAYS", everyNDays: (low ? r.nMax : r.nMin) ?? p.everyNDays }
      : p.kind === "TIMES_PER_WEEK"
        ? { kind: "TIMES_PER_WEEK", timesPerWeek: (low ? r.nMin : r.nMax) ?? p.timesPerWeek }
        : p;
  return { mgPerIntake, intakesPerDay: s.intakesPerDay, pattern };
}

/** Length in days after which the pattern repeats itself. */
export function patternPeriodDays(pattern: DosePattern): number {
  switch (pattern.kind) {
    case "DAILY":
      return 1;
    case "EVERY_N_DAYS":
      return pattern.everyNDays;
    case "WEEKDAYS":
    case "TIMES_PER_WEEK":
      return 7;
    case "CYCLE":
      return pattern.cycleOnDays + pattern.cycleOffDays;
  }
}

/**
 * Whether `day` is a dosing day for a pattern anchored at `anchorDay` (the day the schedule took effect).
 * N times a week without chosen weekdays spreads the N intakes evenly over each 7-day block from the
 * anchor (3x/week: days 0, 3, 5), so that every block holds exactly N.
 */
export function isDosingDay(pattern: DosePattern, anchorDay: DayNumber, day: DayNumber): boolean {
  const offset = day - anchorDay;
  if (offset < 0) return false;
  switch (pattern.kind) {
    case "DAILY":
      return true;
    case "EVERY_N_DAYS":
      return offset % pattern.everyNDays === 0;
    case "WEEKDAYS":
      return pattern.weekdays.includes(isoWeekday(day));
    case "TIMES_PER_WEEK":
      return ((offset % 7) * pattern.timesPerWeek) % 7 < pattern.timesPerWeek;
    case "CYCLE":
      return offset % (pattern.cycleOnDays + pattern.cycleOffDays) < pattern.cycleOnDays;
  }
}

export function mgPerDosingDay(schedule: Schedule): number {
  return schedule.mgPerIntake * schedule.intakesPerDay;
}

/** mg over one full period of the pattern, starting at its anchor (integer). */
export function mgPerPeriod(schedule: Schedule, anchor: IsoDate): { mg: number; days: number } {
  const days = patternPeriodDays(schedule.pattern);
  const a = toDay(anchor);
  let mg = 0;
  for (let d = a; d < a + days; d++) if (isDosingDay(schedule.pattern, a, d)) mg += mgPerDosingDay(schedule);
  return { mg, days };
}

/** Plain-language description: "20 mg every other day", "10 mg Mon, Wed, Fri". */
export function describeSchedule(schedule: Schedule): string {
  const r = schedule.range;
  const mg = r && (r.mgMin || r.mgMax) ? `${r.mgMin ?? schedule.mgPerIntake}–${r.mgMax ?? schedule.mgPerIntake}` : `${schedule.mgPerIntake}`;
  const dose = schedule.intakesPerDay > 1 ? `${mg} mg x${schedule.intakesPerDay}` : `${mg} mg`;
  const p = schedule.pattern;
  const n = (planned: number) => (r && (r.nMin || r.nMax) ? `${r.nMin ?? planned}–${r.nMax ?? planned}` : null);
  switch (p.kind) {
    case "DAILY":
      return `${dose} daily`;
    case "EVERY_N_DAYS":
      if (n(p.everyNDays)) return `${dose} every ${n(p.everyNDays)} days`;
      return p.everyNDays === 2 ? `${dose} every other day` : `${dose} every ${p.everyNDays} days`;
    case "WEEKDAYS":
      return `${dose} ${[...p.weekdays]
        .sort()
        .map((w) => WEEKDAY_NAMES[w - 1])
        .join(", ")}`;
    case "TIMES_PER_WEEK":
      return `${dose} ${n(p.timesPerWeek) ?? p.timesPerWeek}x a week`;
    case "CYCLE":
      return `${dose} daily, ${p.cycleOnDays} days on / ${p.cycleOffDays} off`;
  }
}

export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

/** A range regimen's bounds, as one string ("///" for a fixed dose). */
const rangeKey = (s: Schedule) => {
  const r = s.range;
  return [r?.mgMin ?? null, r?.mgMax ?? null, r?.nMin ?? null, r?.nMax ?? null].join("/");
};

/** A pattern as one string, weekdays in order. */
function patternKey(s: Schedule): string {
  const p = s.pattern;
  switch (p.kind) {
    case "DAILY":
      return p.kind;
    case "EVERY_N_DAYS":
      return `${p.kind}:${p.everyNDays}`;
    case "WEEKDAYS":
      return `${p.kind}:${[...new Set(p.weekdays)].sort((a, b) => a - b).join(",")}`;
    case "TIMES_PER_WEEK":
      return `${p.kind}:${p.timesPerWeek}`;
    case "CYCLE":
      return `${p.kind}:${p.cycleOnDays}/${p.cycleOffDays}`;
  }
}

/** What a schedule prescribes, as one string: dose, intakes, pattern and range bounds (weekdays in any order). */
export const scheduleKey = (s: Schedule) => `${s.mgPerIntake}|${s.intakesPerDay}|${patternKey(s)}|${rangeKey(s)}`;

/** Whether two schedules prescribe the same: dose, intakes, pattern and range bounds (weekdays in any order). */
export const sameSchedule = (a: Schedule, b: Schedule): boolean => scheduleKey(a) === scheduleKey(b);
