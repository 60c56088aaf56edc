import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { invalidField, notFound, refused } from "@/lib/errors";
import type { PaperCourseCorrection } from "@/lib/validation/paper-course";
import { writeAudit, type AuditActor } from "./audit";
import { assertNoOverlap } from "./course-overlap";
import { claimCourse } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { checkNotBeforeBirth } from "./date-of-birth-check";
import { lockPatient } from "./locks";
import { assertMay } from "./viewer";

/**
 * A course from paper records whose recorded figures were entered wrong (its dates, the weight used, or the
 * total when only that was recorded) is corrected by a dermatologist with a reason. Nothing is lost: the
 * figures it replaces are kept in paper_record_versions (shown struck through in the course's history) and
 * the course row holds the corrected ones. A course entered with dose periods has its periods corrected as
 * dose versions (change-dose.ts) and keeps its start date, the first period's. Under the patient lock the
 * corrected dates must still not overlap another course (the exclusion constraint guards behind the check).
 * The lifetime totals, stored summaries and monitoring items are recomputed in the same transaction, with
 * one audit row holding the figures before and after.
 */
export async function correctPaperCourse(actor: AuditActor, input: PaperCourseCorrection, today: string): Promise<void> {
  assertMay(actor, "doses.write");
  await db.$transaction(async (tx) => {
    const found = await tx.course.findUnique({ where: { id: input.courseId }, select: { patientId: true } });
    if (!found) throw notFound("course");
    await lockPatient(tx, found.patientId);
    // Read again under the lock: a correction committed meanwhile is seen.
    const c = await tx.course.findUniqueOrThrow({
      where: { id: input.courseId },
      select: { id: true, patientId: true, paperRecord: true, startDate: true, endDate: true, startWeightGrams: true, recordedTotalMg: true },
    });
    if (!c.paperRecord || !c.endDate) throw refused("Only a course entered from paper records has a paper record to correct; correct its entries instead.");
    const before = { startDate: isoFromDb(c.startDate), endDate: isoFromDb(c.endDate), weightGrams: c.startWeightGrams, totalMg: c.recordedTotalMg };
    const after = { startDate: input.startDate, endDate: input.endDate, weightGrams: input.weightGrams, totalMg: input.totalMg };
    if (before.totalMg !== null && after.totalMg === null) throw invalidField("totalMg", "This course was entered as its total: enter the corrected total.");
    if (before.totalMg === null && after.totalMg !== null)
      throw invalidField("totalMg", "This course was entered with dose periods: correct them in its timeline, not a total.");
    if (after.endDate > today) throw invalidField("endDate", "A course from paper records has ended: its last day cannot be in the future.");
    if (before.totalMg === null) {
      if (after.startDate !== before.startDate)
        throw invalidField("startDate", "This course was entered with dose periods, the first from its start date: the start date stays as recorded.");
      const later = await tx.doseChange.count({ where: { courseId: c.id, voidedAt: null, supersededBy: null, effectiveFrom: { gt: dbDate(after.endDate) } } });
      if (later) throw invalidField("endDate", "A dose period of this course starts after this date: correct or void it first.");
    }
    if (JSON.stringify(before) === JSON.stringify(after)) throw refused("These are the figures on record: change one to correct it.");
    await assertNoOverlap(tx, c.patientId, { id: c.id, startDate: after.startDate, endDate: after.endDate }, "startDate");
    await checkNotBeforeBirth(tx, c.patientId, "startDate", after.startDate);
    await claimCourse(tx, c.id, input.version);
    const kept = await tx.paperRecordVersion.create({
      data: {
        courseId: c.id,
        startDate: c.startDate,
        endDate: c.endDate,
        startWeightGrams: c.startWeightGrams,
        recordedTotalMg: c.recordedTotalMg,
        reason: input.reason,
        replacedById: actor.id,
      },
      select: { id: true },
    });
    await tx.course.update({
      where: { id: c.id },
      data: { startDate: dbDate(after.startDate), endDate: dbDate(after.endDate), startWeightGrams: after.weightGrams, recordedTotalMg: after.totalMg },
    });
    await refreshCourseDerived(tx, c.patientId);
    await writeAudit(tx, actor, {
      action: "course.paper_correct",
      entityType: "Course",
      entityId: c.id,
      patientId: c.patientId,
      changes: { reason: input.reason, keptVersionId: kept.id, before, after },
    });
  });
}
