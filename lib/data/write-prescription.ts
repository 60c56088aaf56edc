import "server-only";
import { dbDate } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { checkPrescription, describeRegimenChange, type RegimenChange } from "@/lib/domain/dosing/prescription-checks";
import type { IsoDate } from "@/lib/domain/dates";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import { writeAudit, type AuditActor } from "./audit";
import { doseChangeSelect, regimenFromRow, supplyFillFromRow } from "./course-mapping";
import {
  assertDispensedOn,
  assertWithinCourse,
  checkDoseWrite,
  checkProductStrength,
  claimCourse,
  createDoseVersion,
  getCourseForWrite,
  prescriptionChecksAudited,
  prescriptionContext,
  weightOn,
  type PrescriptionInput,
  scheduleAudited,
} from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { courseDoses, doseInForceToConfirm, versionToWrite } from "./dose-in-force";
import { lockPatient } from "./locks";
import { createPrescription, recordVersionSet, writtenForInForce } from "./prescription-rows";
import { invalidField, refused, type Warning } from "@/lib/errors";
import { recordCounselingWithPrescription } from "./pregnancy-check";
import { assertMay } from "./viewer";
import { writtenPrescriptionsToConfirm } from "./written-prescriptions";

export interface PrescriptionWriteInput extends PrescriptionInput {
  courseId: string;
  version: number;
  writtenOn: string;
  schedule: Schedule;
  ack: string[];
  /** Why the dose changes, typed by the prescriber: required when the schedule differs from the regimen in force. */
  reason?: string;
}

/** What the prescription did to the course's regimen: "from 60 mg daily to 40 mg daily from 24 Nov 2026", or null. */
export interface PrescriptionWritten {
  regimenChange: string | null;
}

/**
 * The regimen in force on a day (the later of two versions effective the same day, corrections and voided
 * entries left out, as the dose engine counts), and the supply of the prescriptions written on or before it.
 */
async function courseOn(tx: Tx, courseId: string, date: string) {
  const current = await tx.doseChange.findFirst({
    where: { courseId, effectiveFrom: { lte: dbDate(date) }, supersededBy: null, voidedAt: null },
    orderBy: [{ effectiveFrom: "desc" }, { createdAt: "desc" }],
    select: doseChangeSelect,
  });
  const earlier = await tx.prescription.findMany({
    where: { courseId, voidedAt: null, startDate: { lte: dbDate(date) } },
    select: { startDate: true, dispensedOn: true, daysSupply: true, refills: true },
  });
  return {
    inForce: current ? regimenFromRow(current, 0) : null,
    earlierSupply: earlier.map(supplyFillFromRow),
  };
}

/** The reason the prescriber typed for the change, required (a blank one is none). */
function reasonFor(change: RegimenChange, typed: string | undefined): string {
  const reason = typed?.trim();
  if (!reason) throw invalidField("reason", `Enter the reason for changing the dose ${describeRegimenChange(change)}.`);
  return reason;
}

/**
 * A prescription. When its schedule differs from the regimen in force on its start date it also starts a new
 * regimen version, once the prescriber has confirmed the change and typed its reason; a prescription written
 * while earlier supply lasts more than a week past its start is saved once confirmed too
 * (lib/domain/dosing/prescription-checks.ts). It records the version it is written for: the one it starts, or the
 * one in force on its start date (lib/data/prescription-rows.ts). Its change of regimen, dated back, asks first for
 * the dose it leaves in force since its date and for the later prescriptions whose supply lasts and whose start
 * date's regimen it changes away from the one each was written for (written-prescriptions.ts).
 */
