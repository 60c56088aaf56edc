import "server-only";
import { can } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatDate, formatKg } from "@/lib/format";
import { WEIGHT_CHANGE_CODE, weightFarFromRecorded, type RecordedWeight } from "@/lib/domain/weight-entry";
import type { AuditActor } from "./audit";

/** Refuses a weight entry, correction or void by a role that may not record weights (a second check behind the action's). */
export function assertMayWriteWeights(actor: AuditActor): void {
  if (!can(actor.role, "weights.write")) throw new AppError("FORBIDDEN", "You do not have permission to record or correct weights.");
}

/**
 * The confirmation a weight needs when it is more than a fifth away from the patient's nearest recorded
 * weight (lib/domain/weight-entry.ts), whichever path saves it: entry, correction (`exceptId`: the entry it
 * replaces, which is not compared with) or a course's start weight; null when none is due. The caller asks it
 * with the write's other confirmations (confirmationsDue, lib/errors.ts), which match what the form confirmed.
 */
export async function weightToConfirm(tx: Tx, patientId: string, entry: RecordedWeight, exceptId?: string) {
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
