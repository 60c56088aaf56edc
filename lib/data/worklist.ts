import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ReminderChannel, ReminderStatus } from "@/lib/generated/prisma/enums";
import { isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { daysBetween } from "@/lib/domain/dates";
import { overdueDays, type ItemKind, type ItemStatus } from "@/lib/domain/monitoring/items";
import { showPhone, type PhoneShown } from "@/lib/phone";
import { earlierReminderBlock, earlierRemindersWhere, type EarlierReminder } from "@/lib/reminders/earlier";
import { channelEligibility, INELIGIBLE_REASONS, type PatientContact } from "@/lib/reminders/eligibility";
import { itemLabelFor, notesReadBy } from "./item-visibility";
import { statusSql, worklistRow } from "./monitoring";
import { groupOutreachCalls, type OutreachCall, type OutreachNoteRead } from "./outreach-calls";
import { patientContact } from "./patient-contact";
import { queryRows } from "./query-rows";
import { assertCan, type Viewer } from "./viewer";
import { patientsOnPage, worklistFilter, type PatientWorklistQuery } from "./worklist-pages";

export type { PatientWorklistQuery } from "./worklist-pages";

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
  /** As stored. */
  phone: string | null;
  /** As the worklist and its export show it: a number that is not valid is shown as stored, and flagged. */
  phoneShown: PhoneShown | null;
  email: string | null;
  doNotEmail: boolean;
  doNotText: boolean;
  doNotCall: boolean;
  /** The patient's record version, for the do-not-contact form. */
  version: number;
  clinician: string;
  firstDue: string;
  /** Days since the earliest due date, whatever that item's status. */
  daysSinceFirstDue: number;
  /** The most days overdue of the patient's items (overdueDays): 0 when none is overdue. */
  daysOverdue: number;
  items: WorklistItem[];
  /**
   * The patient's other open items the viewer's role gets, that a filter by kind or status leaves out of
   * `items` (none unfiltered): an outreach note may cover them too.
   */
  otherOpenItems: { itemKey: string; label: string }[];
  lastContactAt: string | null;
  /**
   * Why a reminder cannot go out on each channel (do not contact, no address, a number to check, an earlier
   * reminder waiting or sent in the last 24 hours), or null.
   */
  reminderBlocked: Record<ReminderChannel, string | null>;
}

/**
 * For each reminder channel, the reason of lib/reminders/eligibility.ts, or else of lib/reminders/earlier.ts,
 * in the order the server refuses by (lib/data/queue-reminders.ts): the buttons and the refusal say the same.
 */
function reminderBlocked(contact: PatientContact, earlier: EarlierReminder[], now: Date): Record<ReminderChannel, string | null> {
  const reason = (channel: ReminderChannel) => {
    const e = channelEligibility(contact, channel);
    return e.ok ? earlierReminderBlock(channel, earlier, now) : INELIGIBLE_REASONS[e.reason];
  };
  return { EMAIL: reason("EMAIL"), SMS: reason("SMS") };
}

const itemRow = worklistRow.pick({ patient_id: true, item_key: true, kind: true, label: true, due_date: true, status: true }).extend({ listed: z.boolean() });

/**
 * One page of patients with open items matching the filters, with those items; past the end, the last page.
 * `now`: the moment an earlier reminder's 24 hours are counted to.
 */
