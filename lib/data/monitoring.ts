import "server-only";
import { cache } from "react";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays, daysBetween } from "@/lib/domain/dates";
import { doseIncreaseDates } from "@/lib/domain/dosing/increases";
import {
  computeMonitoringItems,
  ENDED_COURSE_MONITORING_DAYS,
  type ItemKind,
  type LabPoint,
  type MonitoringItem,
  type MonitoringProtocol,
  type PatientForMonitoring,
  type Waiver,
} from "@/lib/domain/monitoring/protocol";
import { ITEM_KINDS, ITEM_STATUSES, type ActionableStatus } from "@/lib/domain/monitoring/items";
import { LATEST_POST_TREATMENT_TEST_DAYS, type RulesOn } from "@/lib/domain/pregnancy";
import type { WorklistSort } from "@/lib/validation/worklist";
import { writeAudit, type AuditActor } from "./audit";
import { getProtocol } from "./config";
import { lockDerivedData } from "./locks";
import { DOSE_CHANGES_JSON, doseChangeJson, pauseJson, regimensFromJson } from "./course-mapping";
import { ActionRefusal, notFound } from "./errors";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";
import { getPregnancyRules, loadPregnancyHistories } from "./pregnancy-history";

/** Courses (alias `c`) that can still generate lab items on `asOf`: in progress, or ended recently enough. */
const courseGeneratesItemsSql = (asOf: string) =>
  Prisma.sql`(c.status IN ('ACTIVE', 'PAUSED') OR c.end_date >= ${addDays(asOf, -ENDED_COURSE_MONITORING_DAYS)}::date)`;

/**
 * Patients (alias `p`) who may have monitoring items on `asOf`: a course that still generates items, an
 * ended course whose post-course pregnancy test may be open (no negative test late enough to close it
 * under any rule set: it stays until done or waived), or a positive pregnancy test with no decision
 * (whatever the category: a category change never clears a positive test).
 */
export const patientHasItemsSql = (asOf: string) => Prisma.sql`(
  EXISTS (SELECT 1 FROM courses c WHERE c.patient_id = p.id AND ${courseGeneratesItemsSql(asOf)})
  OR (p.pregnancy_category = 'CAN_BECOME_PREGNANT' AND EXISTS (SELECT 1 FROM courses c WHERE c.patient_id = p.id AND c.end_date IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = 'HCG' AND l.value_qualitative = 'NEGATIVE'
      AND l.pregnancy_test_setting IS DISTINCT FROM 'HOME' AND l.specimen_date >= c.end_date + ${LATEST_POST_TREATMENT_TEST_DAYS}::int)))
  OR EXISTS (SELECT 1 FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = 'HCG' AND l.value_qualitative IN ('POSITIVE', 'INDETERMINATE')
    AND NOT EXISTS (SELECT 1 FROM pregnancy_decisions d WHERE d.lab_result_id = l.id)))`;

/** One patient's protocol inputs as loadInputs selects them. */
const monitoringInputRow = z.object({
  id: z.string(),
  courses: z
    .array(
      z.object({ id: z.string(), startDate: z.string(), endDate: z.string().nullable(), doseChanges: z.array(doseChangeJson), pauses: z.array(pauseJson) }),
    )
    .nullable(),
  labs: z.array(z.object({ analyte: z.string(), specimenDate: z.string() })) satisfies z.ZodType<LabPoint[]>,
  waivers: z.array(z.object({ itemKey: z.string(), reason: z.string(), waivedBy: z.string(), waivedAt: z.string() })) satisfies z.ZodType<Waiver[]>,
});

/** Lab analytes the protocol reads. Values are not loaded: only which test was collected when. */
const PROTOCOL_ANALYTES = ["ALT", "AST", "TG", "CHOL"];

/**
 * Protocol inputs for one patient or a batch of patients, in two set-based queries: each patient with the
 * courses that can still generate lab items (in progress, or ended within ENDED_COURSE_MONITORING_DAYS),
 * the protocol's tests from 45 days before the earliest such course, and waivers; and each patient's
 * pregnancy-prevention history.
 */
