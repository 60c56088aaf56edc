import "server-only";
import { dbDate } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { lockDerivedData } from "./locks";
import { needsConfirmation, notFound } from "@/lib/errors";
import { isoFromDb } from "@/lib/clinic";
import { formatDate, formatKg } from "@/lib/format";
import { WEIGHT_CHANGE_CODE, weightFarFromRecorded, type RecordedWeight } from "@/lib/domain/weight-entry";
import { assertCan, type Viewer } from "./viewer";

/**
 * A weight, with its patient's derived data refreshed. One far from the patient's nearest recorded weight
 * (more than a fifth: a weight typed in pounds, say) is saved only once the form confirms it (`ack`).
 */
export async function recordWeight(actor: AuditActor, input: WeightInput & { ack?: string[] }): Promise<void> {
  await db.$transaction(async (tx) => {
    const exists = await tx.patient.count({ where: { id: input.patientId } });
    if (!exists) throw notFound("patient");
    // The refresh's derived-data lock before the audit row's chain lock, the order of lib/data/locks.ts.
    await lockDerivedData(tx, [input.patientId]);
    await assertWeightConfirmed(tx, input.patientId, { date: input.measuredOn, grams: input.weightGrams }, input.ack);
    await insertWeight(tx, actor, input);
    // Weight changes mg/kg (per-day policy) and the weight-change alert.
    await refreshPatientCourseSummaries(tx, input.patientId);
  });
}

/**
 * The confirmation a weight needs when it is more than a fifth away from the patient's nearest recorded
 * weight (lib/domain/weight-entry.ts), whichever path saves it: entry, correction (`exceptId`: the entry it
 * replaces, which is not compared with) or a course's start weight. Thrown unless `ack` holds its code.
 */
export async function assertWeightConfirmed(tx: Tx, patientId: string, entry: RecordedWeight, ack: readonly string[] = [], exceptId?: string) {
  const far = await weightToConfirm(tx, patientId, entry, ack, exceptId);
  if (far) throw needsConfirmation("Check this weight, then confirm to save it.", [far]);
}

/** The warning assertWeightConfirmed throws, for a caller gathering several (a course start): null when none is due. */
export async function weightToConfirm(tx: Tx, patientId: string, entry: RecordedWeight, ack: readonly string[] = [], exceptId?: string) {
  if (ack.includes(WEIGHT_CHANGE_CODE)) return null;
  const recorded = await tx.weightMeasurement.findMany({
    where: { patientId, voidedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { measuredOn: true, weightGrams: true },
  });
  const near = weightFarFromRecorded(
    recorded.map((w) => ({ date: isoFromDb(w.measuredOn), grams: w.weightGrams })),
    entry,
  );
  return near ? { code: WEIGHT_CHANGE_CODE, message: weightWarning(entry.grams, near) } : null;
}

/** "148 kg is far from the 67 kg recorded on 15 Nov 2026: check it is in kg, not pounds." */
export const weightWarning = (grams: number, near: RecordedWeight) =>
  `${formatKg(grams)} is far from the ${formatKg(near.grams)} recorded on ${formatDate(near.date)}: check it is in kg, not pounds.`;

interface WeightInput {
  patientId: string;
  measuredOn: string;
  weightGrams: number;
}

/** The weight and its audit row, inside the caller's transaction; the caller refreshes the patient's summaries. */
export async function insertWeight(tx: Tx, actor: AuditActor, input: WeightInput, context: Record<string, string> = {}): Promise<void> {
  const w = await tx.weightMeasurement.create({
    data: { patientId: input.patientId, measuredOn: dbDate(input.measuredOn), weightGrams: input.weightGrams, enteredById: actor.id },
    select: { id: true },
  });
  await writeAudit(tx, actor, {
    action: "weight.record",
    entityType: "WeightMeasurement",
    entityId: w.id,
    patientId: input.patientId,
    changes: { measuredOn: input.measuredOn, weightGrams: input.weightGrams, ...context },
  });
}

/**
 * The patient's latest weight still in force (entries voided as in error are skipped), for a form's default;
 * for roles that read treatment (courses.read), refused to others.
 */
export async function latestWeight(viewer: Viewer, patientId: string): Promise<{ weightGrams: number } | null> {
  assertCan(viewer, "courses.read");
  return db.weightMeasurement.findFirst({ where: { patientId, voidedAt: null }, orderBy: { measuredOn: "desc" }, select: { weightGrams: true } });
}
