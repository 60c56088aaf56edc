import "server-only";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { courseStatusOn } from "@/lib/domain/dosing/course-status";
import { missedDoseRefusal } from "@/lib/domain/dosing/missed-dose-day";
import { writeAudit, type AuditActor } from "./audit";
import { courseInputFromRow, doseChangeSelect } from "./course-mapping";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { assertWithinCourse, claimCourse, getCourseForWrite } from "./course-write-steps";
import { invalidField } from "@/lib/errors";
import { assertMay } from "./viewer";

/**
 * A missed day counts 0 mg. Recording the same day twice counts once; a day after the clinic's today cannot be missed yet.
 * Only a course in progress takes one (one with a recorded last day still ahead included), dated within its days: a course
 * that has ended, and one entered from paper records, keep their figures; their entries are corrected instead.
 * The day must be one the course schedules a dose on (lib/domain/dosing/missed-dose-day.ts): on an off day of an
 * intermittent regimen or a paused day a missed dose would count nothing while the dose meant still counts.
 */
export async function recordMissedDose(actor: AuditActor, input: { courseId: string; version: number; date: string; note?: string }): Promise<void> {
  assertMay(actor, "doses.write");
  const today = clinicToday();
  if (input.date > today) throw invalidField("date", "A missed dose cannot be dated in the future.");
  await db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    const { paperRecord } = await tx.course.findUniqueOrThrow({ where: { id: course.id }, select: { paperRecord: true } });
    if (paperRecord)
      throw invalidField("date", "This course was entered from paper records: no missed dose is added to it. Correct its recorded figures instead.");
    const status = courseStatusOn({ status: course.status, endDate: course.endDate ? isoFromDb(course.endDate) : null, pauses: [] }, today);
    if (status === "COMPLETED" || status === "STOPPED")
      throw invalidField("date", "This course has ended: no missed dose is added to it any more. Correct its entries instead.");
    assertWithinCourse(course, input.date, "date");
    // A write that completed or stopped the course since this status was read changed its version: refused here.
    await claimCourse(tx, course.id, input.version);
    // Read once the course is claimed: its regimen and pauses are those of the version the user saw.
    const refusal = missedDoseRefusal(await scheduleOf(tx, course.id), input.date);
    if (refusal) throw invalidField("date", refusal);
    const created = await tx.missedDose.createMany({
      data: [{ courseId: course.id, date: dbDate(input.date), note: input.note ?? null, createdById: actor.id }],
      skipDuplicates: true,
    });
    if (created.count === 0) throw invalidField("date", "A missed dose is already recorded for that day.");
    await refreshPatientCourseSummaries(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: "dose.missed",
      entityType: "MissedDose",
      patientId: course.patientId,
      changes: { courseId: course.id, date: input.date },
    });
  });
}

/** The course's current regimen versions and pauses, as the cumulative dose reads them. */
async function scheduleOf(tx: Tx, courseId: string) {
  const row = await tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      startDate: true,
      endDate: true,
      startWeightGrams: true,
      targetMgPerKg: true,
      doseChanges: { where: { voidedAt: null }, select: doseChangeSelect },
      pauses: { where: { voidedAt: null }, select: { startDate: true, resumeDate: true } },
    },
  });
  return courseInputFromRow({ ...row, missedDoses: [] });
}
