import { addDays, type IsoDate } from "../dates";
import type { Pause } from "./course-input";

export type CourseStatus = "ACTIVE" | "PAUSED" | "COMPLETED" | "STOPPED";

/**
 * A course's status on a day. Pauses, resumptions and ends may be recorded ahead of their dates
 * (docs/DOMAIN.md: they take effect on their dates), so the recorded status says what the course will be,
 * not what it is that day. On the day: a course ended on an earlier day, or on that very day (its last
 * day of therapy), is as recorded, completed or stopped; any other is in progress, paused on a day a pause
 * covers (from its first day off to the day before its first day back) and active otherwise.
 * `pauses`: the course's pauses not voided.
 */
export function courseStatusOn(course: { status: CourseStatus; endDate: IsoDate | null; pauses: readonly Pause[] }, day: IsoDate): CourseStatus {
  if ((course.status === "COMPLETED" || course.status === "STOPPED") && (course.endDate === null || course.endDate <= day)) return course.status;
  return pausedOn(course.pauses, day) ? "PAUSED" : "ACTIVE";
}

/** Whether a pause covers the day: from its first day off to the day before its first day back. */
export const pausedOn = (pauses: readonly Pause[], day: IsoDate): boolean =>
  pauses.some((p) => p.startDate <= day && (p.resumeDate === null || day < p.resumeDate));

/** In progress on the day: active or paused then. */
export const inProgressOn = (course: Parameters<typeof courseStatusOn>[0], day: IsoDate): boolean => {
  const status = courseStatusOn(course, day);
  return status === "ACTIVE" || status === "PAUSED";
};

/**
 * Whether, as recorded, the course has a day on therapy after `day`: it is not ended by then, and no pause
 * that has begun by its next day on therapy (the next day, or its first day when it starts later) lasts to its
 * end (open, or closed only by the course's end). A confirmed pregnancy is documented only once this is false
 * for every course (docs/DOMAIN.md): a pause or stop dated next month leaves a month of doses, while a course
 * that has not started yet, paused from its first day, doses on no day.
 */
export function dosesAfter(course: { startDate: IsoDate; status: CourseStatus; endDate: IsoDate | null; pauses: readonly Pause[] }, day: IsoDate): boolean {
  const end = course.status === "COMPLETED" || course.status === "STOPPED" ? course.endDate : null;
  if (end !== null && end <= day) return false;
  const next = addDays(day, 1);
  const firstDay = course.startDate > next ? course.startDate : next;
  return !course.pauses.some((p) => p.startDate <= firstDay && (p.resumeDate === null || (end !== null && p.resumeDate > end)));
}