async function loadInputs(client: Tx | PrismaClient, asOf: string, patients: string | string[]): Promise<Map<string, PatientForMonitoring>> {
  const ids = typeof patients === "string" ? [patients] : patients;
  const [rows, histories] = await Promise.all([
    queryRows(
      client,
      monitoringInputRow,
      Prisma.sql`
      SELECT p.id,
        (SELECT json_agg(json_build_object('id', c.id, 'startDate', c.start_date::text, 'endDate', c.end_date::text,
            'doseChanges', ${DOSE_CHANGES_JSON},
            'pauses', COALESCE((SELECT json_agg(json_build_object('startDate', cp.start_date::text, 'resumeDate', cp.resume_date::text)) FROM course_pauses cp WHERE cp.course_id = c.id), '[]')))
          FROM courses c WHERE c.patient_id = p.id AND ${courseGeneratesItemsSql(asOf)}) AS courses,
        COALESCE((SELECT json_agg(json_build_object('analyte', l.analyte, 'specimenDate', l.specimen_date::text))
          FROM lab_results l WHERE l.patient_id = p.id AND l.analyte = ANY(${PROTOCOL_ANALYTES}::text[])
            AND l.specimen_date >= (SELECT min(c.start_date) FROM courses c WHERE c.patient_id = p.id AND ${courseGeneratesItemsSql(asOf)}) - 45), '[]') AS labs,
        COALESCE((SELECT json_agg(json_build_object('itemKey', w.item_key, 'reason', w.reason, 'waivedBy', u.name,
            'waivedAt', to_char(w.waived_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
          FROM monitoring_waivers w JOIN users u ON u.id = w.waived_by_id WHERE w.patient_id = p.id), '[]') AS waivers
      FROM patients p
      WHERE p.id = ANY(${ids}::uuid[]) AND ${patientHasItemsSql(asOf)}`,
    ),
    loadPregnancyHistories(client, ids),
  ]);
  const map = new Map<string, PatientForMonitoring>();
  for (const r of rows) {
    map.set(r.id, {
      courses: (r.courses ?? []).map((c) => ({
        id: c.id,
        startDate: c.startDate,
        endDate: c.endDate,
        pauses: c.pauses,
        doseIncreaseDates: doseIncreaseDates(regimensFromJson(c.doseChanges)),
      })),
      labs: r.labs,
      waivers: r.waivers,
      pregnancy: histories.get(r.id)!,
    });
  }
  return map;
}

/** One patient's items, computed live; once per request (the monitoring section and the banner share it). */
export const getPatientMonitoring = cache(async (patientId: string, asOf: string): Promise<MonitoringItem[]> => {
  const [inputs, protocol, rulesOn] = await Promise.all([loadInputs(db, asOf, patientId), getProtocol(asOf), getPregnancyRules()]);
  const input = inputs.get(patientId);
  return input ? computeMonitoringItems(input, asOf, protocol, rulesOn) : [];
});

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
  const inputs = await loadInputs(tx, asOf, patientIds);
  return insertItems(tx, [...inputs].map(([patientId, input]) => ({ patientId, items: computeMonitoringItems(input, asOf, protocol, rulesOn) })));
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
  for (let after = "00000000-0000-0000-0000-000000000000"; ; ) {
    const batch = await queryRows(
      tx,
      patientIdRow,
      Prisma.sql`
      SELECT p.id AS patient_id FROM patients p WHERE p.id > ${after}::uuid AND ${patientHasItemsSql(asOf)}
      ORDER BY p.id LIMIT ${batchSize}`,
    );
    if (batch.length === 0) return count;
    count += await computeAndStore(tx, batch.map((b) => b.patient_id), asOf, protocol, rulesOn);
    after = batch[batch.length - 1]!.patient_id;
  }
}

export interface WorklistRow {
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  email: string | null;
  clinicianId: string | null;
  clinician: string;
  itemKey: string;
  kind: ItemKind;
  item: string;
  dueDate: string;
  status: MonitoringItem["status"];
  daysOverdue: number;
  reason: string;
  lastOutreach: { note: string; at: string; by: string } | null;
}

export interface WorklistQuery {
  kind?: ItemKind;
  status?: ActionableStatus;
  clinicianId?: string;
  sort: WorklistSort;
}

