import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";
import type { ActionableStatus, ItemKind } from "@/lib/domain/monitoring/items";
import type { SortDirection } from "@/lib/validation/sort";
import type { WorklistColumn } from "@/lib/validation/worklist";
import { cachedCount } from "./count-cache";
import { visibleKindsSql } from "./item-visibility";
import { openItemsSql } from "./monitoring";
import { mrnMatchSql, mrnOrNameSql } from "./patients";
import { count, dateColumn, queryRow, queryRows } from "./query-rows";
import { earliestDueFirstPage, lastContactSql, WALK_PATIENTS, walkedPage } from "./worklist-walks";

/**
 * Which patients one page of the office worklist shows, and how many there are in all: the SQL behind
 * getPatientWorklist (lib/data/worklist.ts), which adds their items. Every part of it (the page, the count,
 * the items) reads only the items of kinds the viewer's role gets (lib/data/item-visibility.ts).
 */

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
 * The MRN (exactly, or its start or end: mrnMatchSql); a phone number's digits (4 or more, anywhere in the
 * number, whatever its punctuation); or name prefixes, every term starting the first or the last name.
 */
function searchSql(search: string | undefined): Prisma.Sql {
  const q = search?.trim();
  if (!q) return Prisma.empty;
  const digits = q.replace(/\D/g, "");
  if (/^[\d\s()+.-]+$/.test(q) && digits.length >= 4)
    return Prisma.sql`AND (${mrnMatchSql(q)} OR regexp_replace(coalesce(p.phone, ''), '[^0-9]', '', 'g') LIKE ${`%${digits}%`})`;
  return Prisma.sql`AND ${mrnOrNameSql(q)}`;
}

/** The order of the patient worklist; `paged` reads the columns from the page already chosen (alias o). */
function orderSql(sort: WorklistColumn, dir: SortDirection, paged?: "o"): Prisma.Sql {
  const d = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  const [p, id, clinician] = paged ? ["o", "o.patient_id", "o.clinician"] : ["p", "p.id", "u.name"];
  const col = (name: string) => Prisma.raw(`${p}.${name}`);
  const byName = Prisma.sql`${col("last_name")}, ${col("first_name")}, ${Prisma.raw(id)}`;
  switch (sort) {
    case "name":
      return Prisma.sql`${col("last_name")} ${d}, ${col("first_name")} ${d}, ${Prisma.raw(id)}`;
    case "mrn":
      return Prisma.sql`${col("mrn")} ${d}, ${Prisma.raw(id)}`;
    case "items":
      return Prisma.sql`o.item_count ${d}, o.first_due, ${byName}`;
    case "clinician":
      return Prisma.sql`${Prisma.raw(clinician)} ${d} NULLS LAST, ${byName}`;
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
  /** The patient's record version, which the worklist's do-not-contact form is opened at. */
  version: z.number(),
  clinician: z.string().nullable(),
  last_contact: dateColumn.nullable(),
});

/**
 * The grouped query: one page of patients with open items, each row carrying the count of all of them. The
 * open items are grouped by patient from the index alone (o). Ordered by earliest due date or by number of items, only
 * the patients up to the page's last value of that column are joined with their names and sorted (cut):
 * a page of a worklist of 100,000 patients joins a few hundred, not all of them. The last contact is
 * looked up for the page's patients only, unless the page is ordered by it.
 */
function patientsPage({ from, where, role }: WorklistFilter, q: PatientWorklistQuery, page: number, pageSize: number) {
  const offset = (page - 1) * pageSize;
  const cutColumn = q.sort === "due" ? Prisma.raw("first_due") : q.sort === "items" ? Prisma.raw("item_count") : null;
  const dir = Prisma.raw(q.dir === "desc" ? "DESC" : "ASC");
  const byContact = q.sort === "contact";
  return Prisma.sql`
    WITH o AS MATERIALIZED (
      SELECT mi.patient_id, min(mi.due_date) AS first_due, count(*) AS item_count
      FROM ${from}
      WHERE ${where}
      GROUP BY mi.patient_id
    ), n AS (SELECT count(*) AS total FROM o)${
      cutColumn ? Prisma.sql`, cut AS (SELECT o.${cutColumn} AS k FROM o ORDER BY o.${cutColumn} ${dir} OFFSET ${offset + pageSize - 1} LIMIT 1)` : Prisma.empty
    }, paged AS (
      SELECT o.patient_id, o.first_due, o.item_count, p.first_name, p.last_name, p.mrn, p.phone, p.email,
        p.do_not_email, p.do_not_text, p.do_not_call, p.version, p.primary_clinician_id, u.name AS clinician
        ${byContact ? Prisma.sql`, c.last_contact` : Prisma.empty}
      FROM ${
        cutColumn
          ? // The few candidates, each patient looked up by its key (OFFSET 0 keeps the planner from hashing
            // the whole patients table, which it would do for the many rows it expects).
            Prisma.sql`(SELECT * FROM o WHERE (SELECT k FROM cut) IS NULL OR o.${cutColumn} ${Prisma.raw(q.dir === "desc" ? ">=" : "<=")} (SELECT k FROM cut)) o
              CROSS JOIN LATERAL (SELECT * FROM patients p WHERE p.id = o.patient_id OFFSET 0) p`
          : Prisma.sql`o JOIN patients p ON p.id = o.patient_id`
      }
      LEFT JOIN users u ON u.id = p.primary_clinician_id
      ${byContact ? lastContactSql(Prisma.sql`o.patient_id`, role) : Prisma.empty}
      ORDER BY ${orderSql(q.sort, q.dir)}
      LIMIT ${pageSize} OFFSET ${offset}
    )
    SELECT o.patient_id, o.first_due, o.first_name, o.last_name, o.mrn, o.phone, o.email,
      o.do_not_email, o.do_not_text, o.do_not_call, o.version, o.clinician, c.last_contact, n.total
    FROM paged o CROSS JOIN n
    ${/* Ordered by contact, the page already carries it (as c, for the order). */ byContact ? Prisma.sql`CROSS JOIN LATERAL (SELECT o.last_contact) c` : lastContactSql(Prisma.sql`o.patient_id`, role)}
    ORDER BY ${orderSql(q.sort, q.dir, "o")}`;
}

