import "server-only";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { addDays } from "@/lib/domain/dates";
import { db } from "@/lib/db";
import { refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { assertNoOverlap } from "./course-overlap";
import { claimCourse, getCourseForWrite } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { lockPatient } from "./locks";
import { assertCourseMayRestart } from "./pregnancy-check";
import { confirmDoseInForce, courseDoses } from "./dose-in-force";
import { assertMay } from "./viewer";

/**
 * A completed or stopped course reopened by a dermatologist, with a reason (an ending entered in error, or
 * therapy that went on). The ending it undoes is kept in course_reopenings and shown struck through in the
 * history; the course is active again from its start, so it must not overlap a later course, and no other
 * course may be in progress, nor a positive or indeterminate pregnancy test stop prescribing. The ending is
 * undone exactly: a course paused when it ended comes back paused, the pause the ending closed open again
 * (or the pause it left open, when it began after the end date), so no day after the pause start counts
 * until a dermatologist resumes it. Summaries and monitoring items are recomputed in the same transaction.
 * Returns the status the course is back in.
 */
export async function reopenCourse(
  actor: AuditActor,
  input: { courseId: string; version: number; reason: string; ack?: string[] },
): Promise<"ACTIVE" | "PAUSED"> {
  assertMay(actor, "doses.write");
  return db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    await lockPatient(tx, course.patientId);
    const row = await tx.course.findUniqueOrThrow({ where: { id: course.id }, select: { status: true, endDate: true, endReason: true, paperRecord: true } });
    if ((row.status !== "COMPLETED" && row.status !== "STOPPED") || !row.endDate) throw refused("Only a completed or stopped course can be reopened.");
    if (row.paperRecord) throw refused("A course entered from paper records is finished; correct its entries instead of reopening it.");
    await assertCourseMayRestart(tx, course.patientId, "reopened");
    const inProgress = await tx.course.count({ where: { patientId: course.patientId, status: { in: ["ACTIVE", "PAUSED"] } } });
    if (inProgress) throw refused("This patient already has a course in progress. Complete or stop it before reopening this one.");
    await assertNoOverlap(tx, course.patientId, { id: course.id, startDate: isoFromDb(course.startDate), endDate: null }, "reason");
    // Its dose is in force again from the day after its former last day: checked at the weights measured since.
    const before = await courseDoses(tx, course.id);
    const acknowledged = await confirmDoseInForce(
      tx,
      { patientId: course.patientId, before, after: { ...before, endDate: null }, from: addDays(isoFromDb(row.endDate), 1), today: clinicToday() },
      input.ack ?? [],
      "Check the dose this course is reopened on, then confirm to reopen it.",
    );
    await claimCourse(tx, course.id, input.version);
    await tx.courseReopening.create({
      data: {
        courseId: course.id,
        previousStatus: row.status,
        previousEndDate: row.endDate,
        previousEndReason: row.endReason,
        reason: input.reason,
        reopenedById: actor.id,
      },
    });
    // The pause the course was in when it ended: closed by the ending, or left open (it began after the end date).
    const pause = await tx.coursePause.findFirst({
      where: { courseId: course.id, voidedAt: null, OR: [{ resumeDate: null }, { closedByCourseEnd: true }] },
      orderBy: { startDate: "desc" },
      select: { id: true, startDate: true, resumeDate: true },
    });
    if (pause?.resumeDate) await tx.coursePause.update({ where: { id: pause.id }, data: { resumeDate: null, closedByCourseEnd: false } });
    const status = pause ? "PAUSED" : "ACTIVE";
    await tx.course.update({ where: { id: course.id }, data: { status, endDate: null, endReason: null } });
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: "course.reopen",
      entityType: "Course",
      entityId: course.id,
      patientId: course.patientId,
      changes: {
        reason: input.reason,
        ...(acknowledged.length ? { acknowledgedWarnings: acknowledged } : {}),
        before: { status: row.status, endDate: isoFromDb(row.endDate), endReason: row.endReason },
        restored: {
          status,
          pause: pause
            ? {
                id: pause.id,
                startDate: isoFromDb(pause.startDate),
                resumeDate: null,
                resumeDateBefore: pause.resumeDate ? isoFromDb(pause.resumeDate) : null,
              }
            : null,
        },
      },
    });
    return status;
  });
}
