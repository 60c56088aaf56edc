import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { checkSchedule, productById } from "@/lib/domain/dosing/checks";
import type { PrescribingDecision } from "@/lib/domain/pregnancy";
import { addDays } from "@/lib/domain/dates";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import type { Indication, RegimenIntent } from "@/lib/generated/prisma/enums";
import { COURSE_STATUS_LABELS, COURSE_TRANSITION_DONE } from "@/lib/labels";
import type { CourseTransition } from "@/lib/validation/course";
import { writeAudit, type AuditActor } from "./audit";
import type { AuditAction } from "./audit-actions";
import { patternToRow } from "./course-mapping";
import { refreshCourseDerived } from "./derived";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { ActionRefusal, conflict, fieldError, notFound } from "./errors";
import { lockPatient } from "./locks";
import { decidePrescription, recordCounselingWithPrescription, type PrescriptionPregnancyContext } from "./pregnancy-check";

interface PrescriptionInput {
  product: string;
  capsuleStrengthMg: number;
  daysSupply: number;
  refills: number;
  /** The prescriber's pregnancy-prevention counseling, recorded with this prescription. */
  counseled?: boolean;
  confirmationNumber?: string;
}

/**
 * Claims the course for this write: bumps its version only if it is still the version the user saw.
 * The row lock is held to the end of the transaction, so of two dermatologists saving at once one wins
 * and the other gets a conflict; nothing is applied twice.
 */
async function claimCourse(tx: Tx, courseId: string, version: number) {
  const updated = await tx.course.updateMany({ where: { id: courseId, version }, data: { version: { increment: 1 } } });
  if (updated.count === 1) return;
  const exists = await tx.course.count({ where: { id: courseId } });
  throw exists ? conflict() : notFound("course");
}

/** Weight (g) in force on a day: last measurement on or before it, else the course-start weight. */
async function weightOn(tx: Tx, patientId: string, date: string, fallbackGrams: number): Promise<number> {
  const w = await tx.weightMeasurement.findFirst({
    where: { patientId, measuredOn: { lte: dbDate(date) } },
    orderBy: [{ measuredOn: "desc" }, { enteredAt: "desc" }],
    select: { weightGrams: true },
  });
  return w?.weightGrams ?? fallbackGrams;
}

interface DoseCheckContext {
  schedule: Schedule;
  weightGrams: number;
  capsuleStrengthMg: number | null;
  ack: string[];
  /** For a prescription: the pregnancy-prevention rules decide whether it may be written. */
  prescription?: PrescriptionPregnancyContext;
}

/**
 * Hard limits refuse the write; warnings need the prescriber's explicit confirmation (ack codes). For a
 * prescription, the pregnancy-prevention decision refuses with its reasons or adds its confirmations.
 */
async function checkDoseWrite(tx: Tx, ctx: DoseCheckContext): Promise<{ warnings: string[]; pregnancy: PrescribingDecision | null }> {
  const result = checkSchedule(ctx.schedule, ctx.weightGrams, ctx.capsuleStrengthMg);
  if (result.errors.length) throw fieldError("mgPerIntake", result.errors.join(" "));
  const pregnancy = ctx.prescription ? await decidePrescription(tx, ctx.prescription) : null;
  const warnings: { code: string; message: string }[] = [...result.warnings, ...(pregnancy?.confirmations ?? [])];
  const pending = warnings.filter((w) => !ctx.ack.includes(w.code));
  if (pending.length) throw new ActionRefusal({ status: "confirm", message: "Review and confirm these warnings to save.", warnings: pending });
  return { warnings: warnings.map((w) => w.code), pregnancy };
}

const prescriptionContext = (patientId: string, courseId: string | null, date: string, p: PrescriptionInput): PrescriptionPregnancyContext => ({
  patientId,
  courseId,
  date,
  daysSupply: p.daysSupply,
  refills: p.refills,
  counseling: p.counseled ? { confirmationNumber: p.confirmationNumber ?? null } : null,
});

function checkProductStrength(p: PrescriptionInput) {
  const product = productById(p.product);
  if (!product || !(product.strengthsMg as readonly number[]).includes(p.capsuleStrengthMg)) {
    throw fieldError("capsuleStrengthMg", `${product?.name ?? "This product"} comes in ${product?.strengthsMg.join(", ")} mg capsules.`);
  }
}

