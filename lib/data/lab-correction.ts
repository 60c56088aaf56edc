import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { formatDate } from "@/lib/format";
import type { RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import type { AuditActor, SystemActor } from "./audit";
import { labValue, voidEntry } from "./correct-records";
import { resultOf } from "./lab-copies";
import { lockPatient } from "./locks";
import { refreshPatientMonitoring } from "./refresh-monitoring";

/**
 * A laboratory's corrected result (HL7 OBX-11 C): which current result it replaces, and the replacement,
 * which voids that result as a correction by hand does (lib/data/correct-records.ts).
 */

/**
 * What a laboratory's corrected result (HL7 OBX-11 C) replaces on the patient's chart: one current result,
 * or why none is replaced (none or several match, a decision rests on it, or only a dermatologist may).
 */
export type CorrectedResult = { kind: "one"; old: CorrectedOriginal } | { kind: "none" | "several" | "decided" | "dermatologist"; detail: string };
export type CorrectedOriginal = {
  id: string;
  patientId: string;
  code: string;
  specimenDate: Date;
  valueNumeric: Prisma.Decimal | null;
  valueQualitative: string | null;
  flag: string;
};

/**
 * The one current result a laboratory's correction replaces: the patient's result of the same test
 * (LOINC code) on the same specimen date (the portal keeps no order or filler number to match on), its
 * copies (the same result recorded again, naming it) being that result, not others: they are voided with
 * it (voidEntry). A copy of that code names its result, whatever the result's own code (another code of
 * the analyte: lib/data/lab-copies.ts). None, several, or one a pregnancy decision rests on (or on a copy
 * of it): refused with the reason, for a person to resolve. A pregnancy test is looked up under the
 * patient lock that prescribing takes, as a manual correction is. A correction to a negative pregnancy
 * test replaces one only by a dermatologist's decision (`byDermatologist`): it could clear a positive, or
 * stand in for the test a prescription rests on; a positive or indeterminate one replaces it at once, as
 * it can only make prescribing stricter.
 */
export async function findCorrectedResult(
  tx: Tx,
  correction: { patientId: string; code: string; analyte: string; specimenDate: Date; valueQualitative: string | null },
  byDermatologist: boolean,
): Promise<CorrectedResult> {
  if (correction.analyte === "HCG") await lockPatient(tx, correction.patientId);
  const named = await tx.labResult.findMany({
    where: { patientId: correction.patientId, code: correction.code, specimenDate: correction.specimenDate, voidedAt: null },
    select: { id: true, duplicateOfId: true },
  });
  const found = await tx.labResult.findMany({
    where: { id: { in: [...new Set(named.map(resultOf))] }, voidedAt: null },
    select: {
      id: true,
      patientId: true,
      code: true,
      specimenDate: true,
      valueNumeric: true,
      valueQualitative: true,
      flag: true,
      pregnancyDecision: { select: { id: true } },
      duplicates: { where: { voidedAt: null }, select: { pregnancyDecision: { select: { id: true } } } },
    },
  });
  const on = `of this test on ${formatDate(isoFromDb(correction.specimenDate))}`;
  if (found.length === 0) return { kind: "none", detail: `no current result ${on} is on the patient's chart to replace.` };
  if (found.length > 1)
    return { kind: "several", detail: `${found.length} current results ${on} are on the patient's chart: which one it replaces is not known.` };
  const { pregnancyDecision, duplicates, ...old } = found[0]!;
  if (pregnancyDecision || duplicates.some((c) => c.pregnancyDecision))
    return { kind: "decided", detail: "a decision is documented on the pregnancy test it corrects, so that test cannot be replaced." };
  const clears = correction.analyte === "HCG" && correction.valueQualitative !== "POSITIVE" && correction.valueQualitative !== "INDETERMINATE";
  if (clears && !byDermatologist)
    return { kind: "dermatologist", detail: "a negative pregnancy test replaces the current one only by a dermatologist's decision." };
  return { kind: "one", old };
}

/**
 * A laboratory's correction in place of the current result it corrects (findCorrectedResult): the
 * correction is already inserted in this transaction; the old result is voided as a manual correction
 * voids it, naming the correction as its replacement, its live copies voided with it, its patient's
 * monitoring recomputed, with the same audit row (lab.correct). The repeat tests asked for at its review follow
 * the correction while it is still abnormal: what became of them is returned (null: none).
 */
export async function replaceLabResult(
  tx: Tx,
  actor: AuditActor | SystemActor,
  old: CorrectedOriginal,
  correction: { id: string; specimenDate: Date; valueNumeric: { toString(): string } | null; valueQualitative: string | null; flag: string },
  reason: string,
) {
  const after = { id: correction.id, ...labValue(correction) };
  const { repeats } = await voidEntry(
    tx,
    actor,
    "lab_results",
    { id: old.id, patientId: old.patientId, reason, replacedById: correction.id, byLaboratory: true },
    refreshPatientMonitoring,
    {
      action: "lab.correct",
      entityType: "LabResult",
      changes: { reason, code: old.code, before: labValue(old), after, replacedById: correction.id },
    },
  );
  return repeats;
}

/**
 * A message's corrections of one patient's results, now inserted, each in place of the result it corrects
 * (replaceLabResult), and what became of the repeats asked for at those results' reviews. `namePatient`: the
 * answer names the patient (an uploaded file may name several; the page shows name and MRN, nothing else does).
 */
export async function replaceCorrectedResults(
  tx: Tx,
  actor: AuditActor | SystemActor,
  corrections: { row: Parameters<typeof replaceLabResult>[3]; old: CorrectedOriginal }[],
  reason: string,
  namePatient: boolean,
): Promise<RepeatsAfterCorrection> {
  const repeats: RepeatsAfterCorrection = { stillListed: [], noLongerListed: [] };
  for (const c of corrections) {
    const moved = await replaceLabResult(tx, actor, c.old, c.row, reason);
    repeats.stillListed.push(...(moved?.stillListed ?? []));
    repeats.noLongerListed.push(...(moved?.noLongerListed ?? []));
  }
  if (!namePatient || repeats.stillListed.length + repeats.noLongerListed.length === 0) return repeats;
  const p = await tx.patient.findUniqueOrThrow({ where: { id: corrections[0]!.old.patientId }, select: { firstName: true, lastName: true, mrn: true } });
  const patient = { name: `${p.lastName}, ${p.firstName}`, mrn: p.mrn };
  return { stillListed: repeats.stillListed.map((x) => ({ ...x, patient })), noLongerListed: repeats.noLongerListed.map((x) => ({ ...x, patient })) };
}
