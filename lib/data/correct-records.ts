import "server-only";
import { randomUUID } from "node:crypto";
import { can } from "@/lib/auth/permissions";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, invalidField, notFound, refused } from "@/lib/errors";
import { parseLabValue } from "@/lib/validation/lab";
import { writeAudit, type AuditActor, type AuditEntry } from "./audit";
import { getThresholds } from "./config";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { labRow, num } from "./lab-rows";
import { lockPatient } from "./locks";
import { refreshPatientMonitoring } from "./refresh-monitoring";

/**
 * Entered in error. Nothing is deleted: the entry keeps its values and is marked voided with who, when and
 * why; a correction is a new row the voided one names. Every read that computes anything leaves voided rows
 * out, and the figures derived from them are recomputed in the same transaction, with one audit row.
 */

const ALREADY = "This entry was already corrected or voided, perhaps by someone else. Reload the page to see the latest entries.";

/**
 * The void itself, only while the row is still current (a second void or a stale form changes nothing),
 * then the derived figures of the patient and the audit row.
 */
async function voidEntry(
  tx: Tx,
  actor: AuditActor,
  table: "lab_results" | "weight_measurements",
  entry: { id: string; patientId: string; reason: string; replacedById: string | null },
  refresh: (tx: Tx, patientId: string) => Promise<void>,
  audit: Omit<AuditEntry, "entityId" | "patientId">,
) {
  const voided = await tx.$executeRaw`
    UPDATE ${Prisma.raw(`"${table}"`)} SET voided_at = now(), voided_by_id = ${actor.id}::uuid, void_reason = ${entry.reason},
      replaced_by_id = ${entry.replacedById}::uuid
    WHERE id = ${entry.id}::uuid AND voided_at IS NULL`;
  if (voided !== 1) throw refused(ALREADY);
  await refresh(tx, entry.patientId);
  await writeAudit(tx, actor, { ...audit, entityId: entry.id, patientId: entry.patientId });
}

function checkDate(field: string, date: string, today: string) {
  if (date > today) throw invalidField(field, "The date cannot be in the future.");
}

export interface LabCorrection {
  labResultId: string;
  /** The corrected value; absent to void the result. */
  value?: string;
  /** A corrected specimen date; absent to keep the entry's. */
  specimenDate?: string;
  reason: string;
}

/**
 * Voids or corrects a lab result. A pregnancy test is voided or corrected only by a role that decides on
 * pregnancy tests, under the patient lock that prescribing takes, and never once a decision rests on it.
 */
export async function correctLabResult(actor: AuditActor, input: LabCorrection, today: string): Promise<"voided" | "corrected"> {
  return db.$transaction(async (tx) => {
    const old = await tx.labResult.findUnique({
      where: { id: input.labResultId },
      include: { labTest: true, pregnancyDecision: { select: { id: true } } },
    });
    if (!old) throw notFound("result");
    if (old.analyte === "HCG") {
      if (!can(actor.role, "pregnancy.decide")) throw new AppError("FORBIDDEN", "Only a dermatologist can void or correct a pregnancy test result.");
      await lockPatient(tx, old.patientId);
    }
    if (old.voidedAt) throw refused(ALREADY);
    if (old.pregnancyDecision) throw refused("A decision is documented on this pregnancy test, so it cannot be voided or corrected.");
    const before = { specimenDate: isoFromDb(old.specimenDate), value: num(old.valueNumeric) ?? old.valueQualitative, flag: old.flag };
    let after: { id: string; specimenDate: string; value: number | string; flag: string } | null = null;
    if (input.value !== undefined) {
      const parsed = parseLabValue(old.labTest.kind, input.value);
      if (!parsed.ok) throw invalidField("value", parsed.message);
      const specimenDate = input.specimenDate ?? before.specimenDate;
      checkDate("specimenDate", specimenDate, today);
      const row = labRow(
        old.labTest,
        parsed,
        await getThresholds(specimenDate, tx),
        {
          patientId: old.patientId,
          specimenDate,
          pregnancyTestSetting: old.pregnancyTestSetting,
          submissionId: randomUUID(),
          enteredById: actor.id,
        },
        old.enteredUnit,
      );
      const created = await tx.labResult.create({ data: row, select: { id: true } });
      after = { id: created.id, specimenDate, value: parsed.numeric !== null ? Number(parsed.numeric) : parsed.qualitative!, flag: row.flag };
    } else if (input.specimenDate !== undefined) throw invalidField("value", "Enter the corrected value, or leave the date empty to void the entry.");
    await voidEntry(
      tx,
      actor,
      "lab_results",
      { id: old.id, patientId: old.patientId, reason: input.reason, replacedById: after?.id ?? null },
      refreshPatientMonitoring,
      {
        action: after ? "lab.correct" : "lab.void",
        entityType: "LabResult",
        changes: { reason: input.reason, code: old.code, before, ...(after ? { after, replacedById: after.id } : {}) },
      },
    );
    return after ? "corrected" : "voided";
  });
}

export interface WeightCorrection {
  weightId: string;
  /** The corrected weight; absent to void the measurement. */
  weightGrams?: number;
  /** A corrected measurement date; absent to keep the entry's. */
  measuredOn?: string;
  reason: string;
}

/** Voids or corrects a weight; the course summaries (mg/kg) are recomputed with the remaining weights. */
export async function correctWeight(actor: AuditActor, input: WeightCorrection, today: string): Promise<"voided" | "corrected"> {
  return db.$transaction(async (tx: Tx) => {
    const old = await tx.weightMeasurement.findUnique({ where: { id: input.weightId } });
    if (!old) throw notFound("weight");
    if (old.voidedAt) throw refused(ALREADY);
    const before = { measuredOn: isoFromDb(old.measuredOn), weightGrams: old.weightGrams };
    let after: { id: string; measuredOn: string; weightGrams: number } | null = null;
    if (input.weightGrams !== undefined) {
      const measuredOn = input.measuredOn ?? before.measuredOn;
      checkDate("measuredOn", measuredOn, today);
      const created = await tx.weightMeasurement.create({
        data: { patientId: old.patientId, measuredOn: dbDate(measuredOn), weightGrams: input.weightGrams, enteredById: actor.id },
        select: { id: true },
      });
      after = { id: created.id, measuredOn, weightGrams: input.weightGrams };
      // The start weight a course took from this entry follows its correction (mg/kg divides by it).
      await tx.course.updateMany({
        where: { patientId: old.patientId, startDate: old.measuredOn, startWeightGrams: old.weightGrams, paperRecord: false },
        data: { startWeightGrams: input.weightGrams, version: { increment: 1 } },
      });
    } else if (input.measuredOn !== undefined) throw invalidField("weightKg", "Enter the corrected weight, or leave the date empty to void the entry.");
    const entry = { id: old.id, patientId: old.patientId, reason: input.reason, replacedById: after?.id ?? null };
    await voidEntry(tx, actor, "weight_measurements", entry, refreshPatientCourseSummaries, {
      action: after ? "weight.correct" : "weight.void",
      entityType: "WeightMeasurement",
      changes: { reason: input.reason, before, ...(after ? { after, replacedById: after.id } : {}) },
    });
    return after ? "corrected" : "voided";
  });
}
