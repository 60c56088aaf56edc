import "server-only";
import { randomUUID } from "node:crypto";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import type { Observation } from "@/lib/hl7/oru";
import { conflict, invalidField, notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { getThresholds } from "./config";
import { observationRow } from "./import-hl7";
import { findDuplicates, saveLabRows } from "./save-lab-rows";
import { assertCan, type Viewer } from "./viewer";

/** How many imported results wait for a nurse or dermatologist (the navigation's count). */
export async function countHl7Queue(viewer: Viewer): Promise<number> {
  if (viewer.role !== "NURSE" && viewer.role !== "DERMATOLOGIST") return 0;
  assertCan(viewer, "labs.write");
  return db.hl7QueueEntry.count({ where: { status: "PENDING" } });
}

/**
 * Imported results waiting for a nurse, oldest first, with the patient as the message names them (MRN,
 * date of birth, name): clinical roles only. The view is recorded with the entries shown (ids only).
 */
export async function listHl7Queue(viewer: AuditActor, limit = 100) {
  assertCan(viewer, "labs.write");
  const [rows, total] = await Promise.all([
    db.hl7QueueEntry.findMany({
      where: { status: "PENDING" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        reason: true,
        detail: true,
        mrn: true,
        birthDate: true,
        patientName: true,
        observation: true,
        createdAt: true,
        message: { select: { controlId: true, sendingFacility: true } },
      },
    }),
    db.hl7QueueEntry.count({ where: { status: "PENDING" } }),
  ]);
  await db.$transaction((tx) =>
    writeAudit(tx, viewer, {
      action: "patients.view_list",
      entityType: "Hl7QueueEntry",
      entityId: "lab-queue",
      changes: { section: "lab-queue", queueEntryIds: rows.map((r) => r.id), count: rows.length, total },
    }),
  );
  return { rows: rows.map((r) => ({ ...r, observation: r.observation as unknown as Observation })), total };
}

/**
 * A nurse or dermatologist attaches a waiting result to the patient they have checked, named by MRN and
 * confirmed by date of birth (both must be the patient's): the result then goes through the same units,
 * limits, flags, duplicate and pregnancy rules as any other (an unusual value is accepted by this check;
 * an impossible one or an unknown test is refused), and the patient's monitoring items and alerts are
 * recomputed in the same transaction, with one audit row.
 */
export async function attachHl7Result(actor: AuditActor, input: { entryId: string; mrn: string; birthDate: string }, today: string) {
  const entry = await db.hl7QueueEntry.findUnique({ where: { id: input.entryId } });
  if (!entry) throw notFound("queued result");
  if (entry.status !== "PENDING") throw conflict("This result was already attached or dismissed.");
  const patient = await db.patient.findUnique({ where: { mrn: input.mrn }, select: { id: true, dateOfBirth: true } });
  if (!patient) throw invalidField("mrn", "No patient has this MRN.");
  if (isoFromDb(patient.dateOfBirth) !== input.birthDate) throw invalidField("birthDate", "This is not the date of birth of the patient with this MRN.");
  const o = entry.observation as unknown as Observation;
  if (o.specimenDate > today) throw refused("The observation date is in the future.");
  const [tests, thresholds] = await Promise.all([db.labTest.findMany({ where: { code: o.code } }), getThresholds(o.specimenDate, db)]);
  const base = { patientId: patient.id, specimenDate: o.specimenDate, pregnancyTestSetting: "LAB" as const, submissionId: randomUUID(), enteredById: actor.id };
  const outcome = observationRow(o, tests, thresholds, { ...base, hl7MessageId: entry.messageId }, true);
  if (!outcome.ok) throw refused(`${outcome.detail} It cannot be attached; dismiss it with a reason.`);
  const id = randomUUID();
  await db.$transaction(async (tx) => {
    // The same result already on file (recorded by hand, say) is kept and counted once, as on import.
    const duplicates = await findDuplicates(tx, patient.id, [outcome.row], new Map());
    const row = { ...outcome.row, id, duplicateOfId: duplicates.duplicateOf.get(outcome.row.labTestId) ?? null };
    await saveLabRows(tx, actor, patient.id, [row], { action: "lab.import", entityId: entry.messageId, changes: { fromQueue: entry.id } });
    const resolved = await tx.hl7QueueEntry.updateMany({
      where: { id: entry.id, status: "PENDING" },
      data: { status: "ATTACHED", resolvedById: actor.id, resolvedAt: new Date(), labResultId: id },
    });
    // Attached by someone else meanwhile: this transaction rolls back, the result with it.
    if (resolved.count !== 1) throw conflict("This result was already attached or dismissed.");
    await writeAudit(tx, actor, {
      action: "lab.queue_attach",
      entityType: "Hl7QueueEntry",
      entityId: entry.id,
      patientId: patient.id,
      changes: { reason: entry.reason, messageMrn: entry.mrn, labResultId: id },
    });
  });
}

/** A waiting result that belongs to no patient of the clinic (or is wrong) is dismissed with a reason; it stays on file. */
export async function rejectHl7Result(actor: AuditActor, input: { entryId: string; reason: string }) {
  await db.$transaction(async (tx) => {
    const resolved = await tx.hl7QueueEntry.updateMany({
      where: { id: input.entryId, status: "PENDING" },
      data: { status: "REJECTED", resolvedById: actor.id, resolvedAt: new Date(), resolutionNote: input.reason },
    });
    if (resolved.count !== 1) throw conflict("This result was already attached or dismissed, or no longer exists.");
    await writeAudit(tx, actor, { action: "lab.queue_reject", entityType: "Hl7QueueEntry", entityId: input.entryId, changes: { reason: input.reason } });
  });
}
