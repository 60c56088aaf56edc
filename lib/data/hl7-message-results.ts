import "server-only";
import type { Tx } from "@/lib/db";
import type { RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import { formatDate } from "@/lib/format";
import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";
import type { Observation } from "@/lib/hl7/oru";
import type { AuditActor, SystemActor } from "./audit";
import { correctionReason } from "./hl7-observation";
import { findCorrectedResult, replaceCorrectedResults, type CorrectedOriginal, type CorrectedResult } from "./lab-correction";
import { resultKey } from "./lab-rows";
import { findDuplicates, saveLabRows, type LabRowData } from "./save-lab-rows";

/*
 * One patient's final (OBX-11 F) and corrected (C) results of a laboratory's message, recorded together. The
 * portal keeps a specimen's date, not its time or order (lib/hl7/oru.ts), so results of one test (LOINC code)
 * and specimen date in one message are one result as the chart sees it:
 * - finals only: the first value is recorded (sent again, as its copy: lib/data/lab-copies.ts); each other value
 *   waits for review (OTHER_RESULT_IN_MESSAGE), else the chart would hold several current results of the test
 *   and date, and a later correction would not know which it replaces;
 * - with a correction, whichever comes first, the correction is the laboratory's last word. It replaces the
 *   one current result on the chart (findCorrectedResult); with none, the message's final is recorded and then
 *   replaced by it in the same transaction, as two messages in that order would do (a negative pregnancy test
 *   then waits for a dermatologist, the final staying). A final of the correction's value is a copy of the
 *   correction, one of a value on the chart a copy of that result (voided with it when replaced); any other
 *   waits for review, as does every final not on the chart while the correction itself waits.
 * Nothing is lost: the message's text is kept, a final replaced is voided with the correction's reason, and a
 * final that waits is attached or dismissed (with a reason) by a person.
 */

/** A final or corrected observation of a matched patient, as the row it records (recordableRow). */
export interface RecordableResult {
  o: Observation;
  corrected: boolean;
  row: LabRowData & { id: string };
}

/** Queues an observation for review with its reason (the import's queue). */
export type WaitFor = (o: Observation, reason: Hl7QueueReason, detail: string) => Promise<unknown>;

/** A test (its LOINC code) on a specimen date: the results of a message that are one result to the chart. */
export const testAndDate = (o: Observation) => `${o.code}|${o.specimenDate}`;

const on = (o: Observation) => `of this test on ${formatDate(o.specimenDate)}`;
const correctionWaitsText = (why: string) => `The laboratory corrected a result (OBX-11 C), but ${why}`;
const ANOTHER_CORRECTION = "another correction in this message replaces the same result.";
const anotherValueText = (o: Observation) =>
  `The message carries another value ${on(o)}, recorded on the patient's chart: check the laboratory's report. If this value is the right one, void the other on the chart, then attach this one; else dismiss this entry.`;
const correctedText = (o: Observation) =>
  `The message also carries a correction (OBX-11 C) ${on(o)}, with another value, which is the result on the patient's chart: the correction is the laboratory's last word. Dismiss this entry, unless the laboratory's report gives this value as a result of its own.`;
const correctionPendingText = (o: Observation) =>
  `The message also carries a correction (OBX-11 C) ${on(o)}, which waits for review: resolve the correction first, then attach this entry if the laboratory's report gives it as a result of its own, else dismiss it.`;

/** The value keys of the patient's current results of these rows' analytes and dates (resultKey). */
async function valuesOnChart(tx: Tx, patientId: string, rows: LabRowData[]) {
  if (rows.length === 0) return new Set<string>();
  const live = await tx.labResult.findMany({
    where: { patientId, voidedAt: null, OR: rows.map((r) => ({ analyte: r.analyte, specimenDate: r.specimenDate })) },
    select: { analyte: true, specimenDate: true, valueNumeric: true, valueQualitative: true },
  });
  return new Set(live.map(resultKey));
}

/** Finals to record and corrections to apply, in one insert: copies name a correction or a final saved with them. */
interface Batch {
  finals: RecordableResult[];
  corrections: { row: LabRowData & { id: string }; old: CorrectedOriginal }[];
}
const batch = (): Batch => ({ finals: [], corrections: [] });

/** The message's results by test and date (testAndDate), each group in the message's order. */
function byTestAndDate(results: RecordableResult[]) {
  const groups = new Map<string, RecordableResult[]>();
  for (const r of results) groups.set(testAndDate(r.o), [...(groups.get(testAndDate(r.o)) ?? []), r]);
  return groups;
}

/**
 * Records one patient's final and corrected results of a message (the rules above), queuing through `wait`
 * those that wait. `waitingCorrections`: the tests and dates (testAndDate) of corrections of the message that
 * already wait for another reason (a value or date the portal cannot record). Returns the rows inserted, the
 * corrections applied and what became of the repeats asked for at the reviews of the results they replaced.
 */
export async function recordMessageResults(
  tx: Tx,
  actor: AuditActor | SystemActor,
  patientId: string,
  results: RecordableResult[],
  waitingCorrections: Set<string>,
  wait: WaitFor,
  message: { id: string; controlId: string; namePatient: boolean },
) {
  const groups = byTestAndDate(results);
  // Read only for the tests and dates of a correction: a message without one asks nothing more of the chart.
  const corrected = [...groups].filter(([key, group]) => waitingCorrections.has(key) || group.some((r) => r.corrected));
  const onChart = await valuesOnChart(
    tx,
    patientId,
    corrected.flatMap(([, group]) => group.map((r) => r.row)),
  );
  const now = batch();
  /** Corrections with nothing on the chart to replace: applied to the message's final once it is recorded. */
  const after: { correction: RecordableResult; others: RecordableResult[]; finals: RecordableResult[] }[] = [];
  for (const [key, group] of groups) {
    const [correction, ...others] = group.filter((r) => r.corrected);
    const finals = group.filter((r) => !r.corrected);
    if (!correction) {
      if (waitingCorrections.has(key)) await keepOnChartOnly(finals, onChart, now, wait);
      else await firstValueOnly(finals, now, wait);
      continue;
    }
    const target = await findCorrectedResult(tx, { ...correction.row, patientId }, false);
    if (target.kind === "none" && finals.length > 0) {
      const [first, rest] = byFirstValue(finals);
      now.finals.push(...first);
      after.push({ correction, others, finals: rest });
      continue;
    }
    await settle(correction, others, finals, target, now, onChart, wait);
  }
  const first = await save(tx, actor, patientId, now, message);
  const later = batch();
  for (const { correction, others, finals } of after) {
    const target = await findCorrectedResult(tx, { ...correction.row, patientId }, false);
    await settle(correction, others, finals, target, later, onChart, wait);
  }
  // A second insert (and audit row), as a second message would make.
  const second = await save(tx, actor, patientId, later, message);
  return {
    attached: first.attached + second.attached,
    corrected: now.corrections.length + later.corrections.length,
    repeats: {
      stillListed: [...first.repeats.stillListed, ...second.repeats.stillListed],
      noLongerListed: [...first.repeats.noLongerListed, ...second.repeats.noLongerListed],
    },
  };
}

const sameValue = (a: RecordableResult, b: RecordableResult) => resultKey(a.row) === resultKey(b.row);

/** The finals of the first value among them (the first and its copies), and the others. */
const byFirstValue = (finals: RecordableResult[]) => [finals.filter((f) => sameValue(f, finals[0]!)), finals.filter((f) => !sameValue(f, finals[0]!))] as const;

/** Finals of a test and date without a correction: the first value recorded (with its copies), the others waiting. */
async function firstValueOnly(finals: RecordableResult[], into: Batch, wait: WaitFor) {
  const [first, others] = byFirstValue(finals);
  into.finals.push(...first);
  for (const f of others) await wait(f.o, "OTHER_RESULT_IN_MESSAGE", anotherValueText(f.o));
}

/** Finals beside a correction that waits: one of a value already on the chart is its copy, any other waits too. */
async function keepOnChartOnly(finals: RecordableResult[], onChart: Set<string>, into: Batch, wait: WaitFor) {
  for (const f of finals) {
    if (onChart.has(resultKey(f.row))) into.finals.push(f);
    else await wait(f.o, "OTHER_RESULT_IN_MESSAGE", correctionPendingText(f.o));
  }
}

/** The result a correction replaces (findCorrectedResult), or why it waits. */
function replaces(target: CorrectedResult, into: Batch): { old: CorrectedOriginal } | { why: string } {
  if (target.kind !== "one") return { why: target.detail };
  // The one result is replaced once: a correction under another code of its analyte may name it too (through a copy).
  return into.corrections.some((c) => c.old.id === target.old.id) ? { why: ANOTHER_CORRECTION } : { old: target.old };
}

/**
 * A correction and the other results of its test and date, once the result it replaces is known: applied, with
 * the finals of its value or of one on the chart as copies and the other finals waiting; or waiting, with them.
 */
async function settle(
  correction: RecordableResult,
  others: RecordableResult[],
  finals: RecordableResult[],
  target: CorrectedResult,
  into: Batch,
  onChart: Set<string>,
  wait: WaitFor,
) {
  const replacing = replaces(target, into);
  if ("why" in replacing) {
    for (const c of [correction, ...others]) await wait(c.o, "CORRECTION", correctionWaitsText(replacing.why));
    return keepOnChartOnly(finals, onChart, into, wait);
  }
  into.corrections.push({ row: { ...correction.row, duplicateOfId: null }, old: replacing.old });
  for (const c of others) await wait(c.o, "CORRECTION", correctionWaitsText(ANOTHER_CORRECTION));
  for (const f of finals) {
    if (sameValue(f, correction) || onChart.has(resultKey(f.row))) into.finals.push(f);
    else await wait(f.o, "OTHER_RESULT_IN_MESSAGE", correctedText(f.o));
  }
}

/**
 * Inserts a batch (saveLabRows: one audit row), the corrections before the finals so that a final of a
 * correction's value names it (findDuplicates), then each correction in place of the result it replaces.
 */
async function save(
  tx: Tx,
  actor: AuditActor | SystemActor,
  patientId: string,
  saved: Batch,
  message: { id: string; controlId: string; namePatient: boolean },
) {
  const none: RepeatsAfterCorrection = { stillListed: [], noLongerListed: [] };
  const corrections = saved.corrections.map((c) => c.row);
  const finals = saved.finals.map((f) => f.row);
  if (corrections.length + finals.length === 0) return { attached: 0, repeats: none };
  // A result already on file (entered by hand before the message came) is the same result: kept, counted once;
  // so is one the message carries twice (the same test, specimen date and value): the second names the first.
  const duplicates = await findDuplicates(tx, patientId, [...corrections, ...finals], new Map());
  const data = [...corrections, ...finals.map((r) => ({ ...r, duplicateOfId: duplicates.copyOf(r) }))];
  const audit = { action: "lab.import" as const, entityId: message.id, changes: { controlId: message.controlId } };
  const attached = await saveLabRows(tx, actor, patientId, data, audit);
  // Each correction, now inserted, voids the result it corrects as a manual correction does; an upload's page
  // names the patient beside what became of the repeats.
  if (saved.corrections.length === 0) return { attached, repeats: none };
  const repeats = await replaceCorrectedResults(tx, actor, saved.corrections, correctionReason(message.controlId), message.namePatient);
  return { attached, repeats };
}