export async function getPatientWorklist(
  viewer: Viewer,
  asOf: string,
  q: PatientWorklistQuery,
  pageSize: number,
  now = new Date(),
): Promise<{ rows: WorklistPatient[]; total: number; page: number; pageCount: number }> {
  assertCan(viewer, "monitoring.read");
  // Only the kinds the viewer's role gets, in the page, the count and the items (lib/data/item-visibility.ts).
  const filter = worklistFilter(asOf, q, viewer.role);
  const { patients, total, page } = await patientsOnPage(q, filter, pageSize);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const ids = patients.map((p) => p.patient_id);
  // Every open item of the page's patients that the role gets, in the same one query: those the filter
  // matches are listed, the others only offered to the outreach form (patient-level filters hold for all);
  // and their reminders that may refuse another (lib/reminders/earlier.ts).
  const [items, reminders] = await Promise.all([
    ids.length
      ? queryRows(
          db,
          itemRow,
          Prisma.sql`
        SELECT mi.patient_id, mi.item_key, mi.kind, mi.label, mi.due_date, (${statusSql(asOf)}) AS status, (${filter.listed}) AS listed
        FROM monitoring_items mi
        WHERE mi.patient_id = ANY(${ids}::uuid[]) AND ${filter.open("mi")}
        ORDER BY mi.due_date, mi.item_key`,
        )
      : [],
    db.reminder.findMany({
      where: { patientId: { in: ids }, ...earlierRemindersWhere(now) },
      select: { patientId: true, channel: true, status: true, finishedAt: true },
    }),
  ]);
  const itemsOf = new Map<string, typeof items>();
  const othersOf = new Map<string, typeof items>();
  for (const i of items) {
    const into = i.listed ? itemsOf : othersOf;
    into.set(i.patient_id, [...(into.get(i.patient_id) ?? []), i]);
  }
  return {
    total,
    page,
    pageCount,
    rows: patients.map((p) => {
      const firstDue = isoFromDb(p.first_due);
      const patientItems = (itemsOf.get(p.patient_id) ?? []).map((i) => {
        const dueDate = isoFromDb(i.due_date);
        return {
          itemKey: i.item_key,
          kind: i.kind,
          label: itemLabelFor(viewer.role, i.item_key, i.label),
          dueDate,
          status: i.status,
          daysOverdue: Math.max(0, daysBetween(dueDate, asOf)),
        };
      });
      const contact = { ...patientContact(p), doNotEmail: p.do_not_email, doNotText: p.do_not_text, doNotCall: p.do_not_call };
      return {
        ...contact,
        phoneShown: p.phone ? showPhone(p.phone) : null,
        reminderBlocked: reminderBlocked(
          contact,
          reminders.filter((r) => r.patientId === p.patient_id),
          now,
        ),
        version: p.version,
        clinician: p.clinician ?? "Unassigned",
        firstDue,
        daysSinceFirstDue: Math.max(0, daysBetween(firstDue, asOf)),
        daysOverdue: Math.max(0, ...patientItems.map(overdueDays)),
        lastContactAt: p.last_contact?.toISOString() ?? null,
        items: patientItems,
        otherOpenItems: (othersOf.get(p.patient_id) ?? []).map((i) => ({ itemKey: i.item_key, label: itemLabelFor(viewer.role, i.item_key, i.label) })),
      };
    }),
  };
}

export type OutreachEntry =
  OutreachCall | { type: "reminder"; id: string; at: string; by: string; channel: ReminderChannel; status: ReminderStatus; failureReason: string | null };

/**
 * Every outreach call and reminder of these patients, newest first: a call about several items once, with
 * the items it covered (its notes, grouped in memory by their call's id). A note about one of the
 * dermatologist's own items (lib/data/item-visibility.ts), listed or gone since, goes to clinical roles only:
 * other roles read a call of a clinician's about it and other items with the other items alone, and without
 * its note, which may speak of it (notesReadBy: NOTE_FOR_CLINICIANS in its place).
 */
export async function getOutreachHistory(viewer: Viewer, patientIds: string[]): Promise<Map<string, OutreachEntry[]>> {
  assertCan(viewer, "monitoring.read");
  const byPatient = new Map<string, OutreachEntry[]>(patientIds.map((id) => [id, []]));
  if (patientIds.length === 0) return byPatient;
  const [notes, reminders, items] = await Promise.all([
    db.outreachNote.findMany({
      where: { patientId: { in: patientIds } },
      select: {
        id: true,
        callId: true,
        patientId: true,
        itemKey: true,
        note: true,
        outcome: true,
        createdAt: true,
        voidReason: true,
        createdBy: { select: { name: true } },
      },
    }),
    db.reminder.findMany({
      where: { patientId: { in: patientIds } },
      select: { id: true, patientId: true, channel: true, status: true, failureReason: true, createdAt: true, createdBy: { select: { name: true } } },
    }),
    db.monitoringItemRow.findMany({ where: { patientId: { in: patientIds } }, select: { patientId: true, itemKey: true, label: true } }),
  ]);
  const labelOf = new Map(items.map((i) => [`${i.patientId} ${i.itemKey}`, itemLabelFor(viewer.role, i.itemKey, i.label)]));
  const notesOf = new Map<string, OutreachNoteRead[]>(patientIds.map((id) => [id, []]));
  for (const n of notesReadBy(viewer.role, notes))
    notesOf.get(n.patientId)?.push({
      id: n.id,
      callId: n.callId,
      at: n.createdAt.toISOString(),
      by: n.createdBy.name,
      outcome: n.outcome,
      note: n.note,
      item: labelOf.get(`${n.patientId} ${n.itemKey}`) ?? null,
      // Entered in error: kept in the history, struck through, and never counted as a contact.
      voidReason: n.voidReason,
    });
  for (const [patientId, read] of notesOf) byPatient.get(patientId)!.push(...groupOutreachCalls(read));
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
