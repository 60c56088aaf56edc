import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { Observation } from "@/lib/hl7/oru";

/*
 * A lab result recorded more than once (by hand and again from the laboratory, or received twice) is one
 * result: the row first recorded, and its copies, the rows recorded after it with the same analyte, specimen
 * date and value, which name it (duplicate_of_id, set where a repeat is found: findDuplicates in
 * lib/data/save-lab-rows.ts). What is done to the result by hand is done to every record of it.
 */

/** The result a row records: the one it names as a copy, else itself. */
export const resultOf = (row: { id: string; duplicateOfId: string | null }) => row.duplicateOfId ?? row.id;

/** The live copies of a result. */
export const copiesOf = (resultId: string) => ({ duplicateOfId: resultId, voidedAt: null });

/** The live rows that record one result (resultOf): the result and its live copies. */
export const recordsOf = (resultId: string) => ({ OR: [{ id: resultId }, { duplicateOfId: resultId }], voidedAt: null });

/**
 * The current results of a patient's test (a LOINC code, as the laboratory names it) on a specimen date,
 * each counted once whatever its copies (a copy may carry another code of the same analyte as the result
 * it names), with how many live rows record them.
 */
export async function currentResultsOf(tx: Tx, patientId: string, code: string, specimenDate: Date) {
  const rows = await tx.labResult.findMany({ where: { patientId, code, specimenDate, voidedAt: null }, select: { id: true, duplicateOfId: true } });
  const results = [...new Set(rows.map(resultOf))];
  const records = results.length ? await tx.labResult.count({ where: { OR: results.map(recordsOf) } }) : 0;
  return { results: results.length, records };
}

/**
 * The laboratory's retractions (OBX-11 W or D) waiting for review that name a result of the patient: the
 * test code and specimen date of one of its records, as the queue entry's detail counted them (currentResultsOf).
 */
async function pendingRetractions(tx: Tx, patientId: string, records: { code: string; specimenDate: Date }[]): Promise<string[]> {
  const entries = await tx.hl7QueueEntry.findMany({
    where: { status: "PENDING", reason: "RETRACTED", patientId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, observation: true },
  });
  const named = new Set(records.map((r) => `${r.code}|${isoFromDb(r.specimenDate)}`));
  const names = (o: Observation) => named.has(`${o.code}|${o.specimenDate}`);
  return entries.filter((e) => names(e.observation as unknown as Observation)).map((e) => e.id);
}

/**
 * What a void or correction by hand of one record of a result takes away. A correction replaces the result
 * (the row its copies name) whichever record it was made on, so every record of it is voided: else the value
 * corrected would still count as the result's or a copy's. A void takes that record only, a copy taking the
 * result's place, unless the laboratory retracted the result (a retraction waiting for review): then every
 * record of it goes, as one result. `decided`: a pregnancy decision rests on a record voided.
 */
export async function recordsVoided(tx: Tx, row: { id: string; patientId: string; duplicateOfId: string | null }, correcting: boolean) {
  const resultId = resultOf(row);
  const records = await tx.labResult.findMany({
    where: recordsOf(resultId),
    select: { code: true, specimenDate: true, pregnancyDecision: { select: { id: true } } },
  });
  const retractions = correcting ? [] : await pendingRetractions(tx, row.patientId, records);
  if (!correcting && retractions.length === 0) return { id: row.id, whole: false, retractions, decided: false };
  return { id: resultId, whole: true, retractions, decided: records.some((r) => r.pregnancyDecision) };
}
