import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";
import { formatDate } from "@/lib/format";
import { labRangeNotUsed, rangeText, type LabRangeNotUsed } from "@/lib/domain/lab-reference-range";
import {
  COLLECTION_DATE_MISSING_TEXT,
  isPregnancyTestObservation,
  needsCollectionDate,
  parseRange,
  qualitativeValue,
  statusText,
  type NotRecorded,
} from "@/lib/hl7/interpret";
import type { Observation, PatientResults } from "@/lib/hl7/oru";
import { parseLabValue } from "@/lib/validation/lab";
import { getThresholds } from "./config";
import { UNIT_MISSING_TEXT, unitsToChoose } from "./hl7-unit";
import { currentResultsOf } from "./lab-copies";
import { addedPregnancyTest, addedPregnancyTestText, prepareLabRow, resultKey, type CatalogueTest, type LabEntry } from "./lab-rows";
import { lockMrns } from "./locks";
import type { LabRowData } from "./save-lab-rows";

/*
 * One HL7 observation as a result row, for an import (lib/data/import-hl7.ts) and the review queue
 * (lib/data/hl7-queue.ts) alike.
 */

/** A test of the lab catalogue, as an import reads them all once (lib/data/lab-rows.ts). */
export type { CatalogueTest } from "./lab-rows";

/** The laboratory's range of an observation, not used to judge its row (labRangeNotUsed): why, for the attach answer. */
export type RangeNotUsed = { reason: LabRangeNotUsed["reason"]; message: string };

/** What decides one observation: a row to attach, or the reason it waits for a nurse. */
export type ObservationOutcome =
  /** `unusual`: why the value is unusual, when it was accepted as such (acceptUnusual); `rangeNotUsed`: why the lab's range was not; else null. */
  { ok: true; row: LabRowData; unusual: string | null; rangeNotUsed: RangeNotUsed | null } | { ok: false; reason: Hl7QueueReason; detail: string };

/** The catalogue's test of an observation's LOINC code (OBX-3): the active one, else an inactive one. */
export const catalogueTestOf = (o: Pick<Observation, "code">, tests: CatalogueTest[]) =>
  tests.find((t) => t.code === o.code && t.active) ?? tests.find((t) => t.code === o.code);

type Thresholds = Awaited<ReturnType<typeof getThresholds>>;

/**
 * One observation as a result row for a matched patient: the test by its LOINC code (OBX-3), the value
 * in the lab's unit (OBX-6) converted to the canonical one, the lab's range (OBX-7) and flag (OBX-8)
 * kept; an unknown code or unit, a number sent without its unit (never taken as the catalogue's:
 * lib/data/hl7-unit.ts), an impossible or unusual value waits for review instead. The lab's range is read
 * in the value's unit, and one that cannot be the test's in it (labRangeNotUsed) is not kept: the row is
 * judged by the clinic's range, as with none sent, and `rangeNotUsed` says why. An import and the queue
 * both judge a range here, and the queue's preview of a critical value (lib/data/hl7-queue-critical.ts).
 */
export function observationRow(o: Observation, tests: CatalogueTest[], thresholds: Thresholds, entry: LabEntry, acceptUnusual = false): ObservationOutcome {
  const test = catalogueTestOf(o, tests);
  if (!test) return { ok: false, reason: "UNKNOWN_TEST", detail: `LOINC ${o.code} is not in the lab catalogue.` };
  if (addedPregnancyTest(test)) return { ok: false, reason: "UNKNOWN_TEST", detail: addedPregnancyTestText(test) };
  const raw = test.kind === "QUALITATIVE" ? (qualitativeValue(o) ?? o.value) : o.value;
  const parsed = parseLabValue(test.kind, raw);
  if (!parsed.ok)
    return { ok: false, reason: "VALUE_NOT_READABLE", detail: `${test.name}: "${o.value}" is not a value the portal can record (${parsed.message})` };
  if (unitsToChoose(o, test)) return { ok: false, reason: "UNKNOWN_UNIT", detail: `${test.name}: ${UNIT_MISSING_TEXT}` };
  const range = parseRange(o.range);
  const notUsed = test.kind === "QUANTITATIVE" ? labRangeNotUsed(test, range, o.unit) : null;
  const received = notUsed
    ? { unit: o.unit, refLow: null, refHigh: null, labRange: null, labFlag: o.abnormalFlag }
    : { unit: o.unit, refLow: range.low, refHigh: range.high, labRange: o.range, labFlag: o.abnormalFlag };
  const prepared = prepareLabRow(test, parsed, thresholds, { ...entry, specimenDate: o.specimenDate }, o.unit, received);
  if (!prepared.ok) return { ok: false, reason: prepared.field === "unit" ? "UNKNOWN_UNIT" : "IMPLAUSIBLE", detail: `${test.name}: ${prepared.message}` };
  const unusual = prepared.plausibility.kind === "UNUSUAL" ? `${test.name}: ${prepared.plausibility.message}` : null;
  if (unusual && !acceptUnusual) return { ok: false, reason: "IMPLAUSIBLE", detail: unusual };
  const rangeNotUsed = notUsed && { reason: notUsed.reason, message: rangeNotUsedText(test.name, o.range ?? "", notUsed.why, prepared.row) };
  return { ok: true, row: prepared.row, unusual, rangeNotUsed };
}