/** One prescription row; its start date is the day it is written. */
function createPrescription(tx: Tx, actor: AuditActor, courseId: string, p: PrescriptionInput, writtenOn: string, warnings: string[], pregnancy: PrescribingDecision | null) {
  return tx.prescription.create({
    data: {
      courseId,
      prescriberId: actor.id,
      product: p.product,
      capsuleStrengthMg: p.capsuleStrengthMg,
      writtenOn: dbDate(writtenOn),
      startDate: dbDate(writtenOn),
      daysSupply: p.daysSupply,
      refills: p.refills,
      acknowledgedWarnings: warnings,
      dispenseBy: pregnancy?.dispenseBy ? dbDate(pregnancy.dispenseBy) : null,
      pregnancyTestId: pregnancy?.windowTest?.id ?? null,
    },
    select: { id: true },
  });
}

/** One regimen version (never updated afterwards). */
function createDoseVersion(
  tx: Tx,
  actor: AuditActor,
  v: { courseId: string; prescriptionId: string | null; effectiveFrom: string; schedule: Schedule; reason: string; supersedesId?: string | null; warnings: string[] },
) {
  return tx.doseChange.create({
    data: {
      courseId: v.courseId,
      prescriptionId: v.prescriptionId,
      effectiveFrom: dbDate(v.effectiveFrom),
      mgPerIntake: v.schedule.mgPerIntake,
      intakesPerDay: v.schedule.intakesPerDay,
      ...patternToRow(v.schedule.pattern),
      reason: v.reason,
      supersedesId: v.supersedesId ?? null,
      acknowledgedWarnings: v.warnings,
      createdById: actor.id,
    },
    select: { id: true },
  });
}

export interface StartCourseInput extends PrescriptionInput {
  patientId: string;
  indication: Indication;
  regimenIntent: RegimenIntent;
  startDate: string;
  targetMgPerKg: number;
  startWeightGrams: number;
  schedule: Schedule;
  ack: string[];
}

/** Starts a course with its first prescription and regimen. Back-dated starts are allowed (paper records). */
export async function startCourse(actor: AuditActor, input: StartCourseInput, today: string): Promise<string> {
  if (input.startDate > addDays(today, 60)) throw fieldError("startDate", "A course can start at most 60 days from today.");
  checkProductStrength(input);
  return db.$transaction(async (tx) => {
    // Serializes course starts for this patient: at most one course in progress.
    await lockPatient(tx, input.patientId);
    const inProgress = await tx.course.count({ where: { patientId: input.patientId, status: { in: ["ACTIVE", "PAUSED"] } } });
    if (inProgress) throw new ActionRefusal({ status: "error", message: "This patient already has a course in progress. Complete or stop it first." });
    const rxContext = prescriptionContext(input.patientId, null, input.startDate, input);
    const { warnings, pregnancy } = await checkDoseWrite(tx, {
      schedule: input.schedule,
      weightGrams: input.startWeightGrams,
      capsuleStrengthMg: input.capsuleStrengthMg,
      ack: input.ack,
      prescription: rxContext,
    });
    const course = await tx.course.create({
      data: {
        patientId: input.patientId,
        dermatologistId: actor.id,
        indication: input.indication,
        regimenIntent: input.regimenIntent,
        startDate: dbDate(input.startDate),
        targetMgPerKg: input.targetMgPerKg,
        startWeightGrams: input.startWeightGrams,
      },
      select: { id: true },
    });
    const sameDayWeight = await tx.weightMeasurement.count({ where: { patientId: input.patientId, measuredOn: dbDate(input.startDate) } });
    if (!sameDayWeight) {
      await tx.weightMeasurement.create({ data: { patientId: input.patientId, measuredOn: dbDate(input.startDate), weightGrams: input.startWeightGrams, enteredById: actor.id } });
    }
    const rx = await createPrescription(tx, actor, course.id, input, input.startDate, warnings, pregnancy);
    const counseling = await recordCounselingWithPrescription(tx, actor, rxContext);
    await createDoseVersion(tx, actor, { courseId: course.id, prescriptionId: rx.id, effectiveFrom: input.startDate, schedule: input.schedule, reason: "Course start", warnings });
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
        schedule: { ...input.schedule },
        acknowledgedWarnings: warnings,
        prescriptionId: rx.id,
        dispenseBy: pregnancy?.dispenseBy ?? null,
        pregnancyTestId: pregnancy?.windowTest?.id ?? null,
        counselingId: counseling?.id ?? null,
      },
    });
    return course.id;
  });
}

