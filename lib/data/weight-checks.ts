import "server-only";
import { can } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { formatDate, formatKg } from "@/lib/format";
import {
  isFarFrom,
  replacementComparison,
  WEIGHT_CHANGE_CODE,
  weightFarFromRecorded,
  type RecordedWeight,
  type ReplacementComparison,
} from "@/lib/domain/weight-entry";
import type { AuditActor } from "./audit";

/** Refuses a weight entry, correction or void by a role that may not record weights (a second check behind the action's). */
export function assertMayWriteWeights(actor: AuditActor): void {
  if (!can(actor.role, "weights.write")) throw new AppError("FORBIDDEN", "You do not have permission to record or correct weights.");
}

/**
 * The confirmation a weight needs when it is more than a fifth away from the weight it is compared with
 * (lib/domain/weight-entry.ts), whichever path saves it; null when none is due. A new entry or a course's start
 * weight is compared with the patient's nearest recorded weight; one that replaces an entry (`replacing`: a
 * correction, or the day's weight entered again, `reEntered`) with the last weight before its day, and the
 * question names it. The caller asks it with the write's other confirmations (confirmationsDue, lib/errors.ts),
 * which match what the form confirmed: a weight entered again is asked again, in the same words, by the
 * correction it becomes.
 */
export async function weightToConfirm(tx: Tx, patientId: string, entry: RecordedWeight, replacing?: { id: string; reEntered: boolean }) {
  const recorded = await tx.weightMeasurement.findMany({
    where: { patientId, voidedAt: null },
    orderBy: [{ enteredAt: "asc" }, { id: "asc" }],
    select: { id: true, measuredOn: true, weightGrams: true },
  });
  const weights = recorded.map((w) => ({ id: w.id, date: isoFromDb(w.measuredOn), grams: w.weightGrams }));
  const replaced = replacing && weights.find((w) => w.id === replacing.id);
  if (!replaced) {
    const near = weightFarFromRecorded(weights, entry);
    return near ? { code: WEIGHT_CHANGE_CODE, message: weightWarning(entry.grams, near) } : null;
  }
  const compared = replacementComparison(
    weights.filter((w) => w !== replaced),
    entry,
    replacing.reEntered ? replaced : null,
  );
  return compared && isFarFrom(entry.grams, compared.weight) ? { code: WEIGHT_CHANGE_CODE, message: replacementWarning(entry, compared) } : null;
}

/** "148 kg is far from the 67 kg recorded on 15 Nov 2026: check it is in kg, not pounds." */
export const weightWarning = (grams: number, near: RecordedWeight) =>
  `${formatKg(grams)} is far from the ${formatKg(near.grams)} recorded on ${formatDate(near.date)}: check it is in kg, not pounds.`;

/**
 * "132 kg is far from the 60 kg recorded on 4 Nov 2026, the last weight before 24 Nov 2026: check it is in
 * kg, not pounds." (or "…, the first weight after 24 Nov 2026", or "132 kg is far from the 60 kg it replaces,
 * recorded on 24 Nov 2026").
 */
export function replacementWarning(entry: RecordedWeight, compared: ReplacementComparison): string {
  const { weight, is } = compared;
  const which =
    is === "replaced"
      ? `the ${formatKg(weight.grams)} it replaces, recorded on ${formatDate(weight.date)}`
      : `the ${formatKg(weight.grams)} recorded on ${formatDate(weight.date)}, the ${is === "before" ? "last weight before" : "first weight after"} ${formatDate(entry.date)}`;
  return `${formatKg(entry.grams)} is far from ${which}: check it is in kg, not pounds.`;
}
