import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { repeatFollowsCorrection, repeatLabel, type RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import { resultOf } from "./lab-copies";

/**
 * The repeat tests asked for at the review of a result that a correction replaces (by hand, or the laboratory's
 * corrected result: lib/data/correct-records.ts voidEntry), inside the correction's transaction, under the
 * patient lock, after the result and its copies are voided and before the monitoring items are refreshed.
 * The result the correction records (the correction, or the result on file it repeats, as a review names it)
 * still abnormal (repeatFollowsCorrection, on that result's own flag, by its own range, as the alert lists read
 * it), it takes them, each keeping its due date and its item's key, so a waiver or an outreach note stays with
 * it. Normal, they stay with the voided result and list nothing. Returns what the audit row records and what
 * the answer says (labels as listed before the change for those no longer listed, after it for the others), or
 * null when no request named a voided record.
 */
export async function carryRepeatsToCorrection(tx: Tx, voidedIds: string[], correctionId: string) {
  const requests = await tx.labRepeatRequest.findMany({
    where: { labResultId: { in: voidedIds } },
    orderBy: [{ dueDate: "asc" }, { id: "asc" }],
    select: { id: true, dueDate: true, labResult: { select: { analyte: true, specimenDate: true, labTest: { select: { name: true } } } } },
  });
  if (requests.length === 0) return null;
  const { id, duplicateOfId } = await tx.labResult.findUniqueOrThrow({ where: { id: correctionId }, select: { id: true, duplicateOfId: true } });
  // The result the correction records: itself, or the result on file it repeats, judged by its own range; the
  // alert lists read that one, so its flag decides.
  const to = resultOf({ id, duplicateOfId });
  const result = await tx.labResult.findUniqueOrThrow({
    where: { id: to },
    select: { flag: true, analyte: true, specimenDate: true, labTest: { select: { name: true } } },
  });
  const ids = requests.map((r) => r.id);
  const follows = repeatFollowsCorrection(result.flag);
  const named = (r: { analyte: string; specimenDate: Date; labTest: { name: string } }) =>
    repeatLabel({ analyte: r.analyte, testName: r.labTest.name, specimenDate: isoFromDb(r.specimenDate) });
  const shown = requests.map((r) => ({ label: named(follows ? result : r.labResult), dueDate: isoFromDb(r.dueDate) }));
  if (!follows) {
    return {
      audit: { repeatsNotCarriedOver: ids.length, repeatRequests: ids },
      outcome: { stillListed: [], noLongerListed: shown } satisfies RepeatsAfterCorrection,
    };
  }
  await tx.labRepeatRequest.updateMany({ where: { id: { in: ids } }, data: { labResultId: to } });
  return {
    audit: { repeatsCarriedOver: ids.length, repeatRequests: ids, ...(to !== id ? { repeatsCarriedTo: to } : {}) },
    outcome: { stillListed: shown, noLongerListed: [] } satisfies RepeatsAfterCorrection,
  };
}