async function getCourseForWrite(tx: Tx, courseId: string) {
  const course = await tx.course.findUnique({
    where: { id: courseId },
    select: { id: true, patientId: true, status: true, startDate: true, endDate: true, startWeightGrams: true },
  });
  if (!course) throw notFound("course");
  return course;
}

function assertWithinCourse(course: { startDate: Date; endDate: Date | null }, date: string, field: string) {
  if (date < isoFromDb(course.startDate)) throw fieldError(field, "The date is before the course start.");
  if (course.endDate && date > isoFromDb(course.endDate)) throw fieldError(field, "The date is after the course ended.");
}

export interface DoseChangeInput {
  courseId: string;
  version: number;
  effectiveFrom: string;
  reason: string;
  supersedesId?: string;
  schedule: Schedule;
  ack: string[];
}

/**
 * A new regimen version from its effective date. Nothing is overwritten: a correction of an earlier entry
 * is a new version that names the one it supersedes.
 */
export async function changeDose(actor: AuditActor, input: DoseChangeInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    if (course.status === "COMPLETED" || course.status === "STOPPED") throw new ActionRefusal({ status: "error", message: "This course has ended; its regimen can no longer change." });
    assertWithinCourse(course, input.effectiveFrom, "effectiveFrom");
    if (input.supersedesId) {
      const target = await tx.doseChange.findFirst({ where: { id: input.supersedesId, courseId: course.id }, select: { id: true, supersededBy: { select: { id: true } } } });
      if (!target) throw fieldError("supersedesId", "The entry to correct is not part of this course.");
      if (target.supersededBy) throw conflict();
    }
    const latestRx = await tx.prescription.findFirst({ where: { courseId: course.id }, orderBy: [{ writtenOn: "desc" }, { createdAt: "desc" }], select: { id: true, capsuleStrengthMg: true } });
    const weightGrams = await weightOn(tx, course.patientId, input.effectiveFrom, course.startWeightGrams);
    const { warnings } = await checkDoseWrite(tx, { schedule: input.schedule, weightGrams, capsuleStrengthMg: latestRx?.capsuleStrengthMg ?? null, ack: input.ack });
    await claimCourse(tx, course.id, input.version);
    const change = await createDoseVersion(tx, actor, {
      courseId: course.id,
      prescriptionId: latestRx?.id ?? null,
      effectiveFrom: input.effectiveFrom,
      schedule: input.schedule,
      reason: input.reason,
      supersedesId: input.supersedesId,
      warnings,
    });
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: input.supersedesId ? "dose.correct" : "dose.change",
      entityType: "DoseChange",
      entityId: change.id,
      patientId: course.patientId,
      changes: { courseId: course.id, effectiveFrom: input.effectiveFrom, schedule: { ...input.schedule }, supersedesId: input.supersedesId ?? null, acknowledgedWarnings: warnings },
    });
  });
}

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
    if (course.status !== "ACTIVE") throw new ActionRefusal({ status: "error", message: "Prescriptions can be written only for an active course." });
    assertWithinCourse(course, input.writtenOn, "writtenOn");
    const weightGrams = await weightOn(tx, course.patientId, input.writtenOn, course.startWeightGrams);
    const rxContext = prescriptionContext(course.patientId, course.id, input.writtenOn, input);
    const { warnings, pregnancy } = await checkDoseWrite(tx, { schedule: input.schedule, weightGrams, capsuleStrengthMg: input.capsuleStrengthMg, ack: input.ack, prescription: rxContext });
    await claimCourse(tx, course.id, input.version);
    const rx = await createPrescription(tx, actor, course.id, input, input.writtenOn, warnings, pregnancy);
    const counseling = await recordCounselingWithPrescription(tx, actor, rxContext);
    const current = await tx.doseChange.findFirst({
      where: { courseId: course.id, effectiveFrom: { lte: dbDate(input.writtenOn) }, supersededBy: null },
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
      current.weekdays.join(",") === row.weekdays.join(",");
    if (!same) {
      await createDoseVersion(tx, actor, { courseId: course.id, prescriptionId: rx.id, effectiveFrom: input.writtenOn, schedule: input.schedule, reason: "New prescription", warnings });
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
        schedule: { ...input.schedule },
        regimenChanged: !same,
        acknowledgedWarnings: warnings,
        dispenseBy: pregnancy?.dispenseBy ?? null,
        pregnancyTestId: pregnancy?.windowTest?.id ?? null,
        counselingId: counseling?.id ?? null,
      },
    });
  });
}

