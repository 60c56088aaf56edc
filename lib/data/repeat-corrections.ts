import "server-only";
import { randomUUID } from "node:crypto";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { repeatFollowsCorrection, repeatItemKey, repeatLabel, type RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import type { RepeatNoticeCause } from "@/lib/domain/monitoring/repeat-notice";
import type { AuditActor, SystemActor } from "./audit";
import { resultOf } from "./lab-copies";
import { lockDerivedData } from "./locks";

/** What a correction or void did to the repeats: the audit row's fields and the answer's (null: no request named the result). */
export type RepeatsMoved = { audit: Prisma.InputJsonObject; outcome: RepeatsAfterCorrection } | null;

const requestSelect = {
  id: true,
  patientId: true,
  dueDate: true,
  labResult: { select: { analyte: true, specimenDate: true, labTest: { select: { name: true } } } },
} as const;

/** The repeat requests that name a record voided now, in due-date order. */
const requestsOn = (tx: Tx, voidedIds: string[]) =>
  tx.labRepeatRequest.findMany({ where: { labResultId: { in: voidedIds } }, orderBy: [{ dueDate: "asc" }, { id: "asc" }], select: requestSelect });

const named = (r: { analyte: string; specimenDate: Date; labTest: { name: string } }) =>
  repeatLabel({ analyte: r.analyte, testName: r.labTest.name, specimenDate: isoFromDb(r.specimenDate) });

/**
 * Requests that stop being listed: those still open (their stored item neither completed nor waived, as the
 * patient's items stood before this change) get a notice for the dermatologists (lib/data/repeat-notices.ts),
 * unless a dermatologist is making the change and is told in its answer. The stored items are read under the
 * patients' derived-data locks (after their row locks, before the audit chain's): a waiver, or its void, takes
 * only that lock, so one committed while this change waited is seen. Returns the notices' ids.
 */
async function noticeOpenRequests(
  tx: Tx,
  actor: AuditActor | SystemActor,
  requests: { id: string; patientId: string }[],
  cause: RepeatNoticeCause,
  correctionId: string | null,
): Promise<string[]> {
  if (actor.role === "DERMATOLOGIST" || requests.length === 0) return [];
  const patientIds = [...new Set(requests.map((r) => r.patientId))];
  await lockDerivedData(tx, patientIds);
  const stored = await tx.monitoringItemRow.findMany({
    where: { patientId: { in: patientIds }, itemKey: { in: requests.map((r) => repeatItemKey(r.id)) } },
    select: { itemKey: true, completedOn: true, waived: true },
  });
  const closed = new Set(stored.filter((i) => i.completedOn !== null || i.waived).map((i) => i.itemKey));
  const data = requests
    .filter((r) => !closed.has(repeatItemKey(r.id)))
    .map((r) => ({ id: randomUUID(), requestId: r.id, patientId: r.patientId, cause, correctionId, createdAt: new Date() }));
  if (data.length) await tx.labRepeatNotice.createMany({ data });
  return data.map((d) => d.id);
}

/**
 * The repeat tests asked for at the review of a result that a correction replaces (by hand, or the laboratory's
 * corrected result: lib/data/correct-records.ts voidEntry), inside the correction's transaction, under the
 * patient lock, after the result and its copies are voided and before the monitoring items are refreshed.
 * The result the correction records (the correction, or the result on file it repeats, as a review names it)
 * still abnormal (repeatFollowsCorrection, on that result's own flag, by its own range, as the alert lists read
 * it), it takes them, each keeping its due date and its item's key, so a waiver or an outreach note stays with
 * it. Normal, they stay with the voided result and list nothing, and the open ones get a notice unless a
 * dermatologist corrects it (noticeOpenRequests). Returns what the audit row records and what the answer says
 * (labels as listed before the change for those no longer listed, after it for the others), or null when no
 * request named a voided record.
 */
export async function carryRepeatsToCorrection(
  tx: Tx,
  actor: AuditActor | SystemActor,
  voidedIds: string[],
  correctionId: string,
  cause: "LAB_CORRECTION" | "CORRECTION",
): Promise<RepeatsMoved> {
  const requests = await requestsOn(tx, voidedIds);
  if (requests.length === 0) return null;
  // The result the correction records: itself, or the result on file it repeats, judged by its own range; the
  // alert lists read that one, so its flag decides. One read: the correction with the result it repeats.
  const judged = { flag: true, analyte: true, specimenDate: true, labTest: { select: { name: true } } } as const;
  const correction = await tx.labResult.findUniqueOrThrow({
    where: { id: correctionId },
    select: { id: true, duplicateOfId: true, ...judged, duplicateOf: { select: judged } },
  });
  const { id } = correction;
  const to = resultOf(correction);
  const result = correction.duplicateOf ?? correction;
  const ids = requests.map((r) => r.id);
  const follows = repeatFollowsCorrection(result.flag);
  const shown = requests.map((r) => ({ label: named(follows ? result : r.labResult), dueDate: isoFromDb(r.dueDate) }));
  if (!follows) {
    const notices = await noticeOpenRequests(tx, actor, requests, cause, correctionId);
    return {
      audit: { repeatsNotCarriedOver: ids.length, repeatRequests: ids, ...(notices.length ? { repeatNotices: notices } : {}) },
      outcome: { stillListed: [], noLongerListed: shown } satisfies RepeatsAfterCorrection,
    };
  }
  await tx.labRepeatRequest.updateMany({ where: { id: { in: ids } }, data: { labResultId: to } });
  return {
    audit: { repeatsCarriedOver: ids.length, repeatRequests: ids, ...(to !== id ? { repeatsCarriedTo: to } : {}) },
    outcome: { stillListed: shown, noLongerListed: [] } satisfies RepeatsAfterCorrection,
  };
}

/**
 * The repeat tests left on results voided as entered in error (no copy took their place: promoteCopies has moved
 * those it could), in the void's transaction: they list nothing from now on. The open ones get a notice unless a
 * dermatologist voids it (noticeOpenRequests). Returns what the audit row records and what the answer says, or
 * null when none is left.
 */
export async function repeatsLeftByVoid(tx: Tx, actor: AuditActor | SystemActor, voidedIds: string[]): Promise<RepeatsMoved> {
  const requests = await requestsOn(tx, voidedIds);
  if (requests.length === 0) return null;
  const ids = requests.map((r) => r.id);
  const notices = await noticeOpenRequests(tx, actor, requests, "VOID", null);
  return {
    audit: { repeatsNoLongerListed: ids.length, repeatRequests: ids, ...(notices.length ? { repeatNotices: notices } : {}) },
    outcome: {
      stillListed: [],
      noLongerListed: requests.map((r) => ({ label: named(r.labResult), dueDate: isoFromDb(r.dueDate) })),
    } satisfies RepeatsAfterCorrection,
  };
}
