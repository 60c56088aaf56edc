import "server-only";
import { dbDate } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { resultStatus } from "@/lib/hl7/interpret";
import type { Observation } from "@/lib/hl7/oru";

export const RETRACTED_STILL_CURRENT =
  "The laboratory retracted this result, and the result it names is still current on the patient's chart: void it there with a reason first (a pregnancy test, by a dermatologist), then dismiss this entry.";

/**
 * Whether a laboratory's retraction (OBX-11 W or D) waiting for review still names a current result on the chart
 * of the patient it matched: the results of its test (LOINC code) and specimen date recorded before it came, which
 * its detail named (statusDetail, lib/data/hl7-observation.ts), or sent before it and attached from the queue since
 * (a result waiting for its collection date when the retraction came), none of them voided since. A result the
 * laboratory sends after its retraction (the right value, sent anew) is not one it retracts. A retraction is never
 * applied and never ignored: while this holds, it is not dismissed. Which of several results it retracts is the
 * reviewer's to confirm, so one of them voided on the chart since it came (while it waits, every record of that
 * result with it: recordsVoided, lib/data/lab-copies.ts) lets it be dismissed; one that named none is dismissed.
 * The void itself stays the chart's act (lib/data/correct-records.ts), with its reason, its role (a pregnancy test:
 * a dermatologist's only), its audit row and the recompute of what derives from the result. Read under the
 * patient's lock, which a void takes.
 */
export async function retractedResultStillCurrent(tx: Tx, entry: { patientId: string | null; observation: Observation; createdAt: Date }) {
  const o = entry.observation;
  if (!entry.patientId || resultStatus(o.status ?? "") !== "RETRACTED") return false;
  const named = await tx.labResult.findMany({
    where: {
      patientId: entry.patientId,
      code: o.code,
      specimenDate: dbDate(o.specimenDate),
      // On the chart when it came, or sent before it and attached from the queue since (its message came first).
      AND: [
        { OR: [{ enteredAt: { lte: entry.createdAt } }, { hl7Message: { receivedAt: { lte: entry.createdAt } } }] },
        { OR: [{ voidedAt: null }, { voidedAt: { gte: entry.createdAt } }] },
      ],
    },
    select: { voidedAt: true },
  });
  return named.length > 0 && named.every((r) => r.voidedAt === null);
}
