import "server-only";
import { clinicToday } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { computeMonitoringItems, type MonitoringItem, type ProtocolOn } from "@/lib/domain/monitoring/protocol";
import type { RulesOn } from "@/lib/domain/pregnancy";
import { getProtocols } from "./config";
import { loadMonitoringInputs } from "./load-monitoring-inputs";
import { lockDerivedData } from "./locks";
import { getPregnancyRules } from "./pregnancy-history";

/**
 * The stored monitoring items (monitoring_items): every write that can change a patient's items
 * recomputes them in its own transaction; the daily refresh and a settings recompute rewrite them in
 * batches of patients (lib/data/recompute-derived.ts). SQL derives each
 * item's status from its stored dates and the day (lib/data/monitoring.ts statusSql).
 */

/** Stores computed items in one statement (a JSON array expanded by PostgreSQL). */
async function insertItems(tx: Tx, rows: { patientId: string; items: MonitoringItem[] }[]) {
  const data = rows.flatMap(({ patientId, items }) =>
    items.map((i) => ({
      patient_id: patientId,
      item_key: i.key,
      course_id: i.courseId,
      kind: i.kind,
      label: i.label,
      due_date: i.dueDate,
      due_soon_days: i.dueSoonDays,
      overdue_after_days: i.overdueAfterDays,
      completed_on: i.completedOn,
      waived: i.status === "WAIVED",
      reason: i.reason,
    })),
  );
  if (data.length === 0) return 0;
  return tx.$executeRaw`
    INSERT INTO monitoring_items (patient_id, item_key, course_id, kind, label, due_date, due_soon_days, overdue_after_days, completed_on, waived, reason)
    SELECT patient_id, item_key, course_id, kind, label, due_date, due_soon_days, overdue_after_days, completed_on, waived, reason
    FROM jsonb_to_recordset(${JSON.stringify(data)}::jsonb) AS t(patient_id uuid, item_key text, course_id uuid, kind text, label text,
      due_date date, due_soon_days int, overdue_after_days int, completed_on date, waived boolean, reason text)`;
}

/** Loads, computes and stores the items of these patients (whose old rows are already gone). */
async function computeAndStore(tx: Tx, patientIds: string[], asOf: string, protocolOn: ProtocolOn, rulesOn: RulesOn): Promise<number> {
  const inputs = await loadMonitoringInputs(tx, asOf, patientIds);
  return insertItems(
    tx,
    [...inputs].map(([patientId, input]) => ({ patientId, items: computeMonitoringItems(input, asOf, protocolOn, rulesOn) })),
  );
}

/**
 * Recomputes the stored items of these patients as of `asOf` inside the caller's transaction, so the
 * worklist changes exactly when the data does. Every write that can change an item calls it for its patient.
 */
export async function refreshMonitoringFor(
  tx: Tx,
  patientIds: string[],
  asOf = clinicToday(),
  /** The protocol versions and rule sets, when a clinic-wide pass loaded them once for all its batches. */
  rules?: { protocolOn: ProtocolOn; rulesOn: RulesOn },
): Promise<number> {
  if (patientIds.length === 0) return 0;
  await lockDerivedData(tx, patientIds);
  const protocolOn = rules?.protocolOn ?? (await getProtocols(tx));
  const rulesOn = rules?.rulesOn ?? (await getPregnancyRules(tx));
  await tx.$executeRaw`DELETE FROM monitoring_items WHERE patient_id = ANY(${patientIds}::uuid[])`;
  return computeAndStore(tx, patientIds, asOf, protocolOn, rulesOn);
}

export async function refreshPatientMonitoring(tx: Tx, patientId: string): Promise<void> {
  await refreshMonitoringFor(tx, [patientId]);
}
