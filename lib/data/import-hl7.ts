import "server-only";
import { randomUUID } from "node:crypto";
import { db, IMPORT_TRANSACTION, type Tx } from "@/lib/db";
import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Hl7Problem } from "@/lib/hl7/ack";
import type { RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import { decodeHl7 } from "@/lib/hl7/charset";
import { controlIdReusedText, resultStatus, sameMessageContent } from "@/lib/hl7/interpret";
import { parseOruFile, type Observation, type OruMessage, type PatientResults } from "@/lib/hl7/oru";
import { systemActor, writeAudit, type AuditActor, type SystemActor } from "./audit";
import { recordMessageResults, testAndDate, type RecordableResult } from "./hl7-message-results";
import { matchPatients, queueHold, queuePatients, statusDetail, type CatalogueTest, type PatientMatch, recordableRow } from "./hl7-observation";
import { urgentResults, type UrgentResult, type WaitingResult } from "./import-hl7-urgent";
import { lockControlId, lockPatients } from "./locks";
import { refreshMonitoringFor } from "./refresh-monitoring";

/** Where a file came from: a nurse's upload or a lab interface's POST. */
export type Hl7Origin = { kind: "UPLOAD"; user: AuditActor } | { kind: "INTERFACE"; id: string; name: string };

/** Who the audit trail names for a message: the user who uploaded it, or the lab interface (no role). */
const writerOf = (origin: Hl7Origin): AuditActor | SystemActor => (origin.kind === "UPLOAD" ? origin.user : systemActor(origin.id));

export interface MessageOutcome {
  index: number;
  controlId: string | null;
  sender: { application: string; facility: string } | null;
  version: string | null;
  status: "IMPORTED" | "ALREADY_IMPORTED" | "REJECTED";
  error?: string;
  /** A refused message's HL7 error (table 0357) and where it is, for the acknowledgement's ERR segment. */
  problem?: Hl7Problem;
  attached: number;
  /** Of the results attached, those that replaced the result they correct (OBX-11 C). */
  corrected: number;
  queued: number;
  /** The patients results were attached to, with how many each (ids only). */
  patients: { id: string; attached: number }[];
  /** Why results of the message wait for review, each reason once. */
  queueReasons: Hl7QueueReason[];
  /** The repeat tests asked for at the reviews of the results its corrections replaced: still listed, or no longer. */
  repeats: RepeatsAfterCorrection;
  /** Its results that need the clinic today (lib/data/import-hl7-urgent.ts), by ids, tests and values only. */
  urgent: UrgentResult[];
}

/**
 * `reuseOf`: the first message of this control id, when this one has other content. Then nothing of it is
 * recorded on a chart: every result waits for review, naming the patient it matched, if any.
 */
async function importMessage(tx: Tx, origin: Hl7Origin, m: OruMessage, tests: CatalogueTest[], today: string, reuseOf: string | null = null) {
  const actor = writerOf(origin);
  const matches = await matchPatients(tx, m.patients);
  // Every patient the message names, locked in one order before anything is written (lockPatients).
  // With the patient a pregnancy test waiting for its date of birth would hold (queueHold), whose items are recomputed last.
  const named = matches.flatMap((match) => ("id" in match ? [match.id] : match.mrnPatientId ? [match.mrnPatientId] : []));
  await lockPatients(tx, named);
  const message = await tx.hl7Message.create({
    data: {
      sendingApplication: m.sendingApplication,
      sendingFacility: m.sendingFacility,
      controlId: m.controlId,
      version: m.version,
      raw: m.raw,
      interfaceId: origin.kind === "INTERFACE" ? origin.id : null,
      uploadedById: origin.kind === "UPLOAD" ? origin.user.id : null,
      reuseOfId: reuseOf,
    },
    select: { id: true },
  });
  let attached = 0;
  let corrected = 0;
  const repeats: RepeatsAfterCorrection = { stillListed: [], noLongerListed: [] };
  const patients: { id: string; attached: number }[] = [];
  const queueReasons = new Set<Hl7QueueReason>();
  /** Each waiting result, with its patients (matched, or held by a pregnancy test): the count and the audit row's ids. */
  const queuedFor: WaitingResult[] = [];
  /** The rows of the results it may attach (some of which may wait instead), for what needs the clinic today. */
  const attachable: string[] = [];
  const queue = async (p: PatientResults, o: Observation, reason: Hl7QueueReason, detail: string, match: PatientMatch) => {
    queueReasons.add(reason);
    const named = { patientId: "id" in match ? match.id : null, ...queueHold(o, tests, match) };
    const person = { mrn: p.mrn, birthDate: p.birthDate, patientName: p.name };
    const entry = await tx.hl7QueueEntry.create({
      data: { messageId: message.id, reason, detail, ...person, observation: { ...o }, ...named },
      select: { id: true },
    });
    queuedFor.push({ entryId: entry.id, o, ...named });
  };
  for (const [i, p] of m.patients.entries()) {
    const match = matches[i]!;
    const patientId = "id" in match ? match.id : null;
    const results: RecordableResult[] = [];
    /** The tests and dates of this patient's corrections that wait for another reason (recordableRow). */
    const waitingCorrections = new Set<string>();
    for (const o of p.observations) {
      const status = resultStatus(o.status);
      // Retracted, preliminary or not final: never recorded, never dropped (in a message that reused a
      // control id too, with what its status asks of the nurse).
      if (status !== "FINAL" && status !== "CORRECTED") {
        const detail = await statusDetail(tx, o, status, match);
        await queue(p, o, status, reuseOf ? `${detail} ${controlIdReusedText(m.controlId)}` : detail, match);
        continue;
      }
      if (reuseOf) {
        await queue(p, o, "CONTROL_ID_REUSED", controlIdReusedText(m.controlId), match);
        continue;
      }
      if (!("id" in match)) {
        await queue(p, o, match.reason, match.detail, match);
        continue;
      }
      const entry = {
        patientId: match.id,
        specimenDate: o.specimenDate,
        pregnancyTestSetting: "LAB" as const,
        submissionId: randomUUID(),
        enteredById: origin.kind === "UPLOAD" ? origin.user.id : null,
        hl7MessageId: message.id,
      };
      // Undated, not recordable, or sent again after the chart voided or corrected it: a person decides.
      const outcome = await recordableRow(tx, o, tests, today, entry);
      if (!outcome.ok) {
        if (status === "CORRECTED") waitingCorrections.add(testAndDate(o));
        await queue(p, o, outcome.reason, outcome.detail, match);
        continue;
      }
      const id = randomUUID();
      attachable.push(id);
      results.push({ o, corrected: status === "CORRECTED", row: { ...outcome.row, id } });
    }
    if (!patientId) continue;
    // Recorded by test and date: a correction in place of the result it replaces (a negative pregnancy test never
    // replaces one on import: a dermatologist decides in the queue), another value of the message waiting.
    const wait = (o: Observation, reason: Hl7QueueReason, detail: string) => queue(p, o, reason, detail, match);
    const done = { id: message.id, controlId: m.controlId, namePatient: origin.kind === "UPLOAD" };
    const saved = await recordMessageResults(tx, actor, patientId, results, waitingCorrections, wait, done);
    repeats.stillListed.push(...saved.repeats.stillListed);
    repeats.noLongerListed.push(...saved.repeats.noLongerListed);
    attached += saved.attached;
    corrected += saved.corrected;
    if (saved.attached > 0) patients.push({ id: patientId, attached: saved.attached });
  }
  // A pregnancy test left waiting stops its held patient's prescribing (hl7-queue-holds.ts): their stored items
  // (no renewal while stopped) are recomputed now, also when the message recorded nothing on their chart.
  await refreshMonitoringFor(tx, [...new Set(queuedFor.flatMap((q) => (q.holdsPatientId ? [q.holdsPatientId] : [])))]);
  await writeAudit(tx, actor, {
    action: "lab.message_import",
    entityType: "Hl7Message",
    entityId: message.id,
    changes: {
      controlId: m.controlId,
      sender: `${m.sendingApplication}^${m.sendingFacility}`,
      version: m.version,
      ...(reuseOf ? { reuseOf } : {}),
      attached,
      corrected,
      queued: queuedFor.length,
      // Each patient whose chart or prescribing the message changed, so the trail's patient filter finds it.
      patientIds: [...new Set([...patients.map((p) => p.id), ...queuePatients(queuedFor)])],
      via: origin.kind,
    },
  });
  const urgent = await urgentResults(tx, tests, attachable, queuedFor);
  return { attached, corrected, queued: queuedFor.length, patients, queueReasons: [...queueReasons], repeats, urgent };
}

/** A file or message refused before anything of it was written, audited without its content. */
export const auditHl7Reject = (origin: Hl7Origin, changes: { controlId?: string | null; error: string }) =>
  db.$transaction((tx) =>
    writeAudit(tx, writerOf(origin), { action: "lab.message_reject", entityType: "Hl7Message", changes: { ...changes, via: origin.kind } }),
  );

/** A file's bytes, decoded by each message's MSH-18 (lib/hl7/charset.ts), imported; undecodable: refused whole. */
export async function importHl7Bytes(origin: Hl7Origin, bytes: Uint8Array, today: string): ReturnType<typeof importHl7File> {
  const decoded = decodeHl7(bytes);
  if (decoded.ok) return importHl7File(origin, decoded.text, today);
  const error = `${decoded.message > 0 ? `Message ${decoded.message}: ` : ""}${decoded.error} Nothing of the file was imported.`;
  await auditHl7Reject(origin, { error });
  return { error, messages: [] };
}

/**
 * Imports every message of a file, each in its own transaction (all of a message or nothing of it). A
 * message already imported (same sender, MSH-10 control id and content) changes nothing; one that reuses
 * a control id with other content is kept, its results waiting for review; a malformed one is rejected
 * with the segment named, and the refusal is audited.
 */
export async function importHl7File(origin: Hl7Origin, file: string, today: string): Promise<{ error: string | null; messages: MessageOutcome[] }> {
  const parsed = parseOruFile(file);
  const actor = writerOf(origin);
  if (parsed.error) {
    await auditHl7Reject(origin, { error: parsed.error });
    return { error: parsed.error, messages: [] };
  }
  const tests = await db.labTest.findMany();
  const outcomes: MessageOutcome[] = [];
  for (const [i, p] of parsed.messages.entries()) {
    const none = { patients: [], queueReasons: [], repeats: { stillListed: [], noLongerListed: [] }, urgent: [] };
    const base = { index: i + 1, attached: 0, corrected: 0, queued: 0, ...none };
    if (!p.ok) {
      await auditHl7Reject(origin, { controlId: p.controlId, error: p.error });
      outcomes.push({ ...base, controlId: p.controlId, sender: p.sender, version: p.version, status: "REJECTED", error: p.error, problem: p.problem });
      continue;
    }
    const m = p.message;
    const head = { ...base, controlId: m.controlId, sender: { application: m.sendingApplication, facility: m.sendingFacility }, version: m.version };
    const attempt = () =>
      db.$transaction(async (tx) => {
        await lockControlId(tx, `${m.sendingApplication}^${m.sendingFacility}`, m.controlId);
        const seen = await tx.hl7Message.findMany({
          where: { sendingApplication: m.sendingApplication, sendingFacility: m.sendingFacility, controlId: m.controlId },
          orderBy: { receivedAt: "asc" },
          select: { id: true, raw: true, reuseOfId: true },
        });
        if (!seen.length) return importMessage(tx, origin, m, tests, today);
        // The same content under the same control id: received again, recorded, and nothing else written.
        if (!seen.some((s) => sameMessageContent(s.raw, m.raw))) return importMessage(tx, origin, m, tests, today, seen[0]!.id);
        await writeAudit(tx, actor, {
          action: "lab.message_import",
          entityType: "Hl7Message",
          changes: { controlId: m.controlId, sender: `${m.sendingApplication}^${m.sendingFacility}`, alreadyImported: true, via: origin.kind },
        });
        return null;
      }, IMPORT_TRANSACTION);
    // The control id's lock orders two messages of one id; should the first's insert still lose a race (an
    // importer without the lock), the message is tried once more, now seeing the first.
    const lostRace = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
    const counts = await attempt().catch((error: unknown) => (lostRace(error) ? attempt() : Promise.reject(error)));
    outcomes.push(counts ? { ...head, status: "IMPORTED", ...counts } : { ...head, status: "ALREADY_IMPORTED" });
  }
  return { error: null, messages: outcomes };
}
