import type { IsoDate } from "../dates";
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
  return course.pauses.some((p) => p.startDate <= day && (p.resumeDate === null || day < p.resumeDate)) ? "PAUSED" : "ACTIVE";
}

/** In progress on the day: active or paused then. */
export const inProgressOn = (course: Parameters<typeof courseStatusOn>[0], day: IsoDate): boolean => {
  const status = courseStatusOn(course, day);
  return status === "ACTIVE" || status === "PAUSED";
};
