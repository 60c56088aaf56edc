import "server-only";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { scheduleStrengthRefusal } from "@/lib/domain/dosing/capsules";
import { checkSchedule, productById } from "@/lib/domain/dosing/checks";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import type { PrescribingDecision } from "@/lib/domain/pregnancy";
import type { Indication, RegimenIntent } from "@/lib/generated/prisma/enums";
import type { AuditActor } from "./audit";
import { patternToRow } from "./course-mapping";
import { confirmationsDue, conflict, invalidField, needsConfirmation, notFound } from "@/lib/errors";
import { confirmingCounselingId, decidePrescription, type PrescriptionPregnancyContext } from "./pregnancy-check";

/**
 * The steps the course writes share (start-course, change-dose, write-prescription, transition-course,
 * record-missed-dose): load and claim the course, check the dose and the pregnancy-prevention rules, and
 * create the prescription and regimen rows. Each write runs them in its own transaction, with its audit row.
 */

export interface PrescriptionInput {
  product: string;
  capsuleStrengthMg: number;
  daysSupply: number;
  refills: number;
  /** The day the pharmacy dispensed it, when known (supply counts from it, else from the date written). */
  dispensedOn?: string;
  /** The prescriber's pregnancy-prevention counseling, recorded with this prescription. */
  counseled?: boolean;
  confirmationNumber?: string;
  /** The contraception record in use confirmed with the patient at that counseling. */
  confirmedContraceptionId?: string;
}

/** Someone else saved the course since the form was opened. */
export const courseChanged = () =>
  conflict("This course was changed by someone else since you opened it. Reload the page and check the latest entries before trying again.");

/**
 * Claims the course for this write: bumps its version only if it is still the version the user saw.
 * The row lock is held to the end of the transaction, so of two dermatologists saving at once one wins
 * and the other gets a conflict; nothing is applied twice.
 */
export async function claimCourse(tx: Tx, courseId: string, version: number) {
  const updated = await tx.course.updateMany({ where: { id: courseId, version }, data: { version: { increment: 1 } } });
  if (updated.count === 1) return;
  const exists = await tx.course.count({ where: { id: courseId } });
  throw exists ? courseChanged() : notFound("course");
}

/**
 * The course's weight (g) on a day, as the cumulative dose reads it (weightLookup in
 * lib/domain/dosing/cumulative.ts): the last measurement on or before it and not before the course's
 * start, else the course-start weight.
 */
export async function weightOn(tx: Tx, course: { patientId: string; startDate: Date; startWeightGrams: number }, date: string): Promise<number> {
  const w = await tx.weightMeasurement.findFirst({
    where: { patientId: course.patientId, measuredOn: { lte: dbDate(date), gte: course.startDate }, voidedAt: null },
    orderBy: [{ measuredOn: "desc" }, { enteredAt: "desc" }],
    select: { weightGrams: true },
  });
  return w?.weightGrams ?? course.startWeightGrams;
}

export interface DoseCheckContext {
  schedule: Schedule;
  weightGrams: number;
  capsuleStrengthMg: number | null;
  /** The product, whose strengths may combine in one intake. */
  product?: string | null;
  ack: string[];
  /** Further warnings of the write itself (a course start on abnormal recent labs). */
  extraWarnings?: { code: string; message: string }[];
  /** For a prescription: the pregnancy-prevention rules decide whether it may be written. */
  prescription?: PrescriptionPregnancyContext;
}

/**
 * Hard limits refuse the write; warnings need the prescriber's explicit confirmation (ack: the tokens of the
 * warnings shown, lib/errors.ts). For a prescription, the pregnancy-prevention decision refuses with its reasons
 * or adds its confirmations.
 */
export async function checkDoseWrite(tx: Tx, ctx: DoseCheckContext): Promise<{ warnings: string[]; pregnancy: PrescribingDecision | null }> {
  const result = checkSchedule(ctx.schedule, ctx.weightGrams, ctx.capsuleStrengthMg, productById(ctx.product ?? "")?.strengthsMg ?? []);
  if (result.errors.length) throw invalidField("mgPerIntake", result.errors.join(" "));
  const pregnancy = ctx.prescription ? await decidePrescription(tx, ctx.prescription) : null;
  const warnings: { code: string; message: string }[] = [...result.warnings, ...(pregnancy?.confirmations ?? []), ...(ctx.extraWarnings ?? [])];
  const { pending, acknowledged } = confirmationsDue(warnings, ctx.ack);
  if (pending.length) throw needsConfirmation("Review and confirm these warnings to save.", pending);
  return { warnings: acknowledged, pregnancy };
}

export const prescriptionContext = (patientId: string, courseId: string | null, date: string, p: PrescriptionInput): PrescriptionPregnancyContext => ({
  patientId,
  courseId,
  date,
  daysSupply: p.daysSupply,
  refills: p.refills,
  counseling: p.counseled ? { confirmationNumber: p.confirmationNumber ?? null, confirmedContraceptionId: p.confirmedContraceptionId ?? null } : null,
});

/**
 * A prescription names a strength of its product, and its dose per intake (each a range regimen allows, too) is whole
 * capsules of that strength: it dispenses that strength alone (capsules.ts), so what it names is what is dispensed.
 */
