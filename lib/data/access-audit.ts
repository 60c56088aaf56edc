import "server-only";
import { db, inDriverTransaction } from "@/lib/db";
import { appendAuditRecords, writeAudit, type AuditActor, type AuditEntry } from "./audit";

/**
 * Views are recorded by group commit: the views that arrive while the chain is being written (or in the
 * same turn of the event loop) are written together, in one transaction under one chain lock, instead of
 * one transaction each behind the same lock. The page still waits for its own row to commit before it
 * shows anything, so a view that could not be recorded is not shown. A batch that fails is retried row
 * by row, so one bad row cannot refuse its neighbours' pages. Every page of patient data writes one, so
 * they go through the driver's own transaction (inDriverTransaction), not Prisma's.
 */
interface PendingView {
  actor: AuditActor;
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}
const pendingViews: PendingView[] = [];
let writingViews = false;
const MAX_VIEWS_PER_BATCH = 64;

function recordView(actor: AuditActor, entry: AuditEntry): Promise<void> {
  return new Promise((resolve, reject) => {
    pendingViews.push({ actor, entry, resolve, reject });
    if (!writingViews) void writeViews();
  });
}

async function writeViews(): Promise<void> {
  writingViews = true;
  try {
    // What else arrives in this turn joins the first batch.
    await new Promise((r) => setImmediate(r));
    while (pendingViews.length > 0) {
      const batch = pendingViews.splice(0, MAX_VIEWS_PER_BATCH);
      try {
        await inDriverTransaction((tx) => appendAuditRecords(tx, batch));
        for (const v of batch) v.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const v of batch) await inDriverTransaction((tx) => appendAuditRecords(tx, [v])).then(v.resolve, v.reject);
      }
    }
  } finally {
    writingViews = false;
  }
}

/** Records that a user opened a patient's record (HIPAA access accounting). */
export function recordPatientView(actor: AuditActor, patientId: string, section: string): Promise<void> {
  return recordView(actor, { action: "patient.view", entityType: "Patient", entityId: patientId, patientId, changes: { section } });
}

/**
 * Access accounting for lists (HIPAA 45 CFR 164.528): which patients a page showed to whom. One row per
 * page view, with the ids shown (never names or values), so "who saw this patient" includes lists.
 */
export async function recordPatientsShown(
  actor: AuditActor,
  section: string,
  patientIds: string[],
  filters: Record<string, string | number | null> = {},
): Promise<void> {
  const ids = [...new Set(patientIds)];
  await recordView(actor, {
    action: "patients.view_list",
    entityType: "PatientList",
    entityId: section,
    changes: { section, patientIds: ids, count: ids.length, filters },
  });
}

/** The worklist downloaded as CSV: how many rows, which patients, with which filters. */
export async function recordWorklistExport(actor: AuditActor, patientIds: string[], rows: number, filters: Record<string, string | null>): Promise<void> {
  await db.$transaction((tx) =>
    writeAudit(tx, actor, { action: "monitoring.export", entityType: "Worklist", changes: { rows, patientIds: [...new Set(patientIds)], filters } }),
  );
}

/** A patient's whole record downloaded as a FHIR Bundle, with the count of each resource type. */
export async function recordFhirExport(actor: AuditActor, patientId: string, resources: Record<string, number>): Promise<void> {
  await db.$transaction((tx) =>
    writeAudit(tx, actor, { action: "patient.export_fhir", entityType: "Patient", entityId: patientId, patientId, changes: { resources } }),
  );
}
