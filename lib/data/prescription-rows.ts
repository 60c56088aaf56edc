import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import { anchorOn } from "@/lib/domain/dosing/dispense-quantity";
import { dispensedTooLate, type PrescribingDecision } from "@/lib/domain/pregnancy";
import { invalidField } from "@/lib/errors";
import type { AuditActor } from "./audit";
import { assertDispensedOn, type PrescriptionInput } from "./course-write-steps";

/**
 * What a prescription records, when it is written, of the regimen it was written for (docs/DOMAIN.md
 * "Prescriptions"): what it dispenses and the dose it is written for read this, never the course's versions as they
 * stand later (a correction or void of a dose version changes nothing a written prescription says).
 */
export interface WrittenFor {
  /** The version in force on its start date once its write, with any version it sets, is applied. */
  versionId: string;
  /** It set that version itself: the course start's, or its own change of regimen. */
  setsRegimen: boolean;
  /** The day the version's pattern counts from on its start date (anchorOn). */
  anchor: IsoDate;
}

const writtenForData = (w: WrittenFor) => ({ writtenForId: w.versionId, setsRegimen: w.setsRegimen, patternAnchor: dbDate(w.anchor) });

/**
 * One prescription row; its start date is the day it is written. Its dispensed date, when known, falls
 * between the day it is written, its dispense-by date and today, and is its first recorded dispensing (a row of
 * prescription_dispensings by its prescriber); a date recorded later, or corrected, is recordDispensing's
 * (lib/data/record-dispensing.ts). `writtenFor`: the version in force on its start date, or null when the
 * prescription sets its own version, written after it (the version names the prescription): recordVersionSet
 * records it then, in the same transaction.
 */
export async function createPrescription(
  tx: Tx,
  actor: AuditActor,
  courseId: string,
  p: PrescriptionInput,
  writtenOn: string,
  warnings: string[],
  pregnancy: PrescribingDecision | null,
  writtenFor: WrittenFor | null,
) {
  assertDispensedOn(p, writtenOn);
  const late = p.dispensedOn !== undefined && pregnancy ? dispensedTooLate(pregnancy, p.dispensedOn) : null;
  if (late) throw invalidField("dispensedOn", late);
  const rx = await tx.prescription.create({
    data: {
      courseId,
      prescriberId: actor.id,
      product: p.product,
      capsuleStrengthMg: p.capsuleStrengthMg,
      writtenOn: dbDate(writtenOn),
      startDate: dbDate(writtenOn),
      daysSupply: p.daysSupply,
      refills: p.refills,
      dispensedOn: p.dispensedOn ? dbDate(p.dispensedOn) : null,
      acknowledgedWarnings: warnings,
      dispenseBy: pregnancy?.dispenseBy ? dbDate(pregnancy.dispenseBy) : null,
      pregnancyTestId: pregnancy?.windowTest?.id ?? null,
      ...(writtenFor ? writtenForData(writtenFor) : {}),
    },
    select: { id: true },
  });
  if (p.dispensedOn)
    await tx.prescriptionDispensing.create({
      data: { prescriptionId: rx.id, dispensedOn: dbDate(p.dispensedOn), acknowledgedWarnings: [], recordedById: actor.id },
    });
  return rx;
}

/** The version a prescription set, effective on its start date (its pattern counts from that day), recorded on it. */
export async function recordVersionSet(tx: Tx, prescriptionId: string, versionId: string, startDate: IsoDate): Promise<void> {
  await tx.prescription.update({ where: { id: prescriptionId }, data: writtenForData({ versionId, setsRegimen: true, anchor: startDate }) });
}

/**
 * A prescription that sets no version of its own is written for the version in force on its start date, its pattern
 * counted from that version's day or the latest resume after a pause since (the course's pauses not voided).
 */
export async function writtenForInForce(tx: Tx, courseId: string, inForce: { id: string; effectiveFrom: IsoDate }, startDate: IsoDate): Promise<WrittenFor> {
  const pauses = await tx.coursePause.findMany({ where: { courseId, voidedAt: null }, select: { startDate: true, resumeDate: true } });
  const spans = pauses.map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null }));
  return { versionId: inForce.id, setsRegimen: false, anchor: anchorOn(inForce.effectiveFrom, spans, startDate) };
}
