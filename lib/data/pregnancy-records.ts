import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import type { PregnancyCategory } from "@/lib/domain/pregnancy";
import { twoMethodsProblem, twoMethodsText } from "@/lib/domain/pregnancy/contraception-methods";
import type { ContraceptionForm, ContraceptionMethod } from "@/lib/generated/prisma/enums";
import { CONTRACEPTION_METHOD_LABELS } from "@/lib/labels";
import { CATEGORY_CHANGE_WARNING, TWO_METHODS_FIELDS } from "@/lib/validation/pregnancy";
import { writeAudit, type AuditActor, type AuditEntry } from "./audit";
import { confirmationsDue, invalidField, needsConfirmation, notFound } from "@/lib/errors";
import { assertConfirmable } from "./contraception-confirmation";
import { refreshPatientMonitoring } from "./refresh-monitoring";
import { lockPatient } from "./locks";
import { assertMay } from "./viewer";

/**
 * Pregnancy-prevention records: contraception, counseling, the dermatologist's decision on a positive
 * test (lib/data/pregnancy-decision.ts), and the patient's category. Each write locks the patient's pregnancy records, refreshes the
 * stored monitoring items and writes its audit row in one transaction.
 */
export async function inPatientTransaction(actor: AuditActor, patientId: string, write: (tx: Tx) => Promise<AuditEntry>): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockPatient(tx, patientId);
    const audit = await write(tx);
    // Refreshed before the audit row: the audit insert takes the chain lock, which is always taken last.
    await refreshPatientMonitoring(tx, patientId);
    await writeAudit(tx, actor, { ...audit, patientId });
  });
}

export interface ContraceptionInput {
  patientId: string;
  method: ContraceptionMethod;
  /** Two methods: two different forms of the list (twoMethodsProblem); committed abstinence: none, null. */
  firstMethod: ContraceptionForm | null;
  secondMethod: ContraceptionForm | null;
  startDate: string;
}

/**
 * A new record replaces the one in use: the earlier record ends the day before the new one starts. A record
 * voided as entered in error is in use no more (lib/data/void-pregnancy-record.ts). Its `methods` text is
 * the two forms' names (or "Committed abstinence"), as records made before the list keep theirs.
 */
export async function recordContraception(actor: AuditActor, input: ContraceptionInput, today: string): Promise<void> {
  assertMay(actor, "pregnancy.record");
  const twoMethods = input.method === "TWO_METHODS";
  const firstMethod = twoMethods ? input.firstMethod : null;
  const secondMethod = twoMethods ? input.secondMethod : null;
  const problem = twoMethods ? twoMethodsProblem(firstMethod, secondMethod) : null;
  if (problem) throw invalidField(TWO_METHODS_FIELDS[problem.which], problem.message);
  const methods = firstMethod && secondMethod ? twoMethodsText(firstMethod, secondMethod) : CONTRACEPTION_METHOD_LABELS.ABSTINENCE;
  if (input.startDate > today) throw invalidField("startDate", "The start date cannot be in the future.");
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const open = await tx.contraceptionRecord.findMany({
      where: { patientId: input.patientId, endDate: null, voidedAt: null },
      select: { id: true, startDate: true },
    });
    for (const r of open) {
      const start = isoFromDb(r.startDate);
      if (start >= input.startDate) throw invalidField("startDate", "A record in use already starts on or after that date.");
      await tx.contraceptionRecord.update({ where: { id: r.id }, data: { endDate: dbDate(addDays(input.startDate, -1)) } });
    }
    const created = await tx.contraceptionRecord.create({
      data: {
        patientId: input.patientId,
        method: input.method,
        methods,
        firstMethod,
        secondMethod,
        startDate: dbDate(input.startDate),
        recordedById: actor.id,
      },
      select: { id: true },
    });
    return {
      action: "pregnancy.contraception",
      entityType: "ContraceptionRecord",
      entityId: created.id,
      patientId: input.patientId,
      changes: { method: input.method, firstMethod, secondMethod, startDate: input.startDate, ended: open.map((r) => r.id) },
    };
  });
}

