import "server-only";
import { dbDate } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { paperCourseTracksPostCourseTest } from "@/lib/domain/pregnancy";
import { invalidField } from "@/lib/errors";
import type { PaperCourseInput } from "@/lib/validation/paper-course";
import { writeAudit, type AuditActor } from "./audit";
import { assertNoOverlap } from "./course-overlap";
import { createDoseVersion, newCourseData, scheduleAudited } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { checkNotBeforeBirth } from "./date-of-birth-check";
import { lockPatient } from "./locks";
import { getPregnancyRules } from "./pregnancy-history";
import { assertMay } from "./viewer";

/**
 * A finished course entered from paper records by a dermatologist, at any time, also while another course
 * is in progress: its dates, indication, the weight used, and its dose periods or only its total. It never
 * overlaps another course (so the lifetime total counts no day twice), generates no monitoring items (its
 * monitoring happened then) except its post-course pregnancy test when that was still ahead or not yet
 * overdue on the day it is entered (paperCourseTracksPostCourseTest), writes no weight measurement (the
 * weight used is the course's start weight, not a measurement dated today) and no prescription (none was
 * written in this portal).
 */
export async function recordPaperCourse(actor: AuditActor, input: PaperCourseInput, today: string): Promise<string> {
  assertMay(actor, "doses.write");
  return db.$transaction((tx) => insertPaperCourse(tx, actor, input, today));
}

/** The course, its dose periods, the patient's recomputed figures and the audit row, in the caller's transaction. */
export async function insertPaperCourse(
  tx: Tx,
  actor: AuditActor,
  input: PaperCourseInput,
  today: string,
  context: { importBatchId?: string } = {},
): Promise<string> {
  if (input.endDate > today) throw invalidField("endDate", "A course from paper records has ended: its last day cannot be in the future.");
  await lockPatient(tx, input.patientId);
  await assertNoOverlap(tx, input.patientId, { id: "", startDate: input.startDate, endDate: input.endDate }, "startDate");
  await checkNotBeforeBirth(tx, input.patientId, "startDate", input.startDate);
  const postCourseTestTracked = paperCourseTracksPostCourseTest(input.endDate, today, await getPregnancyRules(tx));
  const course = await tx.course.create({
    data: {
      ...newCourseData(actor, input),
      status: input.outcome,
      endDate: dbDate(input.endDate),
      endReason: input.note ?? "Entered from paper records",
      startWeightGrams: input.weightGrams,
      paperRecord: true,
      recordedTotalMg: input.totalMg,
      postCourseTestTracked,
    },
    select: { id: true },
  });
  for (const period of input.periods) {
    await createDoseVersion(tx, actor, {
      courseId: course.id,
      prescriptionId: null,
      effectiveFrom: period.from,
      schedule: period.schedule,
      reason: "Paper record",
      warnings: [],
    });
  }
  await refreshCourseDerived(tx, input.patientId);
  await writeAudit(tx, actor, {
    action: "course.paper_record",
    entityType: "Course",
    entityId: course.id,
    patientId: input.patientId,
    changes: {
      startDate: input.startDate,
      endDate: input.endDate,
      status: input.outcome,
      indication: input.indication,
      regimenIntent: input.regimenIntent,
      targetMgPerKg: input.targetMgPerKg,
      weightGrams: input.weightGrams,
      totalMg: input.totalMg,
      postCourseTestTracked,
      periods: input.periods.map((p) => ({ from: p.from, schedule: scheduleAudited(p.schedule) })),
      importBatchId: context.importBatchId,
    },
  });
  return course.id;
}
