import { fromDay, isoWeekday, toDay, type DayNumber, type IsoDate } from "../dates";
import { formatDate, formatDayMonth } from "@/lib/format";
import type { CourseInput } from "./course-input";
import { mgOnDay, prepare, regimenIndexOn, type PreparedCourse } from "./course-days";
import { describeSchedule, WEEKDAY_NAMES } from "./schedule";

/**
 * The longest a search for the nearest dose day goes: past the longest pattern period a regimen may have (28 days
 * on and 84 off, lib/validation/course.ts), so only a pause or the course's end leaves none.
 */
const SEARCH_DAYS = 366;

/**
 * A day the course schedules a dose on: within its days, not paused, a dosing day of the regimen in force, its
 * pattern counted from the regimen's effective day or the resume day after a pause (the cumulative dose's own
 * rule, mgOnDay in course-days.ts). A missed dose already recorded, or a day no prescription supplies, leaves the
 * day scheduled: neither moves the schedule (docs/DOMAIN.md "Cumulative dose").
 */
function isScheduled(plan: PreparedCourse, day: DayNumber): boolean {
  return mgOnDay(plan, day, regimenIndexOn(plan, day)) > 0;
}

function nearestDoseDay(plan: PreparedCourse, day: DayNumber, step: 1 | -1): DayNumber | null {
  const last = step === 1 ? Math.min(plan.endDay ?? Infinity, day + SEARCH_DAYS) : plan.startDay;
  for (let d = day + step; step === 1 ? d <= last : d >= last; d += step) if (isScheduled(plan, d)) return d;
  return null;
}

/** "Tue 24 Nov 2026". */
const withWeekday = (day: DayNumber) => `${WEEKDAY_NAMES[isoWeekday(day) - 1]} ${formatDate(fromDay(day))}`;

/** "Mon 23 Nov", the year said only when it is not the one of the day in question. */
function nearDay(day: DayNumber, of: DayNumber): string {
  const date = fromDay(day);
  const sameYear = date.slice(0, 4) === fromDay(of).slice(0, 4);
  return `${WEEKDAY_NAMES[isoWeekday(day) - 1]} ${sameYear ? formatDayMonth(date) : formatDate(date)}`;
}

/**
 * Why no missed dose may be recorded on `date`, or null when the course schedules a dose that day. A missed day
 * counts 0 mg (docs/DOMAIN.md "Cumulative dose"), so one recorded on an off day of an intermittent regimen, or
 * on a paused day, would count nothing while telling the user the dose was taken off: refused, naming the regimen
 * (or the pause) and the nearest dose days before and after, for the user to find the day meant. The course's
 * days are checked before (a date outside them is refused as such).
 */
export function missedDoseRefusal(course: CourseInput, date: IsoDate): string | null {
  // The schedule alone: a day already recorded as missed is still a dose day (recorded again, it is refused as such).
  const plan: PreparedCourse = { ...prepare(course), missed: new Set() };
  const day = toDay(date);
  if (isScheduled(plan, day)) return null;
  const pause = plan.pauses.find((p) => day >= p.start && (p.resume === null || day < p.resume));
  const regimenIdx = regimenIndexOn(plan, day);
  const why = pause
    ? ` (the course is paused from ${nearDay(pause.start, day)}${pause.resume === null ? "" : ` to ${nearDay(pause.resume - 1, day)}`})`
    : regimenIdx >= 0
      ? ` (${describeSchedule(plan.regimens[regimenIdx]!.schedule)})`
      : "";
  const before = nearestDoseDay(plan, day, -1);
  const after = nearestDoseDay(plan, day, 1);
  const nearest =
    before !== null && after !== null
      ? `: the nearest dose days are ${nearDay(before, day)} and ${nearDay(after, day)}`
      : before !== null
        ? `: the last dose day before it is ${nearDay(before, day)}`
        : after !== null
          ? `: the next dose day is ${nearDay(after, day)}`
          : "";
  return `No dose is scheduled on ${withWeekday(day)}${why}${nearest}.`;
}
