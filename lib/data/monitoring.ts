import "server-only";
import { cache } from "react";
import { can } from "@/lib/auth/permissions";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { daysBetween } from "@/lib/domain/dates";
import { ITEM_KINDS, ITEM_STATUSES, WAIVER_REASON_WITHHELD, type ActionableStatus, type Waiver } from "@/lib/domain/monitoring/items";
import { computeMonitoringItems, type ItemKind, type MonitoringItem } from "@/lib/domain/monitoring/protocol";
import type { WorklistSort } from "@/lib/validation/worklist";
import { getProtocols } from "./config";
import { itemLabelFor, seesKind, visibleKindsSql } from "./item-visibility";
import { loadMonitoringInputs } from "./load-monitoring-inputs";
import { patientContact } from "./patient-contact";
import { getPregnancyRules, requestPregnancyHistories } from "./pregnancy-history";
import { cachedCount } from "./count-cache";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";
import { assertCan, type Viewer } from "./viewer";

/**
 * Reading monitoring: one patient's items, computed live, and the clinic's worklist, read from the
 * stored items (lib/data/refresh-monitoring.ts keeps them current).
 */

/**
 * One patient's items, computed live: inside a write's transaction `tx` (lib/data/open-item.ts, under the
 * patient's lock), else from the pool with the request's pregnancy history. Unguarded: reads go through
 * getPatientMonitoring, which checks the viewer.
 */
export async function computePatientItems(patientId: string, asOf: string, tx?: Tx): Promise<MonitoringItem[]> {
  const [inputs, protocolOn, rulesOn] = await Promise.all([
    tx ? loadMonitoringInputs(tx, asOf, patientId) : loadMonitoringInputs(db, asOf, patientId, requestPregnancyHistories(patientId)),
    getProtocols(tx),
    getPregnancyRules(tx),
  ]);
  const input = inputs.get(patientId);
  return input ? computeMonitoringItems(input, asOf, protocolOn, rulesOn) : [];
}

/** One patient's items for a request, computed once however many sections ask. */
const computeItems = cache((patientId: string, asOf: string) => computePatientItems(patientId, asOf));

/** A monitoring item as a role reads it: the waiver's free text and an item's clinical words only for clinical roles. */
export type ViewedItem = Omit<MonitoringItem, "waiver" | "clinical"> & { waiver: (Omit<Waiver, "reason"> & { reason: string | null }) | null };

/**
 * One patient's items for the viewer (the monitoring section, the banner, the FHIR Task). A waiver's free
 * text may name a result, so roles without labs.read get the item without it: the waiver's reason is null
 * and a waived item's reason says only that it was waived. Clinical roles read an item's clinical label and
 * reason where it has them (a follow-up after a confirmed pregnancy); other roles the neutral ones only, and
 * none of the dermatologist's own items (lib/data/item-visibility.ts).
 */
export async function getPatientMonitoring(viewer: Viewer, patientId: string, asOf: string): Promise<ViewedItem[]> {
  assertCan(viewer, "monitoring.read");
  const items = await computeItems(patientId, asOf);
  if (can(viewer.role, "labs.read")) return items.map(({ clinical, ...i }) => (clinical ? { ...i, label: clinical.label, reason: clinical.reason } : i));
  return items
    .filter((i) => seesKind(viewer.role, i.kind))
    .map(({ clinical: _clinical, ...i }) => ({
      ...i,
      reason: i.status === "WAIVED" ? WAIVER_REASON_WITHHELD : i.reason,
      waiver: i.waiver ? { ...i.waiver, reason: null } : null,
    }));
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
 * that status; tests/integration/monitoring-store.test.ts checks it. `alias` names the items' relation.
 */
export function openItemsSql(asOf: string, status?: WorklistQuery["status"], alias: "mi" | "m2" = "mi") {
  const c = (column: string) => Prisma.raw(`${alias}.${column}`);
  const open = Prisma.sql`NOT ${c("waived")} AND ${c("completed_on")} IS NULL AND (${c("due_date")} - ${c("due_soon_days")}) <= ${asOf}::date`;
  switch (status) {
    case "OVERDUE":
      return Prisma.sql`${open} AND (${c("due_date")} + ${c("overdue_after_days")}) < ${asOf}::date`;
    case "DUE":
      return Prisma.sql`${open} AND (${c("due_date")} + ${c("overdue_after_days")}) >= ${asOf}::date AND ${c("due_date")} <= ${asOf}::date`;
    case "DUE_SOON":
      return Prisma.sql`${open} AND ${c("due_date")} > ${asOf}::date`;
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
export const worklistRow = z.object({
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

const totalOf = (where: Prisma.Sql, byClinician: boolean) =>
  queryRow(
    db,
    z.object({ total: count }),
    Prisma.sql`SELECT count(*) AS total FROM monitoring_items mi ${byClinician ? Prisma.sql`JOIN patients p ON p.id = mi.patient_id` : Prisma.empty} WHERE ${where}`,
  );

/**
 * Every actionable item across the clinic with what staff need to reach the patient, and no lab values:
 * one indexed query over the stored items, filtered, sorted and paginated in the database. An open item
 * carries no waiver text, and its reason no value or test result (lib/domain/monitoring/items.ts). Roles
 * that are not clinical get no dermatologist's own item (lib/data/item-visibility.ts), in the rows or the
 * total; clinical roles read a follow-up after a confirmed pregnancy in words.
 */
export async function getWorklist(
  viewer: Viewer,
  asOf: string,
  q: WorklistQuery,
  page?: { limit: number; offset: number },
): Promise<{ rows: WorklistRow[]; total: number }> {
  assertCan(viewer, "monitoring.read");
  const status = statusSql(asOf);
  const where = Prisma.sql`
    ${openItemsSql(asOf, q.status)}
    ${q.kind ? Prisma.sql`AND mi.kind = ${q.kind}` : Prisma.empty}
    ${visibleKindsSql(viewer.role)}
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
        WHERE n.patient_id = mi.patient_id AND n.item_key = mi.item_key AND n.voided_at IS NULL ORDER BY n.created_at DESC LIMIT 1
      ) o ON true
      LEFT JOIN users ou ON ou.id = o.created_by_id
      ORDER BY ${sortSql(q.sort, "mi")}`,
    ),
    // Without a clinician filter it reads the open items alone: kept per process until an item changes
    // (lib/data/count-cache.ts), by day, filter and role (the kinds the role gets).
    q.clinicianId
      ? totalOf(where, true)
      : cachedCount("monitoring_items", `worklist:${asOf}:${q.status ?? ""}:${q.kind ?? ""}:${viewer.role}`, () => totalOf(where, false)),
  ]);
  return {
    total: counted.total,
    rows: rows.map((r) => {
      const dueDate = isoFromDb(r.due_date);
      return {
        ...patientContact(r),
        clinicianId: r.primary_clinician_id,
        clinician: r.clinician ?? "Unassigned",
        itemKey: r.item_key,
        kind: r.kind,
        item: itemLabelFor(viewer.role, r.item_key, r.label),
        dueDate,
        status: r.status,
        daysOverdue: Math.max(0, daysBetween(dueDate, asOf)),
        reason: r.reason,
        lastOutreach: r.note ? { note: r.note, at: r.note_at!.toISOString(), by: r.note_by ?? "" } : null,
      };
    }),
  };
}