export async function writePrescription(actor: AuditActor, input: PrescriptionWriteInput, today: IsoDate): Promise<PrescriptionWritten> {
  assertMay(actor, "doses.write");
  checkProductStrength(input, input.schedule);
  return db.$transaction(async (tx) => {
    const { patientId } = await getCourseForWrite(tx, input.courseId);
    // The weight and the regimen are read under the patient's lock, as a weight write reads the dose in force
    // (weight-dose-limits.ts): of a prescription and a weight saved at once, the second is checked against the first.
    await lockPatient(tx, patientId);
    const course = await getCourseForWrite(tx, input.courseId);
    if (course.status !== "ACTIVE") throw refused("Prescriptions can be written only for an active course.");
    assertWithinCourse(course, input.writtenOn, "writtenOn");
    assertDispensedOn(input, input.writtenOn);
    const weightGrams = await weightOn(tx, course, input.writtenOn);
    const rxContext = prescriptionContext(course.patientId, course.id, input.writtenOn, input);
    const on = await courseOn(tx, course.id, input.writtenOn);
    const { change, warnings: rxWarnings } = checkPrescription({
      ...on,
      prescribed: input.schedule,
      startDate: input.writtenOn,
      supply: { from: input.dispensedOn ?? input.writtenOn, daysSupply: input.daysSupply, refills: input.refills },
    });
    // A change of regimen dated back is in force at the weights measured since its date, and on the start dates of
    // the prescriptions written since, too.
    const changeWarnings = change ? await regimenChangeToConfirm(tx, course, input, weightGrams, today) : [];
    const { warnings, pregnancy } = await checkDoseWrite(tx, {
      schedule: input.schedule,
      weightGrams,
      capsuleStrengthMg: input.capsuleStrengthMg,
      product: input.product,
      ack: input.ack,
      extraWarnings: [...rxWarnings, ...changeWarnings],
      prescription: rxContext,
    });
    const doseChange = change && { ...change, reason: reasonFor(change, input.reason) };
    await claimCourse(tx, course.id, input.version);
    // Written for the regimen in force on its date, or for the version it sets (recorded once that is written).
    const writtenFor = !doseChange && on.inForce ? await writtenForInForce(tx, course.id, on.inForce, input.writtenOn) : null;
    const rx = await createPrescription(tx, actor, course.id, input, input.writtenOn, warnings, pregnancy, writtenFor);
    const counseling = await recordCounselingWithPrescription(tx, actor, rxContext);
    if (doseChange) {
      const set = await createDoseVersion(tx, actor, {
        courseId: course.id,
        prescriptionId: rx.id,
        effectiveFrom: input.writtenOn,
        schedule: input.schedule,
        reason: doseChange.reason,
        warnings,
      });
      await recordVersionSet(tx, rx.id, set.id, input.writtenOn);
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
        regimenChanged: doseChange !== null,
        ...(doseChange ? { doseChangeReason: doseChange.reason } : {}),
        ...prescriptionChecksAudited(warnings, pregnancy, counseling),
      },
    });
    return { regimenChange: doseChange ? describeRegimenChange(doseChange) : null };
  });
}

/**
 * What a prescription's change of regimen asks first, read before the prescription is written (so never about
 * itself): the dose it leaves in force from its date, at the weights in force since (dose-in-force.ts), and the live
 * prescriptions whose supply lasts and whose start date's regimen it changes away from the one each was written for.
 */
async function regimenChangeToConfirm(
  tx: Tx,
  course: { id: string; patientId: string },
  input: PrescriptionWriteInput,
  weightGrams: number,
  today: IsoDate,
): Promise<Warning[]> {
  const before = await courseDoses(tx, course.id);
  const after = { ...before, regimens: [...before.regimens, versionToWrite(before, { effectiveFrom: input.writtenOn, schedule: input.schedule })] };
  const checked = { schedule: input.schedule, weightGrams };
  const inForce = await doseInForceToConfirm(tx, { patientId: course.patientId, before, after, from: input.writtenOn, today, checked });
  const written = await writtenPrescriptionsToConfirm(tx, course.id, before.regimens, after.regimens, today);
  return [inForce, written].filter((w) => w !== null);
}
