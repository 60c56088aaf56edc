import "server-only";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { completionBelowTarget } from "@/lib/domain/dosing/targets";
import { formatDate } from "@/lib/format";
import { COURSE_STATUS_LABELS, COURSE_TRANSITION_DONE } from "@/lib/labels";
import type { CourseTransition } from "@/lib/validation/course";
import { writeAudit, type AuditActor } from "./audit";
import type { AuditAction } from "./audit-actions";
import { assertWithinCourse, claimCourse, getCourseForWrite } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { confirmationsDue, invalidField, needsConfirmation, refused } from "@/lib/errors";
import { lockPatient } from "./locks";
import { assertCourseMayRestart } from "./pregnancy-check";
import { getPatientTreatment } from "./treatment";
import { assertMay } from "./viewer";

const TRANSITION_ACTIONS = { PAUSE: "course.pause", RESUME: "course.resume", COMPLETE: "course.complete", STOP: "course.stop" } as const satisfies Record<
  CourseTransition,
  AuditAction
>;

/**
 * Pause, resume, complete or stop. Completing or stopping sets the last day of therapy (inclusive); a
 * course completed or stopped with a last day still ahead may be completed or stopped again on an earlier
 * day. A course is not resumed while a positive or indeterminate pregnancy test stops prescribing.
 */
export async function transitionCourse(
  actor: AuditActor,
  input: { courseId: string; version: number; transition: CourseTransition; date: string; reason: string; ack?: string[] },
): Promise<void> {
  assertMay(actor, "doses.write");
  await db.$transaction(async (tx) => {
    const { patientId } = await getCourseForWrite(tx, input.courseId);
    await lockPatient(tx, patientId);
    // Read again under the lock: the status checked here is the one this write changes.
    const course = await getCourseForWrite(tx, input.courseId);
    assertWithinCourse(course, input.date, "date");
    const allowed: Record<CourseTransition, string[]> = { PAUSE: ["ACTIVE"], RESUME: ["PAUSED"], COMPLETE: ["ACTIVE", "PAUSED"], STOP: ["ACTIVE", "PAUSED"] };
    const ending = input.transition === "COMPLETE" || input.transition === "STOP";
    const recordedEnd = course.endDate ? isoFromDb(course.endDate) : null;
    // Ended on a last day still ahead, the course is in progress until then: its end may come earlier (a
    // positive pregnancy test stops it today), never later.
    const endsAhead = ending && recordedEnd !== null && recordedEnd > clinicToday();
    if (endsAhead && input.date >= recordedEnd)
      throw invalidField("date", `The course already ends on ${formatDate(recordedEnd)}: its end can only come earlier.`);
    if (!endsAhead && !allowed[input.transition].includes(course.status)) {
      const status = COURSE_STATUS_LABELS[course.status].toLowerCase();
      throw refused(`A ${status} course cannot be ${COURSE_TRANSITION_DONE[input.transition]}.`);
    }
    if (input.transition === "RESUME") await assertCourseMayRestart(tx, course.patientId, "resumed");
    const confirmed = input.transition === "COMPLETE" ? await assertTargetReached(actor, course, input.date, input.ack ?? []) : [];
    await claimCourse(tx, course.id, input.version);
    let closedPause: { id: string; startDate: string; resumeDate: string } | null = null;
    if (input.transition === "PAUSE") {
      await tx.coursePause.create({ data: { courseId: course.id, startDate: dbDate(input.date), reason: input.reason, createdById: actor.id } });
      await tx.course.update({ where: { id: course.id }, data: { status: "PAUSED" } });
    } else if (input.transition === "RESUME") {
      const openPause = await tx.coursePause.findFirst({
        where: { courseId: course.id, resumeDate: null, voidedAt: null },
        select: { id: true, startDate: true },
      });
      if (openPause && input.date <= isoFromDb(openPause.startDate)) throw invalidField("date", "Resume after the day the pause started.");
      if (openPause) await tx.coursePause.update({ where: { id: openPause.id }, data: { resumeDate: dbDate(input.date) } });
      await tx.course.update({ where: { id: course.id }, data: { status: "ACTIVE" } });
    } else {
      // The pause the end closes the day after the last day, marked as closed by the ending (not resumed):
      // an open pause begun by then or, when an end still ahead comes earlier, the pause that end closed.
      // One that begins after the last day stays as it is. Reopening the course opens it again.
      const toClose = await tx.coursePause.findFirst({
        where: {
          courseId: course.id,
          voidedAt: null,
          startDate: { lte: dbDate(input.date) },
          ...(endsAhead ? { closedByCourseEnd: true } : { resumeDate: null }),
        },
        select: { id: true, startDate: true },
      });
      if (toClose) {
        await tx.coursePause.update({ where: { id: toClose.id }, data: { resumeDate: dbDate(addDays(input.date, 1)), closedByCourseEnd: true } });
        closedPause = { id: toClose.id, startDate: isoFromDb(toClose.startDate), resumeDate: addDays(input.date, 1) };
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
      changes: {
        date: input.date,
        reason: input.reason,
        from: course.status,
        ...(closedPause ? { closedPause } : {}),
        ...(endsAhead ? { previousEndDate: recordedEnd } : {}),
        ...(confirmed.length ? { acknowledgedWarnings: confirmed } : {}),
      },
    });
  });
}

/**
 * "Complete (target reached)" on a course whose patient is below its target on the last day: confirmed first
 * (completionBelowTarget), as it reads now (`ack`). Read under the patient lock, before this write changes
 * anything. Returns the codes confirmed, for the audit row.
 */
async function assertTargetReached(actor: AuditActor, course: { id: string; patientId: string }, lastDay: string, ack: readonly string[]): Promise<string[]> {
  const treatment = await getPatientTreatment(actor, course.patientId, lastDay);
  const target = treatment.courses.find((c) => c.id === course.id)?.targetMgPerKg ?? null;
  const below = completionBelowTarget(treatment.lifetime.mgPerKg, target);
  const { pending, acknowledged } = confirmationsDue([below], ack);
  if (pending.length) throw needsConfirmation("Check the course's end, then confirm to complete it.", pending);
  return acknowledged;
}