/**
 * An item's status on a day, in SQL. It must agree with itemStatus() in lib/domain/monitoring/protocol.ts;
 * tests/integration/monitoring-store.test.ts compares the two case by case.
 */
export function statusSql(asOf: string) {
  return Prisma.sql`CASE
    WHEN mi.waived THEN 'WAIVED'
    WHEN mi.completed_on IS NOT NULL THEN 'COMPLETED'
    WHEN ${asOf}::date - mi.due_date > mi.overdue_after_days THEN 'OVERDUE'
    WHEN ${asOf}::date >= mi.due_date THEN 'DUE'
    WHEN ${asOf}::date >= mi.due_date - mi.due_soon_days THEN 'DUE_SOON'
    ELSE 'NOT_DUE' END`;
}

/**
 * The open items of the worklist, or of one status, as ranges over the partial expression indexes of
 * monitoring_items (migration 20261122030000): an open item is actionable from due_date - due_soon_days
 * and overdue after due_date + overdue_after_days. Each range selects exactly the items statusSql gives
 * that status; tests/integration/monitoring-store.test.ts checks it.
 */
export function openItemsSql(asOf: string, status?: WorklistQuery["status"]) {
  const open = Prisma.sql`NOT mi.waived AND mi.completed_on IS NULL AND (mi.due_date - mi.due_soon_days) <= ${asOf}::date`;
  switch (status) {
    case "OVERDUE":
      return Prisma.sql`${open} AND (mi.due_date + mi.overdue_after_days) < ${asOf}::date`;
    case "DUE":
      return Prisma.sql`${open} AND (mi.due_date + mi.overdue_after_days) >= ${asOf}::date AND mi.due_date <= ${asOf}::date`;
    case "DUE_SOON":
      return Prisma.sql`${open} AND mi.due_date > ${asOf}::date`;
    default:
      return open;
  }
}

/** The worklist's orders; `p` names the relation that carries the patient's name columns. */
const sortSql = (sort: WorklistQuery["sort"], p: "p" | "mi") => {
  const name = Prisma.raw(`${p}.last_name, ${p}.first_name`);
  return sort === "name" ? Prisma.sql`${name}, mi.due_date, mi.item_key` : Prisma.sql`mi.due_date ASC, ${name}, mi.item_key`;
};

/** A worklist row as getWorklist selects it: the stored item, its status today, the patient and the latest note. */
const worklistRow = z.object({
  patient_id: z.string(),
  item_key: z.string(),
  kind: z.enum(ITEM_KINDS),
  label: z.string(),
  due_date: dateColumn,
  status: z.enum(ITEM_STATUSES),
  reason: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  mrn: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  primary_clinician_id: z.string().nullable(),
  clinician: z.string().nullable(),
  note: z.string().nullable(),
  note_at: dateColumn.nullable(),
  note_by: z.string().nullable(),
});

/**
 * Every actionable item across the clinic with what staff need to reach the patient, and no lab values:
 * one indexed query over the stored items, filtered, sorted and paginated in the database.
 */
