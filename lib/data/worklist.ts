import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OutreachOutcome, ReminderChannel, ReminderStatus } from "@/lib/generated/prisma/enums";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { daysBetween } from "@/lib/domain/dates";
import type { ActionableStatus, ItemKind, ItemStatus } from "@/lib/domain/monitoring/items";
import type { SortDirection } from "@/lib/validation/sort";
import type { WorklistColumn } from "@/lib/validation/worklist";
import { openItemsSql, statusSql, worklistRow } from "./monitoring";
import { patientContact } from "./patient-contact";
import { prefixPattern } from "./patients";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";
import { assertCan, type Viewer } from "./viewer";

/**
 * The office worklist: one row per patient with open monitoring items, what staff need to reach them, and
 * their outreach history. Item kinds, due dates and days overdue only: no lab value, no reason text.
 */

export interface WorklistItem {
  itemKey: string;
  kind: ItemKind;
  label: string;
  dueDate: string;
  status: ItemStatus;
  daysOverdue: number;
}

export interface WorklistPatient {
  patientId: string;
  patientName: string;
  mrn: string;
  phone: string | null;
  email: string | null;
  doNotEmail: boolean;
  doNotText: boolean;
  doNotCall: boolean;
  clinician: string;
  firstDue: string;
  daysOverdue: number;
  items: WorklistItem[];
  lastContactAt: string | null;
}

export interface PatientWorklistQuery {
  search?: string;
  kind?: ItemKind;
  status?: ActionableStatus;
  clinicianId?: string;
  sort: WorklistColumn;
  dir: SortDirection;
  page: number;
}

/**
 * Exact MRN; a phone number's digits (4 or more, anywhere in the number, whatever its punctuation); or
 * name prefixes, every term starting the first or the last name.
 */
function searchSql(search: string | undefined): Prisma.Sql {
  const q = search?.trim();
  if (!q) return Prisma.empty;
  const mrn = Prisma.sql`lower(p.mrn) = ${q.toLowerCase()}`;
  const digits = q.replace(/\D/g, "");
  if (/^[\d\s()+.-]+$/.test(q) && digits.length >= 4)
    return Prisma.sql`AND (${mrn} OR regexp_replace(coalesce(p.phone, ''), '[^0-9]', '', 'g') LIKE ${`%${digits}%`})`;
  const terms = q.replace(/,/g, " ").split(/\s+/).filter(Boolean).slice(0, 4);
  const names = terms.map((t) => Prisma.sql`(lower(p.first_name) LIKE ${prefixPattern(t)} OR lower(p.last_name) LIKE ${prefixPattern(t)})`);
  return Prisma.sql`AND (${mrn} OR (${Prisma.join(names, " AND ")}))`;
}

function orderSql(sort: WorklistColumn, dir: SortDirection): Prisma.Sql {
  const d = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  const byName = Prisma.sql`p.last_name, p.first_name, p.id`;
  switch (sort) {
    case "name":
      return Prisma.sql`p.last_name ${d}, p.first_name ${d}, p.id`;
    case "mrn":
      return Prisma.sql`p.mrn ${d}, p.id`;
    case "items":
      return Prisma.sql`o.item_count ${d}, o.first_due, ${byName}`;
    case "clinician":
      return Prisma.sql`u.name ${d} NULLS LAST, ${byName}`;
    case "contact":
      // Never contacted counts as longest ago.
      return Prisma.sql`c.last_contact ${d} NULLS ${Prisma.raw(dir === "desc" ? "LAST" : "FIRST")}, ${byName}`;
    case "due":
      return Prisma.sql`o.first_due ${d}, ${byName}`;
  }
}

const patientRow = z.object({
  patient_id: z.string(),
  first_due: dateColumn,
  first_name: z.string(),
  last_name: z.string(),
  mrn: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  do_not_email: z.boolean(),
  do_not_text: z.boolean(),
  do_not_call: z.boolean(),
  clinician: z.string().nullable(),
  last_contact: dateColumn.nullable(),
});

const itemRow = worklistRow.pick({ patient_id: true, item_key: true, kind: true, label: true, due_date: true, status: true });

/**
 * One page of patients with open items matching the filters, each with those items. A page past the end
 * is answered with the last page (never "page 9 of 2").
 */
