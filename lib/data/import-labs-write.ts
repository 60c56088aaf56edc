import "server-only";
import type { Tx } from "@/lib/db";
import type { AuditActor } from "./audit";
import type { LabPlan } from "./import-labs";
import { saveLabRows } from "./save-lab-rows";

/**
 * Writes a file's new lab results through the lab form's own write path, one patient at a time: the
 * patient lock for pregnancy tests, the monitoring items and alerts recomputed, and one audit row per
 * patient naming the batch and the rows whose unusual values the import's confirmation covered.
 */
export async function saveImportedLabs(tx: Tx, actor: AuditActor, batchId: string, steps: LabPlan[]): Promise<void> {
  const byPatient = new Map<string, LabPlan[]>();
  for (const step of steps) byPatient.set(step.patientId, [...(byPatient.get(step.patientId) ?? []), step]);
  for (const [patientId, rows] of byPatient) {
    const confirmed = rows.filter((r) => r.unusual !== null).map((r) => r.row);
    await saveLabRows(
      tx,
      actor,
      patientId,
      rows.map((r) => ({ ...r.data, duplicateOfId: null })),
      {
        action: "lab.record",
        entityId: batchId,
        changes: {
          importBatchId: batchId,
          rows: rows.map((r) => r.row),
          confirmed: confirmed.length ? ["UNUSUAL"] : undefined,
          confirmedRows: confirmed.length ? confirmed : undefined,
        },
      },
    );
  }
}