export async function getWorklist(asOf: string, q: WorklistQuery, page?: { limit: number; offset: number }): Promise<{ rows: WorklistRow[]; total: number }> {
  const status = statusSql(asOf);
  const where = Prisma.sql`
    ${openItemsSql(asOf, q.status)}
    ${q.kind ? Prisma.sql`AND mi.kind = ${q.kind}` : Prisma.empty}
    ${q.clinicianId ? Prisma.sql`AND p.primary_clinician_id = ${q.clinicianId}::uuid` : Prisma.empty}`;
  const [rows, counted] = await Promise.all([
    queryRows(
      db,
      worklistRow,
      Prisma.sql`
      WITH page AS (
        SELECT mi.patient_id, mi.item_key, mi.kind, mi.label, mi.due_date, mi.due_soon_days, mi.overdue_after_days, mi.completed_on, mi.waived, mi.reason,
          p.first_name, p.last_name, p.mrn, p.phone, p.email, p.primary_clinician_id
        FROM monitoring_items mi JOIN patients p ON p.id = mi.patient_id
        WHERE ${where}
        ORDER BY ${sortSql(q.sort, "p")}
        ${page ? Prisma.sql`LIMIT ${page.limit} OFFSET ${page.offset}` : Prisma.empty}
      )
      -- Names and the latest outreach note for the page's rows only.
      SELECT mi.patient_id, mi.item_key, mi.kind, mi.label, mi.due_date, (${status}) AS status, mi.reason,
        mi.first_name, mi.last_name, mi.mrn, mi.phone, mi.email, mi.primary_clinician_id, u.name AS clinician,
        o.note, o.created_at AS note_at, ou.name AS note_by
      FROM page mi
      LEFT JOIN users u ON u.id = mi.primary_clinician_id
      LEFT JOIN LATERAL (
        SELECT n.note, n.created_at, n.created_by_id FROM outreach_notes n
        WHERE n.patient_id = mi.patient_id AND n.item_key = mi.item_key ORDER BY n.created_at DESC LIMIT 1
      ) o ON true
      LEFT JOIN users ou ON ou.id = o.created_by_id
      ORDER BY ${sortSql(q.sort, "mi")}`,
    ),
    queryRow(
      db,
      z.object({ total: count }),
      Prisma.sql`
      SELECT count(*) AS total FROM monitoring_items mi
      ${q.clinicianId ? Prisma.sql`JOIN patients p ON p.id = mi.patient_id` : Prisma.empty}
      WHERE ${where}`,
    ),
  ]);
  return {
    total: counted.total,
    rows: rows.map((r) => {
      const dueDate = isoFromDb(r.due_date);
      return {
        patientId: r.patient_id,
        patientName: `${r.last_name}, ${r.first_name}`,
        mrn: r.mrn,
        phone: r.phone,
        email: r.email,
        clinicianId: r.primary_clinician_id,
        clinician: r.clinician ?? "Unassigned",
        itemKey: r.item_key,
        kind: r.kind,
        item: r.label,
        dueDate,
        status: r.status,
        daysOverdue: Math.max(0, daysBetween(dueDate, asOf)),
        reason: r.reason,
        lastOutreach: r.note ? { note: r.note, at: r.note_at!.toISOString(), by: r.note_by ?? "" } : null,
      };
    }),
  };
}

/** Checks that an item key belongs to this patient's current items before a waiver or note names it. */
async function assertItem(patientId: string, itemKey: string, asOf: string): Promise<MonitoringItem> {
  const item = (await getPatientMonitoring(patientId, asOf)).find((i) => i.key === itemKey);
  if (!item) throw new ActionRefusal({ status: "error", message: "That monitoring item is not open for this patient." });
  return item;
}

export async function waiveItem(actor: AuditActor, input: { patientId: string; itemKey: string; reason: string }, asOf: string) {
  const item = await assertItem(input.patientId, input.itemKey, asOf);
  if (item.kind === "PREG_REVIEW") throw new ActionRefusal({ status: "error", message: "A pregnancy review closes only with a dermatologist's documented decision, not a waiver." });
  await db.$transaction(async (tx) => {
    const created = await tx.monitoringWaiver.createMany({
      data: [{ patientId: input.patientId, courseId: item.courseId, itemKey: input.itemKey, reason: input.reason, waivedById: actor.id }],
      skipDuplicates: true,
    });
    if (created.count === 0) throw new ActionRefusal({ status: "error", message: "This item is already waived." });
    // Refreshed before the audit row: the audit insert takes the chain lock, held until commit.
    await refreshPatientMonitoring(tx, input.patientId);
    await writeAudit(tx, actor, {
      action: "monitoring.waive",
      entityType: "MonitoringWaiver",
      patientId: input.patientId,
      changes: { itemKey: input.itemKey, reason: input.reason },
    });
  });
}

export async function addOutreachNote(actor: AuditActor, input: { patientId: string; itemKey: string; note: string }, asOf: string) {
  const exists = await db.patient.count({ where: { id: input.patientId } });
  if (!exists) throw notFound("patient");
  await assertItem(input.patientId, input.itemKey, asOf);
  await db.$transaction(async (tx) => {
    const n = await tx.outreachNote.create({
      data: { patientId: input.patientId, itemKey: input.itemKey, note: input.note, createdById: actor.id },
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: "monitoring.outreach",
      entityType: "OutreachNote",
      entityId: n.id,
      patientId: input.patientId,
      changes: { itemKey: input.itemKey },
    });
  });
}