/**
 * "Total cholesterol: the laboratory's range 0-200 is not used: read in mmol/L, it is 0–7734 mg/dL, … The result
 * is judged by the clinic's range, 0–200 mg/dL." (the range the row was judged by: the catalogue's).
 */
function rangeNotUsedText(test: string, sent: string, why: string, row: Pick<LabRowData, "refLow" | "refHigh" | "unit">) {
  const [low, high] = [row.refLow === null ? null : Number(row.refLow), row.refHigh === null ? null : Number(row.refHigh)];
  const clinic =
    low === null && high === null
      ? "The catalogue gives the test no range: the clinic's levels alone judge the result."
      : `The result is judged by the clinic's range, ${rangeText(low, high)}${row.unit ? ` ${row.unit}` : ""}.`;
  return `${test}: the laboratory's range ${sent.trim()} is not used: ${why}. ${clinic}`;
}

/** Why a result that repeats one voided on the chart waits (voidedOnChart). */
export const VOIDED_ON_CHART_TEXT =
  "The patient's chart has this result (the same test, specimen date and value) replaced by a correction, or received from a laboratory and voided as entered in error, and no current result like it: check with the laboratory before attaching it again.";

/**
 * Whether a final result the laboratory sends repeats one the chart rejected: the same analyte, specimen date
 * and value (resultKey) as a record replaced by a correction (by hand or the laboratory's), or received from a
 * laboratory and voided as entered in error (a retraction voided included), with no live record like it, which
 * it would be a copy of. Recorded, it would undo that correction or void, so it waits for review. A message
 * resending an order's results under a new control id does this; one sent again unchanged is already imported.
 * A hand entry voided alone (the laboratory's result expected instead) is not such a record: the laboratory's
 * result is recorded.
 */
export async function voidedOnChart(tx: Tx, row: LabRowData): Promise<ObservationOutcome | null> {
  const recorded = await tx.labResult.findMany({
    where: { patientId: row.patientId, analyte: row.analyte, specimenDate: row.specimenDate },
    select: { analyte: true, specimenDate: true, valueNumeric: true, valueQualitative: true, voidedAt: true, replacedById: true, hl7MessageId: true },
  });
  const same = recorded.filter((r) => resultKey(r) === resultKey(row));
  if (same.some((r) => r.voidedAt === null)) return null;
  const rejected = same.some((r) => r.replacedById !== null || r.hl7MessageId !== null);
  return rejected ? { ok: false, reason: "VOIDED_ON_CHART", detail: VOIDED_ON_CHART_TEXT } : null;
}

/**
 * One final or corrected observation of a matched patient as the row to record, or why it waits: a pregnancy
 * test without its collection date or a date in the future (dateHold), a value the portal cannot record
 * (observationRow), or a result the chart rejected sent again (voidedOnChart), a correction included.
 */
export async function recordableRow(tx: Tx, o: Observation, tests: CatalogueTest[], today: string, entry: LabEntry): Promise<ObservationOutcome> {
  const held = dateHold(o, tests, today);
  if (held) return { ok: false, ...held };
  const thresholds = await getThresholds(o.specimenDate, tx);
  const outcome = observationRow(o, tests, thresholds, entry);
  if (!outcome.ok) return (await unitlessVoidedOnChart(tx, o, tests, thresholds, entry)) ?? outcome;
  return (await voidedOnChart(tx, outcome.row)) ?? outcome;
}

/**
 * A number sent without its unit that, in one of the units it may be in, repeats a result the chart rejected
 * (voidedOnChart): it waits as such, saying so and that its unit is to be chosen (attaching still asks for it).
 */
async function unitlessVoidedOnChart(tx: Tx, o: Observation, tests: CatalogueTest[], thresholds: Thresholds, entry: LabEntry) {
  for (const unit of unitsToChoose(o, catalogueTestOf(o, tests)) ?? []) {
    const outcome = observationRow({ ...o, unit }, tests, thresholds, entry, true);
    const rejected = outcome.ok ? await voidedOnChart(tx, outcome.row) : null;
    if (rejected && !rejected.ok) return { ...rejected, detail: `${rejected.detail} Its unit: ${UNIT_MISSING_TEXT}` };
  }
  return null;
}

/** The reason a laboratory's correction gives for the result it voids. */
export const correctionReason = (controlId: string) => `Corrected by the laboratory (OBX-11 C, message ${controlId}).`;

/**
 * A patient matched by MRN and date of birth, or why not; when only the date of birth differs, the one
 * patient with the MRN (a pregnancy test still stops that patient's prescribing while it waits).
 */
