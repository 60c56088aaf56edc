import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { clinicToday } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { computeMonitoringItems, type MonitoringItem, type MonitoringProtocol } from "@/lib/domain/monitoring/protocol";
import type { RulesOn } from "@/lib/domain/pregnancy";
import { getProtocol } from "./config";
import { loadMonitoringInputs, patientHasItemsSql } from "./load-monitoring-inputs";
import { lockDerivedData } from "./locks";
import { getPregnancyRules } from "./pregnancy-history";
import { queryRows } from "./query-rows";

/**
 * The stored monitoring items (monitoring_items): every write that can change a patient's items
 * recomputes them in its own transaction; a clinic-wide recompute rewrites them all. SQL derives each
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
async function computeAndStore(tx: Tx, patientIds: string[], asOf: string, protocol: MonitoringProtocol, rulesOn: RulesOn): Promise<number> {
  const inputs = await loadMonitoringInputs(tx, asOf, patientIds);
  return insertItems(
    tx,
    [...inputs].map(([patientId, input]) => ({ patientId, items: computeMonitoringItems(input, asOf, protocol, rulesOn) })),
  );
}

/**
 * Recomputes the stored items of these patients as of `asOf` inside the caller's transaction, so the
 * worklist changes exactly when the data does. Every write that can change an item calls it for its patient.
 */
export async function refreshMonitoringFor(tx: Tx, patientIds: string[], asOf = clinicToday()): Promise<number> {
  if (patientIds.length === 0) return 0;
  await lockDerivedData(tx, "shared");
  const protocol = await getProtocol(asOf, tx);
  const rulesOn = await getPregnancyRules(tx);
  await tx.$executeRaw`DELETE FROM monitoring_items WHERE patient_id = ANY(${patientIds}::uuid[])`;
  return computeAndStore(tx, patientIds, asOf, protocol, rulesOn);
}

export async function refreshPatientMonitoring(tx: Tx, patientId: string): Promise<void> {
  await refreshMonitoringFor(tx, [patientId]);
}

const patientIdRow = z.object({ patient_id: z.string() });

/**
 * Recomputes every patient's items inside the caller's transaction, which holds the derived-data lock
 * exclusively (after seeding, or when a new protocol version takes effect), a thousand patients at a
 * time so memory stays bounded at any clinic size.
 */
export async function recomputeAllMonitoring(tx: Tx, asOf: string, batchSize = 1000): Promise<number> {
  const protocol = await getProtocol(asOf, tx);
  const rulesOn = await getPregnancyRules(tx);
  await tx.$executeRaw`DELETE FROM monitoring_items`;
  let count = 0;
  for (let after = "00000000-0000-0000-0000-000000000000"; ;) {
    const batch = await queryRows(
      tx,
      patientIdRow,
      Prisma.sql`
      SELECT p.id AS patient_id FROM patients p WHERE p.id > ${after}::uuid AND ${patientHasItemsSql(asOf)}
      ORDER BY p.id LIMIT ${batchSize}`,
    );
    if (batch.length === 0) return count;
    count += await computeAndStore(
      tx,
      batch.map((b) => b.patient_id),
      asOf,
      protocol,
      rulesOn,
    );
    after = batch[batch.length - 1]!.patient_id;
  }
}
