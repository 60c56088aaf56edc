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
  const dose = schedule.intakesPerDay > 1 ? `${schedule.mgPerIntake} mg x${schedule.intakesPerDay}` : `${schedule.mgPerIntake} mg`;
  const p = schedule.pattern;
  switch (p.kind) {
    case "DAILY":
      return `${dose} daily`;
    case "EVERY_N_DAYS":
      return p.everyNDays === 2 ? `${dose} every other day` : `${dose} every ${p.everyNDays} days`;
    case "WEEKDAYS":
      return `${dose} ${[...p.weekdays]
        .sort()
        .map((w) => WEEKDAY_NAMES[w - 1])
        .join(", ")}`;
    case "TIMES_PER_WEEK":
      return `${dose} ${p.timesPerWeek}x a week`;
    case "CYCLE":
      return `${dose} daily, ${p.cycleOnDays} days on / ${p.cycleOffDays} off`;
  }
}

export const WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
