import "server-only";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";
import { COURSE_STATUS_LABELS, COURSE_TRANSITION_DONE } from "@/lib/labels";
import type { CourseTransition } from "@/lib/validation/course";
import { writeAudit, type AuditActor } from "./audit";
import type { AuditAction } from "./audit-actions";
import { assertWithinCourse, claimCourse, getCourseForWrite } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { invalidField, refused } from "@/lib/errors";
import { lockPatient } from "./locks";
import { assertCourseMayRestart } from "./pregnancy-check";

const TRANSITION_ACTIONS = { PAUSE: "course.pause", RESUME: "course.resume", COMPLETE: "course.complete", STOP: "course.stop" } as const satisfies Record<
  CourseTransition,
  AuditAction
>;

/**
 * Pause, resume, complete or stop. Completing or stopping sets the last day of therapy (inclusive); a
 * course is not resumed while a positive or indeterminate pregnancy test stops prescribing.
 */
export async function transitionCourse(
  actor: AuditActor,
  input: { courseId: string; version: number; transition: CourseTransition; date: string; reason: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const { patientId } = await getCourseForWrite(tx, input.courseId);
    await lockPatient(tx, patientId);
    // Read again under the lock: the status checked here is the one this write changes.
    const course = await getCourseForWrite(tx, input.courseId);
    assertWithinCourse(course, input.date, "date");
    const allowed: Record<CourseTransition, string[]> = { PAUSE: ["ACTIVE"], RESUME: ["PAUSED"], COMPLETE: ["ACTIVE", "PAUSED"], STOP: ["ACTIVE", "PAUSED"] };
    const recordedEnd = course.endDate ? isoFromDb(course.endDate) : null;
    if (recordedEnd !== null && recordedEnd > clinicToday() && (input.transition === "COMPLETE" || input.transition === "STOP")) {
      // Ended on a last day still ahead, the course is in progress until then: its end may come earlier
      // (a positive pregnancy test stops it today), never later.
      await endEarlier(tx, actor, course, recordedEnd, input);
      return;
    }
    if (!allowed[input.transition].includes(course.status)) {
      const status = COURSE_STATUS_LABELS[course.status].toLowerCase();
      throw refused(`A ${status} course cannot be ${COURSE_TRANSITION_DONE[input.transition]}.`);
    }
    if (input.transition === "RESUME") await assertCourseMayRestart(tx, course.patientId, "resumed");
    await claimCourse(tx, course.id, input.version);
    const openPause = await tx.coursePause.findFirst({
      where: { courseId: course.id, resumeDate: null, voidedAt: null },
      select: { id: true, startDate: true },
    });
    let closedPause: { id: string; startDate: string; resumeDate: string } | null = null;
    if (input.transition === "PAUSE") {
      await tx.coursePause.create({ data: { courseId: course.id, startDate: dbDate(input.date), reason: input.reason, createdById: actor.id } });
      await tx.course.update({ where: { id: course.id }, data: { status: "PAUSED" } });
    } else if (input.transition === "RESUME") {
      if (openPause && input.date <= isoFromDb(openPause.startDate)) throw invalidField("date", "Resume after the day the pause started.");
      if (openPause) await tx.coursePause.update({ where: { id: openPause.id }, data: { resumeDate: dbDate(input.date) } });
      await tx.course.update({ where: { id: course.id }, data: { status: "ACTIVE" } });
    } else {
      // An open pause that began by the end date is closed the day after it, marked as closed by the ending
      // (not resumed); one that begins after the end date stays open. Reopening the course opens it again.
      if (openPause && input.date >= isoFromDb(openPause.startDate)) {
        await tx.coursePause.update({ where: { id: openPause.id }, data: { resumeDate: dbDate(addDays(input.date, 1)), closedByCourseEnd: true } });
        closedPause = { id: openPause.id, startDate: isoFromDb(openPause.startDate), resumeDate: addDays(input.date, 1) };
      }
      await tx.course.update({
        where: { id: course.id },
        data: { status: input.transition === "COMPLETE" ? "COMPLETED" : "STOPPED", endDate: dbDate(input.date), endReason: input.reason },
      });
    }
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: TRANSITION_ACTIONS[input.transition],
      entityType: "Course",
      entityId: course.id,
      patientId: course.patientId,
      changes: { date: input.date, reason: input.reason, from: course.status, ...(closedPause ? { closedPause } : {}) },
    });
  });
}

/**
 * A course completed or stopped with a last day still ahead, ended on an earlier day (not before today's
 * records allow: within the course). A pause the end closed, begun by the new last day, is closed the day
 * after it instead.
 */
async function endEarlier(
  tx: Tx,
  actor: AuditActor,
  course: { id: string; patientId: string; status: string },
  recordedEnd: string,
  input: { version: number; transition: CourseTransition; date: string; reason: string },
) {
  if (input.date >= recordedEnd) throw invalidField("date", `The course already ends on ${formatDate(recordedEnd)}: its end can only come earlier.`);
  await claimCourse(tx, course.id, input.version);
  const closed = await tx.coursePause.findFirst({
    where: { courseId: course.id, closedByCourseEnd: true, voidedAt: null, startDate: { lte: dbDate(input.date) } },
    select: { id: true },
  });
  if (closed) await tx.coursePause.update({ where: { id: closed.id }, data: { resumeDate: dbDate(addDays(input.date, 1)) } });
  await tx.course.update({
    where: { id: course.id },
    data: { status: input.transition === "COMPLETE" ? "COMPLETED" : "STOPPED", endDate: dbDate(input.date), endReason: input.reason },
  });
  await refreshCourseDerived(tx, course.patientId);
  await writeAudit(tx, actor, {
    action: TRANSITION_ACTIONS[input.transition],
    entityType: "Course",
    entityId: course.id,
    patientId: course.patientId,
    changes: { date: input.date, reason: input.reason, from: course.status, previousEndDate: recordedEnd },
  });
}
