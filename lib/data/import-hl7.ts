import "server-only";
import { randomUUID } from "node:crypto";
import { isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import type { Hl7QueueReason } from "@/lib/generated/prisma/enums";
import { Prisma } from "@/lib/generated/prisma/client";
import { parseOruFile, parseRange, qualitativeValue, type Observation, type OruMessage, type PatientResults } from "@/lib/hl7/oru";
import { parseLabValue } from "@/lib/validation/lab";
import { systemActor, writeAudit, type AuditActor, type AuditWriter } from "./audit";
import { getThresholds } from "./config";
import { prepareLabRow, type LabEntry } from "./lab-rows";
import { findDuplicates, saveLabRows, type LabRowData } from "./save-lab-rows";

/** Where a file came from: a nurse's upload or a lab interface's POST. */
export type Hl7Origin = { kind: "UPLOAD"; user: AuditActor } | { kind: "INTERFACE"; id: string; name: string };

/** Who the audit trail names for a message: the user who uploaded it, or the lab interface (no role). */
const writerOf = (origin: Hl7Origin): AuditWriter => (origin.kind === "UPLOAD" ? origin.user : systemActor(origin.id));

export interface MessageOutcome {
  index: number;
  controlId: string | null;
  sender: { application: string; facility: string } | null;
  version: string | null;
  status: "IMPORTED" | "ALREADY_IMPORTED" | "REJECTED";
  error?: string;
  attached: number;
  queued: number;
  /** The patients results were attached to, with how many each (ids only). */
  patients: { id: string; attached: number }[];
  /** Why results of the message wait for review, each reason once. */
  queueReasons: Hl7QueueReason[];
}

type CatalogueTest = Awaited<ReturnType<typeof db.labTest.findMany>>[number];

/** What decides one observation: a row to attach, or the reason it waits for a nurse. */
export type ObservationOutcome = { ok: true; row: LabRowData } | { ok: false; reason: Hl7QueueReason; detail: string };

/**
 * One observation as a result row for a matched patient: the test by its LOINC code (OBX-3), the value
 * in the lab's unit (OBX-6) converted to the canonical one, the lab's range (OBX-7) and flag (OBX-8)
 * kept; an unknown code or unit, an impossible or unusual value waits for review instead.
 */
export function observationRow(
  o: Observation,
  tests: CatalogueTest[],
  thresholds: Awaited<ReturnType<typeof getThresholds>>,
  entry: LabEntry,
  acceptUnusual = false,
): ObservationOutcome {
  const test = tests.find((t) => t.code === o.code && t.active) ?? tests.find((t) => t.code === o.code);
  if (!test) return { ok: false, reason: "UNKNOWN_TEST", detail: `LOINC ${o.code} is not in the lab catalogue.` };
  const raw = test.kind === "QUALITATIVE" ? (qualitativeValue(o) ?? o.value) : o.value;
  const parsed = parseLabValue(test.kind, raw);
  if (!parsed.ok) return { ok: false, reason: "IMPLAUSIBLE", detail: `${test.name}: "${o.value}" is not a value the portal can record (${parsed.message})` };
  const range = parseRange(o.range);
  const received = { unit: o.unit, refLow: range.low, refHigh: range.high, labRange: o.range, labFlag: o.abnormalFlag };
  const prepared = prepareLabRow(test, parsed, thresholds, { ...entry, specimenDate: o.specimenDate }, o.unit, received);
  if (!prepared.ok) return { ok: false, reason: prepared.field === "unit" ? "UNKNOWN_UNIT" : "IMPLAUSIBLE", detail: `${test.name}: ${prepared.message}` };
  if (prepared.plausibility.kind === "UNUSUAL" && !acceptUnusual)
    return { ok: false, reason: "IMPLAUSIBLE", detail: `${test.name}: ${prepared.plausibility.message}` };
  return { ok: true, row: prepared.row };
}

/** A patient is matched by MRN (PID-3) and date of birth (PID-7) together; anything less waits for a nurse. */
async function matchPatient(tx: Tx, p: PatientResults): Promise<{ id: string } | { reason: Hl7QueueReason; detail: string }> {
  const found = await tx.patient.findMany({ where: { mrn: { equals: p.mrn, mode: "insensitive" } }, select: { id: true, dateOfBirth: true }, take: 2 });
  if (found.length === 0) return { reason: "UNMATCHED", detail: "No patient has this MRN." };
  if (found.length > 1) return { reason: "AMBIGUOUS", detail: "More than one patient has this MRN." };
  if (isoFromDb(found[0]!.dateOfBirth) !== p.birthDate) return { reason: "DOB_MISMATCH", detail: "The patient with this MRN has another date of birth." };
  return { id: found[0]!.id };
}

async function importMessage(tx: Tx, origin: Hl7Origin, m: OruMessage, tests: CatalogueTest[], today: string) {
  const actor = writerOf(origin);
  const message = await tx.hl7Message.create({
    data: {
      sendingApplication: m.sendingApplication,
      sendingFacility: m.sendingFacility,
      controlId: m.controlId,
      version: m.version,
      raw: m.raw,
      interfaceId: origin.kind === "INTERFACE" ? origin.id : null,
      uploadedById: origin.kind === "UPLOAD" ? origin.user.id : null,
    },
    select: { id: true },
  });
  let attached = 0;
  let queued = 0;
  const patients: { id: string; attached: number }[] = [];
  const queueReasons = new Set<Hl7QueueReason>();
  const queue = (p: PatientResults, o: Observation, reason: Hl7QueueReason, detail: string) => {
    queued++;
    queueReasons.add(reason);
    return tx.hl7QueueEntry.create({
      data: { messageId: message.id, reason, detail, mrn: p.mrn, birthDate: p.birthDate, patientName: p.name, observation: { ...o } },
    });
  };
  for (const p of m.patients) {
    const observations = p.observations.filter((o) => ["F", "C", ""].includes(o.status));
    const match = await matchPatient(tx, p);
    if (!("id" in match)) {
      for (const o of observations) await queue(p, o, match.reason, match.detail);
      continue;
    }
    const rows: LabRowData[] = [];
    for (const o of observations) {
      const entry = {
        patientId: match.id,
        specimenDate: o.specimenDate,
        pregnancyTestSetting: "LAB" as const,
        submissionId: randomUUID(),
        enteredById: null,
        hl7MessageId: message.id,
      };
      if (o.specimenDate > today) {
        await queue(p, o, "IMPLAUSIBLE", "The observation date is in the future.");
        continue;
      }
      const outcome = observationRow(
        o,
        tests,
        await getThresholds(o.specimenDate, tx),
        origin.kind === "UPLOAD" ? { ...entry, enteredById: origin.user.id } : entry,
      );
      if (outcome.ok) rows.push(outcome.row);
      else await queue(p, o, outcome.reason, outcome.detail);
    }
    // A result already on file (entered by hand before the message came) is the same result: kept, counted once.
    const duplicates = await findDuplicates(tx, match.id, rows, new Map());
    const data = rows.map((r) => ({ ...r, duplicateOfId: duplicates.duplicateOf.get(r.labTestId) ?? null }));
    const saved = await saveLabRows(tx, actor, match.id, data, { action: "lab.import", entityId: message.id, changes: { controlId: m.controlId } });
    attached += saved;
    if (saved > 0) patients.push({ id: match.id, attached: saved });
  }
  await writeAudit(tx, actor, {
    action: "lab.message_import",
    entityType: "Hl7Message",
    entityId: message.id,
    changes: { controlId: m.controlId, sender: `${m.sendingApplication}^${m.sendingFacility}`, version: m.version, attached, queued, via: origin.kind },
  });
  return { attached, queued, patients, queueReasons: [...queueReasons] };
}

/**
 * Imports every message of a file, each in its own transaction (all of a message or nothing of it). A
 * message already imported (same sender and MSH-10 control id) changes nothing; a malformed one is
 * rejected with the segment named, and the refusal is audited.
 */
export async function importHl7File(origin: Hl7Origin, file: string, today: string): Promise<{ error: string | null; messages: MessageOutcome[] }> {
  const parsed = parseOruFile(file);
  const actor = writerOf(origin);
  if (parsed.error) {
    const error = parsed.error;
    await db.$transaction((tx) => writeAudit(tx, actor, { action: "lab.message_reject", entityType: "Hl7Message", changes: { error, via: origin.kind } }));
    return { error, messages: [] };
  }
  const tests = await db.labTest.findMany();
  const outcomes: MessageOutcome[] = [];
  for (const [i, p] of parsed.messages.entries()) {
    const base = { index: i + 1, attached: 0, queued: 0, patients: [], queueReasons: [] };
    if (!p.ok) {
      await db.$transaction((tx) =>
        writeAudit(tx, actor, {
          action: "lab.message_reject",
          entityType: "Hl7Message",
          changes: { controlId: p.controlId, error: p.error, via: origin.kind },
        }),
      );
      outcomes.push({ ...base, controlId: p.controlId, sender: p.sender, version: p.version, status: "REJECTED", error: p.error });
      continue;
    }
    const m = p.message;
    const head = { ...base, controlId: m.controlId, sender: { application: m.sendingApplication, facility: m.sendingFacility }, version: m.version };
    try {
      const counts = await db.$transaction(async (tx) => {
        const seen = await tx.hl7Message.count({
          where: { sendingApplication: m.sendingApplication, sendingFacility: m.sendingFacility, controlId: m.controlId },
        });
        if (!seen) return importMessage(tx, origin, m, tests, today);
        // Received again: recorded, and nothing else written.
        await writeAudit(tx, actor, {
          action: "lab.message_import",
          entityType: "Hl7Message",
          changes: { controlId: m.controlId, sender: `${m.sendingApplication}^${m.sendingFacility}`, alreadyImported: true, via: origin.kind },
        });
        return null;
      });
      outcomes.push(counts ? { ...head, status: "IMPORTED", ...counts } : { ...head, status: "ALREADY_IMPORTED" });
    } catch (error) {
      // The same message posted twice at once: the second insert of its control id loses, and changes nothing.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") outcomes.push({ ...head, status: "ALREADY_IMPORTED" });
      else throw error;
    }
  }
  return { error: null, messages: outcomes };
}