/**
 * The filters as SQL over the open items (mi) of the kinds the role gets, joined with their patients (p) only
 * when a filter reads them; `listed` is the item-level part of it (open, status, kind: over mi alone), `items`
 * that and the role's kinds, `byClinician` the clinician's part (over p alone), if any; `open` is the
 * unfiltered worklist's condition, on either alias.
 */
export function worklistFilter(asOf: string, q: PatientWorklistQuery, role: Role) {
  const searched = Boolean(q.search?.trim());
  // The patient's columns are joined only when a filter reads them: the open items' index carries the
  // rest, so the count and the grouping read no table rows.
  const byPatient = Boolean(q.clinicianId) || searched;
  // What an item must be to be listed: open, of the status and kind asked for.
  const listed = Prisma.sql`${openItemsSql(asOf, q.status)} ${q.kind ? Prisma.sql`AND mi.kind = ${q.kind}` : Prisma.empty}`;
  const items = Prisma.sql`${listed} ${visibleKindsSql(role)}`;
  const byClinician = q.clinicianId ? Prisma.sql`AND p.primary_clinician_id = ${q.clinicianId}::uuid` : null;
  const where = Prisma.sql`
    ${items}
    ${byClinician ?? Prisma.empty}
    ${searchSql(q.search)}`;
  const from = byPatient ? Prisma.sql`monitoring_items mi JOIN patients p ON p.id = mi.patient_id` : Prisma.sql`monitoring_items mi`;
  const open = (alias: "mi" | "m2") => Prisma.sql`${openItemsSql(asOf, undefined, alias)} ${visibleKindsSql(role, alias)}`;
  // Every input of the count when it reads the open items alone (patientTotal).
  const countKey = byPatient ? null : `${asOf}:${q.status ?? ""}:${q.kind ?? ""}:${role}`;
  return { role, from, where, listed, items, byClinician, open, searched, countKey, unfiltered: !q.kind && !q.status && !byPatient };
}
export type WorklistFilter = ReturnType<typeof worklistFilter>;

/**
 * The statement of one page: a walk of an index to the page where one gives the order (worklist-walks.ts),
 * the grouped query otherwise. A walk by name or MRN is `bounded`: it answers only a page it fills, and
 * is not tried for one ending past WALK_PATIENTS rows. A search keeps the grouped query, whatever the
 * order: its indexes find the few patients it matches, where a walk would pass every patient looking.
 */
export function worklistPageSql(q: PatientWorklistQuery, filter: WorklistFilter, page: number, pageSize: number) {
  if (filter.unfiltered && q.sort === "due" && q.dir === "asc") return { sql: earliestDueFirstPage(filter, page, pageSize), bounded: false };
  if ((q.sort === "name" || q.sort === "mrn") && !filter.searched && page * pageSize <= WALK_PATIENTS)
    return { sql: walkedPage(filter, q.sort, q.dir, page, pageSize), bounded: true };
  return { sql: null, bounded: false };
}

/**
 * The number of patients the filter lists. Without a clinician or a search it reads the open items alone: kept
 * per process until an item changes (lib/data/count-cache.ts), by day, filter and role.
 */
function patientTotal(filter: WorklistFilter): Promise<number> {
  const read = async () =>
    (await queryRow(db, z.object({ total: count }), Prisma.sql`SELECT count(DISTINCT mi.patient_id) AS total FROM ${filter.from} WHERE ${filter.where}`)).total;
  return filter.countKey ? cachedCount("monitoring_items", `patients:${filter.countKey}`, read) : read();
}

/**
 * The page's patients and the count of all: the grouped query carries its count (it groups them all anyway);
 * beside a walk it is read at the same time (patientTotal). A bounded walk that did not fill the page is not an
 * answer: the grouped query is asked.
 */
async function onePage(q: PatientWorklistQuery, filter: WorklistFilter, page: number, pageSize: number) {
  const grouped = () => queryRows(db, patientRow.extend({ total: count }), patientsPage(filter, q, page, pageSize));
  const { sql, bounded } = worklistPageSql(q, filter, page, pageSize);
  if (sql === null) return grouped();
  const [rows, total] = await Promise.all([queryRows(db, patientRow, sql), patientTotal(filter)]);
  if (bounded && rows.length < pageSize) return grouped();
  return rows.map((r) => ({ ...r, total }));
}

/** The patients of the page asked for, or of the last page when it is past the end, with the count of all. */
export async function patientsOnPage(q: PatientWorklistQuery, filter: WorklistFilter, pageSize: number) {
  let page = q.page;
  let patients = await onePage(q, filter, page, pageSize);
  let total = patients[0]?.total ?? 0;
  if (patients.length === 0) {
    // Past the end (or nothing open): the count, and the last page if there is one.
    total = await patientTotal(filter);
    page = Math.max(1, Math.ceil(total / pageSize));
    if (total > 0) patients = await onePage(q, filter, page, pageSize);
  }
  return { patients, total, page };
}
