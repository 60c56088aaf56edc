import "server-only";
import { db } from "@/lib/db";
import { writeAudit, type AuditActor } from "./audit";

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
  await db.$transaction((tx) =>
    writeAudit(tx, actor, {
      action: "patients.view_list",
      entityType: "PatientList",
      entityId: section,
      changes: { section, patientIds: ids, count: ids.length, filters },
    }),
  );
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
