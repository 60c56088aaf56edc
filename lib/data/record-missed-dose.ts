import "server-only";
import { clinicToday, dbDate } from "@/lib/clinic";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { assertWithinCourse, claimCourse, getCourseForWrite } from "./course-write-steps";
import { invalidField } from "@/lib/errors";

/** A missed day counts 0 mg. Recording the same day twice counts once; a day after the clinic's today cannot be missed yet. */
export async function recordMissedDose(actor: AuditActor, input: { courseId: string; version: number; date: string; note?: string }): Promise<void> {
  if (input.date > clinicToday()) throw invalidField("date", "A missed dose cannot be dated in the future.");
  await db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    assertWithinCourse(course, input.date, "date");
    await claimCourse(tx, course.id, input.version);
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
