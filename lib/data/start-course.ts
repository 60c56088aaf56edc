import "server-only";
import { dbDate } from "@/lib/clinic";
import { db } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { formatDate, formatKg } from "@/lib/format";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import type { Indication, RegimenIntent } from "@/lib/generated/prisma/enums";
import { writeAudit, type AuditActor } from "./audit";
import {
  checkDoseWrite,
  checkProductStrength,
  createDoseVersion,
  newCourseData,
  prescriptionChecksAudited,
  prescriptionContext,
  type PrescriptionInput,
  scheduleAudited,
} from "./course-write-steps";
import { assertNoOverlap } from "./course-overlap";
import { createPrescription, recordVersionSet } from "./prescription-rows";
import { refreshCourseDerived } from "./derived";
import { invalidField, refused } from "@/lib/errors";
import { checkNotBeforeBirth } from "./date-of-birth-check";
import { lockPatient } from "./locks";
import { weightToConfirm } from "./record-weight";
import { recordCounselingWithPrescription } from "./pregnancy-check";
import { recentLabsToConfirm } from "./recent-labs";
import { doseInForceToConfirm } from "./dose-in-force";
import { NEW_VERSION_ID } from "@/lib/domain/dosing/dose-in-force-limits";
import { assertMay } from "./viewer";

export interface StartCourseInput extends PrescriptionInput {
  patientId: string;
  indication: Indication;
  regimenIntent: RegimenIntent;
  startDate: string;
  targetMgPerKg: number | null;
  startWeightGrams: number;
  schedule: Schedule;
  ack: string[];
}

/** Starts a course with its first prescription and regimen. Back-dated starts are allowed (paper records). */
export async function startCourse(actor: AuditActor, input: StartCourseInput, today: string): Promise<string> {
  assertMay(actor, "doses.write");
  if (input.startDate > addDays(today, 60)) throw invalidField("startDate", "A course can start at most 60 days from today.");
  checkProductStrength(input, input.schedule);
  return db.$transaction(async (tx) => {
    // Serializes course starts for this patient: at most one course in progress.
    await lockPatient(tx, input.patientId);
    const inProgress = await tx.course.count({ where: { patientId: input.patientId, status: { in: ["ACTIVE", "PAUSED"] } } });
    if (inProgress) throw refused("This patient already has a course in progress. Complete or stop it first.");
    await assertNoOverlap(tx, input.patientId, { id: "", startDate: input.startDate, endDate: null }, "startDate");
    // Its start weight is recorded on its start date: neither is before the patient's birth.
    await checkNotBeforeBirth(tx, input.patientId, "startDate", input.startDate);
    // One weight a day (lib/domain/weight-entry.ts): the start weight is the start day's, and mg/kg divides by it.
    const dayWeight = await tx.weightMeasurement.findFirst({
      where: { patientId: input.patientId, measuredOn: dbDate(input.startDate), voidedAt: null },
      orderBy: [{ enteredAt: "desc" }, { id: "desc" }],
      select: { weightGrams: true },
    });
    if (dayWeight && dayWeight.weightGrams !== input.startWeightGrams)
      throw invalidField(
        "startWeightKg",
        `A weight of ${formatKg(dayWeight.weightGrams)} is already recorded for ${formatDate(input.startDate)}: enter it as the start weight, or replace it first.`,
      );
    const rxContext = prescriptionContext(input.patientId, null, input.startDate, input);
    const labWarning = await recentLabsToConfirm(tx, input.patientId, input.startDate, today);
    // A start weight far from the recorded ones (typed in pounds?) is confirmed with the dose checks' warnings.
    const weightWarning = await weightToConfirm(tx, input.patientId, { date: input.startDate, grams: input.startWeightGrams });
    // Started back, its dose is in force at the weights measured since its start too (dose-in-force.ts).
    const started = { startDate: input.startDate, endDate: null, startWeightGrams: input.startWeightGrams };
    const inForce = await doseInForceToConfirm(tx, {
      patientId: input.patientId,
      before: null,
      after: { ...started, regimens: [{ ...input.schedule, id: NEW_VERSION_ID, effectiveFrom: input.startDate, sequence: 0 }] },
      from: input.startDate,
      today,
      checked: { schedule: input.schedule, weightGrams: input.startWeightGrams },
    });
    const { warnings, pregnancy } = await checkDoseWrite(tx, {
      schedule: input.schedule,
      weightGrams: input.startWeightGrams,
      capsuleStrengthMg: input.capsuleStrengthMg,
      product: input.product,
      ack: input.ack,
      extraWarnings: [labWarning, weightWarning, inForce].filter((w) => w !== null),
      prescription: rxContext,
    });
    const course = await tx.course.create({
      data: { ...newCourseData(actor, input), startWeightGrams: input.startWeightGrams },
      select: { id: true },
    });
    // The start weight is recorded as a measurement of the start day, unless that day is still ahead: no weight
    // is ever dated in the future (the course keeps its start weight either way).
    const sameDayWeight = await tx.weightMeasurement.count({ where: { patientId: input.patientId, measuredOn: dbDate(input.startDate), voidedAt: null } });
    if (!sameDayWeight && input.startDate <= today) {
      await tx.weightMeasurement.create({
        data: { patientId: input.patientId, measuredOn: dbDate(input.startDate), weightGrams: input.startWeightGrams, enteredById: actor.id },
      });
    }
    const rx = await createPrescription(tx, actor, course.id, input, input.startDate, warnings, pregnancy, null);
    const counseling = await recordCounselingWithPrescription(tx, actor, rxContext);
    const startingVersion = await createDoseVersion(tx, actor, {
      courseId: course.id,
      prescriptionId: rx.id,
      effectiveFrom: input.startDate,
      schedule: input.schedule,
      reason: "Course start",
      warnings,
    });
    // The first prescription is written for the starting regimen, which it sets.
    await recordVersionSet(tx, rx.id, startingVersion.id, input.startDate);
    await refreshCourseDerived(tx, input.patientId);
    await writeAudit(tx, actor, {
      action: "course.start",
      entityType: "Course",
      entityId: course.id,
      patientId: input.patientId,
      changes: {
        startDate: input.startDate,
        regimenIntent: input.regimenIntent,
        targetMgPerKg: input.targetMgPerKg,
        startWeightGrams: input.startWeightGrams,
        product: input.product,
        schedule: scheduleAudited(input.schedule),
        prescriptionId: rx.id,
        ...prescriptionChecksAudited(warnings, pregnancy, counseling),
      },
    });
    return course.id;
  });
}
