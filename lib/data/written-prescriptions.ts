import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { RegimenVersion } from "@/lib/domain/dosing/course-input";
import { regimenOn, writtenPrescriptionsWarning, type WrittenPrescription } from "@/lib/domain/dosing/written-prescriptions";
import type { Warning } from "@/lib/errors";
import { doseChangeSelect, regimensFromRows } from "./course-mapping";

/**
 * The confirmation a write of a course's dose versions needs for the live prescriptions already written whose
 * start date's regimen it changes (lib/domain/dosing/written-prescriptions.ts). Read in the write's transaction,
 * under the patient's lock.
 */
export async function writtenPrescriptionsToConfirm(
  tx: Tx,
  courseId: string,
  before: readonly RegimenVersion[],
  after: readonly RegimenVersion[],
): Promise<Warning | null> {
  const prescriptions = await tx.prescription.findMany({
    where: { courseId, voidedAt: null },
    select: { id: true, writtenOn: true, startDate: true, createdAt: true },
  });
  if (!prescriptions.length) return null;
  const rows = await tx.doseChange.findMany({ where: { courseId }, select: { ...doseChangeSelect, prescriptionId: true } });
  const written = prescriptions.map((p) => writtenFor(rows, p));
  return writtenPrescriptionsWarning(written, before, after);
}

type Row = Parameters<typeof regimensFromRows>[0][number] & { prescriptionId: string | null };

/**
 * What a prescription was written for: the course's versions as they stood when it was written (those created
 * before it, voided only since), with the version it set (dose_changes.prescription_id, effective on its start
 * date, created in its write: a course's writes wait on the patient's lock, so it is the first version created
 * after the prescription), and of them the one in force on its start date.
 */
function writtenFor(rows: Row[], p: { id: string; writtenOn: Date; startDate: Date; createdAt: Date }): WrittenPrescription {
  const at = p.createdAt.getTime();
  const startDate = isoFromDb(p.startDate);
  const later = rows.filter((r) => r.createdAt.getTime() >= at).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  const first = later[0];
  const own = first && first.prescriptionId === p.id && isoFromDb(first.effectiveFrom) === startDate && !first.supersedesId ? first : null;
  const then = rows
    .filter((r) => r.createdAt.getTime() < at || r === own)
    .map((r) => ({ ...r, voidedAt: r.voidedAt && r.voidedAt.getTime() <= at ? r.voidedAt : null }));
  return { writtenOn: isoFromDb(p.writtenOn), startDate, writtenFor: regimenOn(regimensFromRows(then), startDate) };
}
