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