export async function getPatientWorklist(
  viewer: Viewer,
  asOf: string,
  q: PatientWorklistQuery,
  pageSize: number,
): Promise<{ rows: WorklistPatient[]; total: number; page: number; pageCount: number }> {
  assertCan(viewer, "monitoring.read");
  const where = Prisma.sql`
    ${openItemsSql(asOf, q.status)}
    ${q.kind ? Prisma.sql`AND mi.kind = ${q.kind}` : Prisma.empty}
    ${q.clinicianId ? Prisma.sql`AND p.primary_clinician_id = ${q.clinicianId}::uuid` : Prisma.empty}
    ${searchSql(q.search)}`;
  const { total } = await queryRow(
    db,
    z.object({ total: count }),
    Prisma.sql`SELECT count(DISTINCT mi.patient_id) AS total FROM monitoring_items mi JOIN patients p ON p.id = mi.patient_id WHERE ${where}`,
  );
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(q.page, pageCount);
  const patients = await queryRows(
    db,
    patientRow,
    Prisma.sql`
    WITH o AS (
      SELECT mi.patient_id, min(mi.due_date) AS first_due, count(*) AS item_count
      FROM monitoring_items mi JOIN patients p ON p.id = mi.patient_id
      WHERE ${where}
      GROUP BY mi.patient_id
    )
    SELECT o.patient_id, o.first_due, p.first_name, p.last_name, p.mrn, p.phone, p.email,
      p.do_not_email, p.do_not_text, p.do_not_call, u.name AS clinician, c.last_contact
    FROM o JOIN patients p ON p.id = o.patient_id
    LEFT JOIN users u ON u.id = p.primary_clinician_id
    LEFT JOIN LATERAL (
      SELECT GREATEST(
        (SELECT max(n.created_at) FROM outreach_notes n WHERE n.patient_id = o.patient_id AND n.voided_at IS NULL),
        (SELECT max(r.created_at) FROM reminders r WHERE r.patient_id = o.patient_id)) AS last_contact
    ) c ON true
    ORDER BY ${orderSql(q.sort, q.dir)}
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  const ids = patients.map((p) => p.patient_id);
  const items = ids.length
    ? await queryRows(
        db,
        itemRow,
        Prisma.sql`
        SELECT mi.patient_id, mi.item_key, mi.kind, mi.label, mi.due_date, (${statusSql(asOf)}) AS status
        FROM monitoring_items mi JOIN patients p ON p.id = mi.patient_id
        WHERE mi.patient_id = ANY(${ids}::uuid[]) AND ${where}
        ORDER BY mi.due_date, mi.item_key`,
      )
    : [];
  const itemsOf = new Map<string, typeof items>();
  for (const i of items) itemsOf.set(i.patient_id, [...(itemsOf.get(i.patient_id) ?? []), i]);
  return {
    total,
    page,
    pageCount,
    rows: patients.map((p) => {
      const firstDue = isoFromDb(p.first_due);
      return {
        ...patientContact(p),
        doNotEmail: p.do_not_email,
        doNotText: p.do_not_text,
        doNotCall: p.do_not_call,
        clinician: p.clinician ?? "Unassigned",
        firstDue,
        daysOverdue: Math.max(0, daysBetween(firstDue, asOf)),
        lastContactAt: p.last_contact?.toISOString() ?? null,
        items: (itemsOf.get(p.patient_id) ?? []).map((i) => {
          const dueDate = isoFromDb(i.due_date);
          return { itemKey: i.item_key, kind: i.kind, label: i.label, dueDate, status: i.status, daysOverdue: Math.max(0, daysBetween(dueDate, asOf)) };
        }),
      };
    }),
  };
}

export type OutreachEntry =
  | { type: "note"; id: string; at: string; by: string; outcome: OutreachOutcome | null; note: string; item: string | null; voidReason: string | null }
  | { type: "reminder"; id: string; at: string; by: string; channel: ReminderChannel; status: ReminderStatus; failureReason: string | null };

/** Every outreach note and reminder of these patients, newest first. */
export async function getOutreachHistory(viewer: Viewer, patientIds: string[]): Promise<Map<string, OutreachEntry[]>> {
  assertCan(viewer, "monitoring.read");
  const byPatient = new Map<string, OutreachEntry[]>(patientIds.map((id) => [id, []]));
  if (patientIds.length === 0) return byPatient;
  const [notes, reminders, items] = await Promise.all([
    db.outreachNote.findMany({
      where: { patientId: { in: patientIds } },
      select: { id: true, patientId: true, itemKey: true, note: true, outcome: true, createdAt: true, voidReason: true, createdBy: { select: { name: true } } },
    }),
    db.reminder.findMany({
      where: { patientId: { in: patientIds } },
      select: { id: true, patientId: true, channel: true, status: true, failureReason: true, createdAt: true, createdBy: { select: { name: true } } },
    }),
    db.monitoringItemRow.findMany({ where: { patientId: { in: patientIds } }, select: { patientId: true, itemKey: true, label: true } }),
  ]);
  const labelOf = new Map(items.map((i) => [`${i.patientId} ${i.itemKey}`, i.label]));
  for (const n of notes)
    byPatient.get(n.patientId)?.push({
      type: "note",
      id: n.id,
      at: n.createdAt.toISOString(),
      by: n.createdBy.name,
      outcome: n.outcome,
      note: n.note,
      item: labelOf.get(`${n.patientId} ${n.itemKey}`) ?? null,
      // Entered in error: kept in the history, struck through, and never counted as a contact.
      voidReason: n.voidReason,
    });
  for (const r of reminders)
    byPatient.get(r.patientId)?.push({
      type: "reminder",
      id: r.id,
      at: r.createdAt.toISOString(),
      by: r.createdBy.name,
      channel: r.channel,
      status: r.status,
      failureReason: r.failureReason,
    });
  for (const entries of byPatient.values()) entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
  return byPatient;
}