export type PatientMatch = { id: string } | { reason: Hl7QueueReason; detail: string; mrnPatientId?: string };

/** A patient is matched by MRN (PID-3) and date of birth (PID-7) together; anything less waits for a nurse. */
export async function matchPatient(tx: Tx, p: PatientResults): Promise<PatientMatch> {
  const found = await tx.patient.findMany({ where: { mrn: { equals: p.mrn, mode: "insensitive" } }, select: { id: true, dateOfBirth: true }, take: 2 });
  if (found.length === 0) return { reason: "UNMATCHED", detail: "No patient has this MRN." };
  if (found.length > 1) return { reason: "AMBIGUOUS", detail: "More than one patient has this MRN." };
  if (isoFromDb(found[0]!.dateOfBirth) !== p.birthDate)
    return { reason: "DOB_MISMATCH", detail: "The patient with this MRN has another date of birth.", mrnPatientId: found[0]!.id };
  return { id: found[0]!.id };
}

/**
 * Each patient of a message matched (matchPatient), under the registration locks of the MRNs it names
 * (lockMrns): a registration of one of them, or an edit giving a patient one, waits for the import, or the
 * import for it, so a pregnancy test waiting for an MRN is never queued unseen by the patient given that MRN
 * meanwhile (holdWaitingPregnancyTests, lib/data/hl7-queue-holds.ts).
 */
export async function matchPatients(tx: Tx, patients: PatientResults[]): Promise<PatientMatch[]> {
  await lockMrns(
    tx,
    patients.map((p) => p.mrn),
  );
  const matches: PatientMatch[] = [];
  for (const p of patients) matches.push(await matchPatient(tx, p));
  return matches;
}

/**
 * A pregnancy test by the catalogue's hCG codes, a pregnancy test's code the clinic added as a test of its own
 * (addedPregnancyTest), the other hCG codes or its name (isPregnancyTestObservation).
 */
const isPregnancyTest = (o: Observation, tests: CatalogueTest[]) =>
  isPregnancyTestObservation(
    o,
    tests.filter((t) => t.analyte === "HCG" || addedPregnancyTest(t)).map((t) => t.code),
  );

/**
 * Why a matched patient's observation waits for its date, or null: a pregnancy test dated only by the
 * message (needsCollectionDate), or a date in the future.
 */
export function dateHold(o: Observation, tests: CatalogueTest[], today: string): { reason: Hl7QueueReason; detail: string } | null {
  if (needsCollectionDate(o, isPregnancyTest(o, tests))) return { reason: "COLLECTION_DATE_MISSING", detail: COLLECTION_DATE_MISSING_TEXT };
  if (o.specimenDate > today) return { reason: "FUTURE_DATE", detail: "The observation date is in the future." };
  return null;
}

/**
 * What a queued observation holds: whether it is a pregnancy test (isPregnancyTestObservation), and the
 * patient whose prescribing it stops while it waits, matched or named by the MRN alone.
 */
export function queueHold(o: Observation, tests: CatalogueTest[], match: PatientMatch) {
  const pregnancyTest = isPregnancyTest(o, tests);
  const patient = "id" in match ? match.id : (match.mrnPatientId ?? null);
  return { pregnancyTest, holdsPatientId: pregnancyTest ? patient : null };
}

/** The patients queue entries name: matched, or held by a pregnancy test (ids only, each once). */
export const queuePatients = (entries: { patientId: string | null; holdsPatientId: string | null }[]) => [
  ...new Set(entries.flatMap((e) => [e.patientId, e.holdsPatientId]).filter((id): id is string => id !== null)),
];

/**
 * Why a retracted, preliminary or not final result waits for review, and for a retraction what it names
 * on the chart: the current results of the same test on the same specimen date, a result recorded more
 * than once counted once (currentResultsOf), which a nurse or dermatologist voids there (the message does
 * not: which result it retracts is theirs to confirm); voiding any record of it voids them all while the
 * retraction waits (recordsVoided, lib/data/lab-copies.ts).
 */
export async function statusDetail(tx: Tx, o: Observation, status: NotRecorded, match: { id: string } | { detail: string }) {
  const text = statusText(o, status);
  if (!("id" in match)) return `${text} ${match.detail}`;
  if (status !== "RETRACTED") return text;
  const current = await currentResultsOf(tx, match.id, o.code, dbDate(o.specimenDate));
  const on = `of this test on ${formatDate(o.specimenDate)}`;
  if (current.results === 0) return `${text} No current result ${on} is on the patient's chart.`;
  if (current.results === 1 && current.records > 1)
    return `${text} 1 current result ${on} is on the patient's chart, recorded ${current.records} times: void it there (every record of it is voided with it), then dismiss this entry.`;
  const results = current.results === 1 ? `1 current result ${on} is` : `${current.results} current results ${on} are`;
  return `${text} ${results} on the patient's chart: void the one retracted there, then dismiss this entry.`;
}
