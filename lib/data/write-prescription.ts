import "server-only";
import { dbDate } from "@/lib/clinic";
import { db } from "@/lib/db";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import { writeAudit, type AuditActor } from "./audit";
import { patternToRow } from "./course-mapping";
import {
  assertWithinCourse,
  checkDoseWrite,
  checkProductStrength,
  claimCourse,
  createDoseVersion,
  createPrescription,
  getCourseForWrite,
  prescriptionChecksAudited,
  prescriptionContext,
  weightOn,
  type PrescriptionInput,
  scheduleAudited,
} from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { refused } from "@/lib/errors";
import { recordCounselingWithPrescription } from "./pregnancy-check";

export interface PrescriptionWriteInput extends PrescriptionInput {
  courseId: string;
  version: number;
  writtenOn: string;
  schedule: Schedule;
  ack: string[];
}

/** A prescription; when its schedule differs from the regimen in force, it also starts a new regimen version. */
export async function writePrescription(actor: AuditActor, input: PrescriptionWriteInput): Promise<void> {
  checkProductStrength(input);
  await db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    if (course.status !== "ACTIVE") throw refused("Prescriptions can be written only for an active course.");
    assertWithinCourse(course, input.writtenOn, "writtenOn");
    const weightGrams = await weightOn(tx, course, input.writtenOn);
    const rxContext = prescriptionContext(course.patientId, course.id, input.writtenOn, input);
    const { warnings, pregnancy } = await checkDoseWrite(tx, {
      schedule: input.schedule,
      weightGrams,
      capsuleStrengthMg: input.capsuleStrengthMg,
      product: input.product,
      ack: input.ack,
      prescription: rxContext,
    });
    await claimCourse(tx, course.id, input.version);
    const rx = await createPrescription(tx, actor, course.id, input, input.writtenOn, warnings, pregnancy);
    const counseling = await recordCounselingWithPrescription(tx, actor, rxContext);
    const current = await tx.doseChange.findFirst({
      where: { courseId: course.id, effectiveFrom: { lte: dbDate(input.writtenOn) }, supersededBy: null, voidedAt: null },
      orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }],
    });
    const row = patternToRow(input.schedule.pattern);
    const same =
      current &&
      current.mgPerIntake === input.schedule.mgPerIntake &&
      current.intakesPerDay === input.schedule.intakesPerDay &&
      current.pattern === row.pattern &&
      current.everyNDays === row.everyNDays &&
      current.timesPerWeek === row.timesPerWeek &&
      current.cycleOnDays === row.cycleOnDays &&
      current.cycleOffDays === row.cycleOffDays &&
      current.weekdays.join(",") === row.weekdays.join(",") &&
      current.mgPerIntakeMin === (input.schedule.range?.mgMin ?? null) &&
      current.mgPerIntakeMax === (input.schedule.range?.mgMax ?? null) &&
      current.rangeNMin === (input.schedule.range?.nMin ?? null) &&
      current.rangeNMax === (input.schedule.range?.nMax ?? null);
    if (!same) {
      await createDoseVersion(tx, actor, {
        courseId: course.id,
        prescriptionId: rx.id,
        effectiveFrom: input.writtenOn,
        schedule: input.schedule,
        reason: "New prescription",
        warnings,
      });
    }
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: "prescription.create",
      entityType: "Prescription",
      entityId: rx.id,
      patientId: course.patientId,
      changes: {
        courseId: course.id,
        product: input.product,
        capsuleStrengthMg: input.capsuleStrengthMg,
        writtenOn: input.writtenOn,
        daysSupply: input.daysSupply,
        refills: input.refills,
        schedule: scheduleAudited(input.schedule),
        regimenChanged: !same,
        ...prescriptionChecksAudited(warnings, pregnancy, counseling),
      },
    });
  });
}