/**
 * Counseling outside a prescription (the monthly visit, or the enrollment of a patient who cannot become
 * pregnant), with, when the prescriber confirmed it with the patient, the contraception record in use that
 * day (assertConfirmable: the patient's, not voided, in use on the counseling day; anything else is refused
 * and nothing is written).
 */
export async function recordCounseling(
  actor: AuditActor,
  input: { patientId: string; counseledOn: string; confirmationNumber?: string; confirmedContraceptionId?: string },
  today: string,
): Promise<void> {
  assertMay(actor, "pregnancy.decide");
  if (input.counseledOn > today) throw invalidField("counseledOn", "The date cannot be in the future.");
  const confirmedContraceptionId = input.confirmedContraceptionId ?? null;
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    if (confirmedContraceptionId) await assertConfirmable(tx, input.patientId, confirmedContraceptionId, input.counseledOn);
    const created = await tx.pregnancyCounseling.create({
      data: {
        patientId: input.patientId,
        counseledOn: dbDate(input.counseledOn),
        confirmationNumber: input.confirmationNumber ?? null,
        confirmedContraceptionId,
        recordedById: actor.id,
      },
      select: { id: true },
    });
    return {
      action: "pregnancy.counseling",
      entityType: "PregnancyCounseling",
      entityId: created.id,
      patientId: input.patientId,
      changes: { counseledOn: input.counseledOn, confirmedContraceptionId },
    };
  });
}

/**
 * The courses in progress on a day, as a query: active or paused, or ended on a last day still ahead
 * (courseStatusOn in lib/domain/dosing/course-status.ts; courseInProgressSql is its SQL form).
 */
export const inProgressOn = (day: string) => ({ OR: [{ status: { in: ["ACTIVE" as const, "PAUSED" as const] } }, { endDate: { gt: dbDate(day) } }] });

export interface CategoryInput {
  patientId: string;
  category: PregnancyCategory;
  reason: string;
  /** The confirmations sent: the change's warning while a course is in progress, as the form showed it (lib/errors.ts). */
  ack: string[];
}

/** Only a dermatologist changes the category, with a reason; the audit row carries the old and new value. */
export async function changePregnancyCategory(actor: AuditActor, input: CategoryInput, today: string): Promise<void> {
  assertMay(actor, "pregnancy.decide");
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const patient = await tx.patient.findUnique({ where: { id: input.patientId }, select: { pregnancyCategory: true } });
    if (!patient) throw notFound("patient");
    if (patient.pregnancyCategory === input.category) throw invalidField("category", "That is already the patient's category.");
    const inProgress = await tx.course.count({
      where: { patientId: input.patientId, ...inProgressOn(today) },
    });
    let confirmed: string[] = [];
    if (inProgress) {
      const rules = "A course is in progress: the pregnancy-prevention rules that apply to it change from today.";
      // The prescribing check holds the next prescription to the checks before a first one (lib/domain/pregnancy/prescribing.ts).
      const firstChecks = " The next prescription needs the screening tests and the contraception lead time of a first prescription.";
      const warning = { code: CATEGORY_CHANGE_WARNING, message: rules + (input.category === "CAN_BECOME_PREGNANT" ? firstChecks : "") };
      const { pending, acknowledged } = confirmationsDue([warning], input.ack);
      if (pending.length) throw needsConfirmation("Review and confirm these warnings to save.", pending);
      confirmed = acknowledged;
    }
    await tx.patient.update({ where: { id: input.patientId }, data: { pregnancyCategory: input.category, version: { increment: 1 } } });
    const change = await tx.pregnancyCategoryChange.create({
      data: { patientId: input.patientId, category: input.category, effectiveFrom: dbDate(today), reason: input.reason, changedById: actor.id },
      select: { id: true },
    });
    return {
      action: "pregnancy.category",
      entityType: "Patient",
      entityId: input.patientId,
      patientId: input.patientId,
      changes: {
        pregnancyCategory: { from: patient.pregnancyCategory, to: input.category },
        reason: input.reason,
        courseInProgress: inProgress > 0,
        changeId: change.id,
        ...(confirmed.length ? { acknowledgedWarnings: confirmed } : {}),
      },
    };
  });
}
