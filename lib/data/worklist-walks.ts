import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/auth/permissions";
import type { SortDirection } from "@/lib/validation/sort";
import { visibleNoteKeysSql } from "./item-visibility";
import type { WorklistFilter } from "./worklist-pages";

/**
 * The office worklist's pages that walk an index to their page and stop there, instead of grouping every open
 * item of the clinic by patient and sorting all those patients (the grouped query of worklist-pages.ts, which
 * chooses between them: worklistPageSql). Each is one statement returning the page's rows; the count of all is read
 * beside it (patientsOnPage).
 */

/**
 * The last contact of the patient named by `patient`, as c.last_contact: an outreach note (not voided),
 * or a reminder that was sent, when it was sent. A reminder queued, failed or never sent (refused at send
 * time) reached no one and does not count. Both read the patient's rows through their (patient_id, …)
 * indexes; the reminders' index is on created_at, so each of the patient's reminders is read (at most one
 * a day per channel, usually a few). A partial index on (patient_id, finished_at) WHERE status = 'SENT'
 * would make it one index entry, should the contact order of a very large worklist need it. A note about an
 * item the role does not get is not its contact, as its outreach history does not show it (item-visibility.ts).
 */
export const lastContactSql = (patient: Prisma.Sql, role: Role) => Prisma.sql`LEFT JOIN LATERAL (
    SELECT GREATEST(
      (SELECT max(n.created_at) FROM outreach_notes n WHERE n.patient_id = ${patient} AND n.voided_at IS NULL ${visibleNoteKeysSql(role)}),
      (SELECT max(r.finished_at) FROM reminders r WHERE r.patient_id = ${patient} AND r.status = 'SENT')) AS last_contact
  ) c ON true`;

/**
 * The default order (earliest due first) of the unfiltered worklist, without grouping every open item:
 * a patient's first open item is one with no earlier open item of theirs, so walking the open items'
 * due-date index and keeping those finds the patients in order of their earliest due date, and stops
 * after the page (cut). Every patient whose first item is due by the page's last date is then sorted
 * with the name breaking ties, as in the grouped query. The count is read beside it (worklist-pages.ts).
 */
export function earliestDueFirstPage({ open, role }: WorklistFilter, page: number, pageSize: number) {
  const first = Prisma.sql`${open("mi")}
    AND NOT EXISTS (
      SELECT 1 FROM monitoring_items m2
      WHERE m2.patient_id = mi.patient_id AND ${open("m2")} AND (m2.due_date, m2.item_key) < (mi.due_date, mi.item_key))`;
  return Prisma.sql`
    WITH cut AS (
      SELECT max(f.due_date) AS k FROM (
        SELECT mi.due_date FROM monitoring_items mi WHERE ${first} ORDER BY mi.due_date LIMIT ${page * pageSize}
      ) f
    ), paged AS (
      SELECT mi.patient_id, mi.due_date AS first_due, p.first_name, p.last_name, p.mrn, p.phone, p.email,
        p.do_not_email, p.do_not_text, p.do_not_call, p.version, u.name AS clinician
      FROM monitoring_items mi
      CROSS JOIN LATERAL (SELECT * FROM patients p WHERE p.id = mi.patient_id OFFSET 0) p
      LEFT JOIN users u ON u.id = p.primary_clinician_id
      WHERE mi.due_date <= (SELECT k FROM cut) AND ${first}
      ORDER BY mi.due_date, p.last_name, p.first_name, p.id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT o.*, c.last_contact
    FROM paged o
    ${lastContactSql(Prisma.sql`o.patient_id`, role)}
    ORDER BY o.first_due, o.last_name, o.first_name, o.patient_id`;
}

/**
 * The most patients a walk by name or MRN passes looking for its page: index entries, each asked whether the
 * patient has an open item the filter lists (2–3 µs apiece: 60–85 ms at most at 250,000 patients). A page it
 * does not fill within them is asked of the grouped query instead, at that cost more: under a filter few
 * patients match, or few early in the order; a page far down the list; the list's last page.
 */
export const WALK_PATIENTS = 30_000;

/**
 * By name or by MRN, in either direction, under any filter but a search: the patients are walked in that order
 * through an index and those with an open item the filter lists are kept, until the page is full. By name the id
 * breaks ties ascending in both directions, as in the grouped query, so each direction has its index
 * ((last_name, first_name, id) and its descending twin, migration 20270112000000_worklist_walks), read without
 * the table; an MRN names one patient (patients_mrn_key), so there the id breaks no tie and the index's order is
 * the page's. Whether a patient has such an item is read from their open items' index alone
 * (monitoring_items_open_patient_idx). Only the page's patients are read from the table, with their earliest
 * due date and last contact. The walk passes WALK_PATIENTS at most: a page it does not fill is not an answer
 * (the grouped query is asked instead).
 */
export function walkedPage(filter: WorklistFilter, sort: "name" | "mrn", dir: SortDirection, page: number, pageSize: number) {
  const d = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
  const key = sort === "mrn" ? Prisma.sql`p.mrn` : Prisma.sql`p.last_name, p.first_name`;
  const order = (alias: "p" | "o") => {
    const c = (column: string) => Prisma.raw(`${alias}.${column}`);
    return sort === "mrn" ? Prisma.sql`${c("mrn")} ${d}` : Prisma.sql`${c("last_name")} ${d}, ${c("first_name")} ${d}, ${c("id")}`;
  };
  const listedOf = (patient: Prisma.Sql) => Prisma.sql`mi.patient_id = ${patient} AND ${filter.items}`;
  return Prisma.sql`
    WITH paged AS (
      SELECT p.id, ${key}
      FROM (
        SELECT p.id, ${key} ${filter.byClinician ? Prisma.sql`, p.primary_clinician_id` : Prisma.empty}
        FROM patients p ORDER BY ${order("p")} LIMIT ${WALK_PATIENTS}
      ) p
      WHERE EXISTS (SELECT 1 FROM monitoring_items mi WHERE ${listedOf(Prisma.sql`p.id`)}) ${filter.byClinician ?? Prisma.empty}
      ORDER BY ${order("p")}
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}
    )
    SELECT p.id AS patient_id, f.first_due, p.first_name, p.last_name, p.mrn, p.phone, p.email,
      p.do_not_email, p.do_not_text, p.do_not_call, p.version, u.name AS clinician, c.last_contact
    FROM paged o
    JOIN patients p ON p.id = o.id
    CROSS JOIN LATERAL (SELECT min(mi.due_date) AS first_due FROM monitoring_items mi WHERE ${listedOf(Prisma.sql`o.id`)}) f
    LEFT JOIN users u ON u.id = p.primary_clinician_id
    ${lastContactSql(Prisma.sql`o.id`, filter.role)}
    ORDER BY ${order("o")}`;
}