const TRANSITION_ACTIONS = { PAUSE: "course.pause", RESUME: "course.resume", COMPLETE: "course.complete", STOP: "course.stop" } as const satisfies Record<
  CourseTransition,
  AuditAction
>;

/** Pause, resume, complete or stop. Completing or stopping sets the last day of therapy (inclusive). */
export async function transitionCourse(
  actor: AuditActor,
  input: { courseId: string; version: number; transition: CourseTransition; date: string; reason: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    await lockPatient(tx, course.patientId);
    assertWithinCourse(course, input.date, "date");
    const allowed: Record<CourseTransition, string[]> = { PAUSE: ["ACTIVE"], RESUME: ["PAUSED"], COMPLETE: ["ACTIVE", "PAUSED"], STOP: ["ACTIVE", "PAUSED"] };
    if (!allowed[input.transition].includes(course.status)) {
      const status = COURSE_STATUS_LABELS[course.status].toLowerCase();
      throw new ActionRefusal({ status: "error", message: `A ${status} course cannot be ${COURSE_TRANSITION_DONE[input.transition]}.` });
    }
    await claimCourse(tx, course.id, input.version);
    const openPause = await tx.coursePause.findFirst({ where: { courseId: course.id, resumeDate: null }, select: { id: true, startDate: true } });
    if (input.transition === "PAUSE") {
      await tx.coursePause.create({ data: { courseId: course.id, startDate: dbDate(input.date), reason: input.reason, createdById: actor.id } });
      await tx.course.update({ where: { id: course.id }, data: { status: "PAUSED" } });
    } else if (input.transition === "RESUME") {
      if (openPause && input.date <= isoFromDb(openPause.startDate)) throw fieldError("date", "Resume after the day the pause started.");
      if (openPause) await tx.coursePause.update({ where: { id: openPause.id }, data: { resumeDate: dbDate(input.date) } });
      await tx.course.update({ where: { id: course.id }, data: { status: "ACTIVE" } });
    } else {
      if (openPause && input.date >= isoFromDb(openPause.startDate)) await tx.coursePause.update({ where: { id: openPause.id }, data: { resumeDate: dbDate(addDays(input.date, 1)) } });
      await tx.course.update({ where: { id: course.id }, data: { status: input.transition === "COMPLETE" ? "COMPLETED" : "STOPPED", endDate: dbDate(input.date), endReason: input.reason } });
    }
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: TRANSITION_ACTIONS[input.transition],
      entityType: "Course",
      entityId: course.id,
      patientId: course.patientId,
      changes: { date: input.date, reason: input.reason, from: course.status },
    });
  });
}

/** A missed day counts 0 mg. Recording the same day twice counts once. */
export async function recordMissedDose(actor: AuditActor, input: { courseId: string; version: number; date: string; note?: string }): Promise<void> {
  await db.$transaction(async (tx) => {
    const course = await getCourseForWrite(tx, input.courseId);
    assertWithinCourse(course, input.date, "date");
    await claimCourse(tx, course.id, input.version);
    const created = await tx.missedDose.createMany({ data: [{ courseId: course.id, date: dbDate(input.date), note: input.note ?? null, createdById: actor.id }], skipDuplicates: true });
    if (created.count === 0) throw fieldError("date", "A missed dose is already recorded for that day.");
    await refreshPatientCourseSummaries(tx, course.patientId);
    await writeAudit(tx, actor, { action: "dose.missed", entityType: "MissedDose", patientId: course.patientId, changes: { courseId: course.id, date: input.date } });
  });
}

export async function recordWeight(actor: AuditActor, input: { patientId: string; measuredOn: string; weightGrams: number }): Promise<void> {
  await db.$transaction(async (tx) => {
    const exists = await tx.patient.count({ where: { id: input.patientId } });
    if (!exists) throw notFound("patient");
    const w = await tx.weightMeasurement.create({ data: { patientId: input.patientId, measuredOn: dbDate(input.measuredOn), weightGrams: input.weightGrams, enteredById: actor.id }, select: { id: true } });
    // Weight changes mg/kg (per-day policy) and the weight-change alert.
    await refreshPatientCourseSummaries(tx, input.patientId);
    await writeAudit(tx, actor, { action: "weight.record", entityType: "WeightMeasurement", entityId: w.id, patientId: input.patientId, changes: { measuredOn: input.measuredOn, weightGrams: input.weightGrams } });
  });
}
