import { formatDate } from "@/lib/format";
import type { IsoDate } from "../dates";
import type { Pause } from "../dosing/course-input";
import { dosesAfter, type CourseStatus } from "../dosing/course-status";

/**
 * How a course still dosing after today is stopped from today, on its page: with its status form, which pauses
 * or stops an active course and stops a paused one (its pause, dated ahead, would leave doses until then); or,
 * ended on a day still ahead, by moving that end earlier; or, not started yet, by pausing it from its first day
 * (no day before it is a day on therapy, and none can be paused or stopped).
 */
export type StopBy = "PAUSE_OR_STOP" | "STOP" | "END_EARLIER" | "PAUSE_FROM_START";

export interface CourseToStop {
  id: string;
  startDate: IsoDate;
  /** The last day recorded ahead (END_EARLIER), else null. */
  endDate: IsoDate | null;
  by: StopBy;
}

/**
 * The course that, as recorded, still doses after today, which a confirmed pregnancy is documented only once
 * stopped or paused (docs/DOMAIN.md; dosesAfter, the rule the decision itself checks); null when none does
 * (no course, or it is ended or paused by tomorrow). A patient has one course in progress at a time.
 */
export function courseToStop(
  courses: readonly { id: string; startDate: IsoDate; status: CourseStatus; endDate: IsoDate | null; pauses: readonly Pause[] }[],
  today: IsoDate,
): CourseToStop | null {
  const c = courses.find((course) => dosesAfter(course, today));
  if (!c) return null;
  if (c.status === "COMPLETED" || c.status === "STOPPED") return { id: c.id, startDate: c.startDate, endDate: c.endDate, by: "END_EARLIER" };
  if (c.status === "ACTIVE" && c.startDate > today) return { id: c.id, startDate: c.startDate, endDate: null, by: "PAUSE_FROM_START" };
  return { id: c.id, startDate: c.startDate, endDate: null, by: c.status === "ACTIVE" ? "PAUSE_OR_STOP" : "STOP" };
}

/**
 * What a positive test's banner asks the dermatologist to do before recording the decision, and the words of
 * the link to the course's form that does it (null: no course to stop, only the decision to record).
 */
export function stopInstruction(c: CourseToStop | null): { text: string; link: string | null } {
  if (!c) return { text: "No dose is due after today: record the decision.", link: null };
  const course = `the course started ${formatDate(c.startDate)}`;
  switch (c.by) {
    case "PAUSE_OR_STOP":
      return { text: "Stop or pause the course from today, then record the decision.", link: `Stop or pause ${course}` };
    case "STOP":
      return { text: "Its pause begins later: stop the course from today, then record the decision.", link: `Stop ${course}` };
    case "PAUSE_FROM_START":
      return {
        text: `The course starts on ${formatDate(c.startDate)}: pause it from that day, with no resumption, then record the decision.`,
        link: `Pause the course starting ${formatDate(c.startDate)}`,
      };
    case "END_EARLIER":
      return { text: `The course ends on ${formatDate(c.endDate)}: end it from today, then record the decision.`, link: `End ${course} earlier` };
  }
}
