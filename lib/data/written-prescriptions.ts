import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import type { RegimenVersion } from "@/lib/domain/dosing/course-input";
import { inProgressOn } from "@/lib/domain/dosing/course-status";
import { prescriptionSupplyEnds } from "@/lib/domain/dosing/supply";
import { writtenPrescriptionsWarning } from "@/lib/domain/dosing/written-prescriptions";
import type { Warning } from "@/lib/errors";
import { doseChangeSelect, regimenFromRow } from "./course-mapping";

/**
 * The confirmation a write of a course's dose versions needs for the live prescriptions already written whose
 * start date's regimen it changes away from the version each was written for (stored with it), while its supply can
 * still be taken: its course in progress today and its supply not ended (lib/domain/dosing/written-prescriptions.ts).
 * Read in the write's transaction, under the patient's lock.
 */
export async function writtenPrescriptionsToConfirm(
  tx: Tx,
  courseId: string,
  before: readonly RegimenVersion[],
  after: readonly RegimenVersion[],
  today: IsoDate,
): Promise<Warning | null> {
  const course = await tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      status: true,
      endDate: true,
      pauses: { where: { voidedAt: null }, select: { startDate: true, resumeDate: true } },
      prescriptions: {
        where: { voidedAt: null },
        select: {
          product: true,
          capsuleStrengthMg: true,
          writtenOn: true,
          startDate: true,
          daysSupply: true,
          refills: true,
          writtenFor: { select: doseChangeSelect },
        },
      },
    },
  });
  if (!course.prescriptions.length) return null;
  const pauses = course.pauses.map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null }));
  const inProgress = inProgressOn({ status: course.status, endDate: course.endDate ? isoFromDb(course.endDate) : null, pauses }, today);
  const written = course.prescriptions.map((p) => {
    const startDate = isoFromDb(p.startDate);
    return {
      product: p.product,
      capsuleStrengthMg: p.capsuleStrengthMg,
      writtenOn: isoFromDb(p.writtenOn),
      startDate,
      supplyEnds: inProgress ? prescriptionSupplyEnds({ startDate, daysSupply: p.daysSupply, refills: p.refills }) : null,
      writtenFor: p.writtenFor ? regimenFromRow(p.writtenFor, 0) : null,
    };
  });
  return writtenPrescriptionsWarning(written, before, after, today);
}