export function checkProductStrength(p: PrescriptionInput, schedule: Schedule) {
  const product = productById(p.product);
  if (!product || !(product.strengthsMg as readonly number[]).includes(p.capsuleStrengthMg)) {
    throw invalidField("capsuleStrengthMg", `${product?.name ?? "This product"} comes in ${product?.strengthsMg.join(", ")} mg capsules.`);
  }
  const refusal = scheduleStrengthRefusal(schedule, p.capsuleStrengthMg, product.strengthsMg);
  if (refusal) throw invalidField("capsuleStrengthMg", refusal);
}

/**
 * A dispensed date, when known, falls between the day the prescription is written and today. A write may check
 * it before asking for confirmations, so that a mistyped date is refused first; createPrescription (prescription-rows.ts)
 * checks it again.
 */
export function assertDispensedOn(p: PrescriptionInput, writtenOn: string) {
  if (p.dispensedOn !== undefined && p.dispensedOn < writtenOn)
    throw invalidField("dispensedOn", "A prescription is dispensed on or after the day it is written.");
  if (p.dispensedOn !== undefined && p.dispensedOn > clinicToday()) throw invalidField("dispensedOn", "The dispensed date cannot be in the future.");
}

/**
 * What a prescription's audit row records of its checks: the confirmed warnings, the test it relied on, the
 * counseling recorded with it and the contraception record confirmed there, and the counseling whose
 * confirmation of the contraception in use it rests on (that one, or an earlier one).
 */
export const prescriptionChecksAudited = (
  warnings: string[],
  pregnancy: PrescribingDecision | null,
  counseling: { id: string; confirmedContraceptionId: string | null } | null,
) => ({
  acknowledgedWarnings: warnings,
  dispenseBy: pregnancy?.dispenseBy ?? null,
  pregnancyTestId: pregnancy?.windowTest?.id ?? null,
  counselingId: counseling?.id ?? null,
  confirmedContraceptionId: counseling?.confirmedContraceptionId ?? null,
  confirmingCounselingId: confirmingCounselingId(pregnancy, counseling),
});

/** A schedule as the audit row keeps it: plain JSON, the range only when there is one. */
export function scheduleAudited(s: Schedule) {
  const r = s.range;
  const range = r ? { mgMin: r.mgMin ?? null, mgMax: r.mgMax ?? null, nMin: r.nMin ?? null, nMax: r.nMax ?? null } : null;
  return { mgPerIntake: s.mgPerIntake, intakesPerDay: s.intakesPerDay, pattern: { ...s.pattern }, ...(range ? { range } : {}) };
}

/** One regimen version (never updated afterwards). */
export function createDoseVersion(
  tx: Tx,
  actor: AuditActor,
  v: {
    courseId: string;
    prescriptionId: string | null;
    effectiveFrom: string;
    schedule: Schedule;
    reason: string;
    supersedesId?: string | null;
    warnings: string[];
  },
) {
  return tx.doseChange.create({
    data: {
      courseId: v.courseId,
      prescriptionId: v.prescriptionId,
      effectiveFrom: dbDate(v.effectiveFrom),
      mgPerIntake: v.schedule.mgPerIntake,
      intakesPerDay: v.schedule.intakesPerDay,
      ...patternToRow(v.schedule.pattern),
      mgPerIntakeMin: v.schedule.range?.mgMin ?? null,
      mgPerIntakeMax: v.schedule.range?.mgMax ?? null,
      rangeNMin: v.schedule.range?.nMin ?? null,
      rangeNMax: v.schedule.range?.nMax ?? null,
      reason: v.reason,
      supersedesId: v.supersedesId ?? null,
      acknowledgedWarnings: v.warnings,
      createdById: actor.id,
    },
    select: { id: true },
  });
}

/** The columns every new course sets from its form, in one place (started here or entered from paper). */
export function newCourseData(
  actor: AuditActor,
  input: { patientId: string; indication: Indication; regimenIntent: RegimenIntent; startDate: string; targetMgPerKg: number | null },
) {
  return {
    patientId: input.patientId,
    dermatologistId: actor.id,
    indication: input.indication,
    regimenIntent: input.regimenIntent,
    startDate: dbDate(input.startDate),
    targetMgPerKg: input.targetMgPerKg,
  };
}

export async function getCourseForWrite(tx: Tx, courseId: string) {
  const course = await tx.course.findUnique({
    where: { id: courseId },
    select: { id: true, patientId: true, status: true, startDate: true, endDate: true, startWeightGrams: true },
  });
  if (!course) throw notFound("course");
  return course;
}

/**
 * The course's other versions in force from its first day (neither voided nor replaced by a correction): while
 * there is none, its starting regimen is corrected on that day, never voided or moved later.
 */
export function otherFirstDayVersions(tx: Tx, course: { id: string; startDate: Date }, exceptId: string): Promise<number> {
  return tx.doseChange.count({ where: { courseId: course.id, effectiveFrom: course.startDate, id: { not: exceptId }, voidedAt: null, supersededBy: null } });
}

export function assertWithinCourse(course: { startDate: Date; endDate: Date | null }, date: string, field: string) {
  if (date < isoFromDb(course.startDate)) throw invalidField(field, "The date is before the course start.");
  if (course.endDate && date > isoFromDb(course.endDate)) throw invalidField(field, "The date is after the course ended.");
}
