import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { RegimenVersion } from "@/lib/domain/dosing/course-input";
import { REGIMEN_CHANGE_CODE } from "@/lib/domain/dosing/prescription-checks";
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
  const rows = await tx.doseChange.findMany({ where: { courseId }, select: { ...doseChangeSelect, prescriptionId: true, acknowledgedWarnings: true } });
  const written = prescriptions.map((p) => writtenFor(rows, p));
  return writtenPrescriptionsWarning(written, before, after);
}

type Row = Parameters<typeof regimensFromRows>[0][number] & { prescriptionId: string | null; acknowledgedWarnings: string[] };

/**
 * What a prescription was written for: the course's versions as they stood when it was written (those created
 * before it, voided only since), with the version it set, and of them the one in force on its start date.
 */
function writtenFor(rows: Row[], p: { id: string; writtenOn: Date; startDate: Date; createdAt: Date }): WrittenPrescription {
  const at = p.createdAt.getTime();
  const startDate = isoFromDb(p.startDate);
  const own = versionSet(rows, p.id, startDate, at);
  const then = rows
    .filter((r) => r.createdAt.getTime() < at || r === own)
    .map((r) => ({ ...r, voidedAt: r.voidedAt && r.voidedAt.getTime() <= at ? r.voidedAt : null }));
  return { writtenOn: isoFromDb(p.writtenOn), startDate, writtenFor: regimenOn(regimensFromRows(then), startDate) };
}

/**
 * The version a prescription set, if any: created in its write, right after it (a course's writes wait on the
 * patient's lock, so no other version comes between), effective on its start date, linked to it. A dose change
 * made later is linked to the latest prescription too (the prescription it is based on): the version a prescription
 * set is the course's first (the course start's), or one written as the prescription's change of regimen, confirmed
 * as such (REGIMEN_CHANGE_CODE), which no dose change asks.
 */
function versionSet(rows: Row[], prescriptionId: string, startDate: string, at: number): Row | null {
  const next = rows.filter((r) => r.createdAt.getTime() >= at).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))[0];
  if (!next || next.prescriptionId !== prescriptionId || isoFromDb(next.effectiveFrom) !== startDate || next.supersedesId) return null;
  const courseStart = rows.every((r) => r.createdAt.getTime() >= at);
  return courseStart || next.acknowledgedWarnings.includes(REGIMEN_CHANGE_CODE) ? next : null;
}
