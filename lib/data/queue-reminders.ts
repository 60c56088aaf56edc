import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { clinicToday } from "@/lib/clinic";
import { db } from "@/lib/db";
import { earlierReminderBlock, earlierRemindersWhere } from "@/lib/reminders/earlier";
import { channelEligibility, INELIGIBLE_REASONS, type ReminderChannel } from "@/lib/reminders/eligibility";
import { writeAudit, type AuditActor } from "./audit";
import { visibleKindsSql } from "./item-visibility";
import { openItemsSql } from "./monitoring";
import { queryRows } from "./query-rows";
import { assertMay } from "./viewer";

/** One patient's answer to a reminder request: queued, or refused with a reason free of patient data. */
export type QueueOutcome = { patientId: string; queued: true; reminderId: string } | { patientId: string; queued: false; reason: string };

export const NOTHING_DUE = "Nothing is due for this patient: no monitoring item is due soon, due or overdue.";
const NO_PATIENT = "This patient no longer exists.";

/**
 * Queues a "please contact the clinic" reminder for each patient on the channel, and sends nothing itself:
 * lib/reminders/dispatch.ts does, off the request. A patient who asked not to be contacted that way, has
 * no address or number, has no open monitoring item (by the worklist's own definition, openItemsSql, of the
 * kinds the actor's role gets: lib/data/item-visibility.ts; staff are not offered a patient whose only open
 * items are the dermatologist's own, and learn nothing more from the refusal than from the worklist), or
 * already has one waiting (or sent in the last day: lib/reminders/earlier.ts, which the worklist shows by too)
 * is refused with the reason; the others are queued, each with its audit row, in one transaction. The
 * patients' rows are locked so a double submit cannot queue two.
 */
export async function queueReminders(actor: AuditActor, input: { patientIds: string[]; channel: ReminderChannel }, now = new Date()): Promise<QueueOutcome[]> {
  assertMay(actor, "monitoring.outreach");
  const ids = [...new Set(input.patientIds)];
  return db.$transaction(async (tx) => {
    const patients = await queryRows(
      tx,
      z.object({ id: z.string() }),
      Prisma.sql`SELECT id FROM patients WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`,
    );
    const found = new Set(patients.map((p) => p.id));
    const [contacts, recent, withOpenItems] = await Promise.all([
      tx.patient.findMany({
        where: { id: { in: [...found] } },
        select: { id: true, email: true, phone: true, doNotEmail: true, doNotText: true, doNotCall: true },
      }),
      tx.reminder.findMany({
        where: { patientId: { in: [...found] }, channel: input.channel, ...earlierRemindersWhere(now) },
        select: { patientId: true, channel: true, status: true, finishedAt: true },
      }),
      queryRows(
        tx,
        z.object({ patient_id: z.string() }),
        Prisma.sql`SELECT DISTINCT mi.patient_id FROM monitoring_items mi WHERE mi.patient_id = ANY(${[...found]}::uuid[]) AND ${openItemsSql(clinicToday(now))} ${visibleKindsSql(actor.role)}`,
      ),
    ]);
    const contactOf = new Map(contacts.map((c) => [c.id, c]));
    const hasOpenItem = new Set(withOpenItems.map((r) => r.patient_id));
    const outcomes: QueueOutcome[] = [];
    for (const patientId of ids) {
      const contact = contactOf.get(patientId);
      if (!contact) {
        outcomes.push({ patientId, queued: false, reason: NO_PATIENT });
        continue;
      }
      const eligible = channelEligibility(contact, input.channel);
      if (!eligible.ok) {
        outcomes.push({ patientId, queued: false, reason: INELIGIBLE_REASONS[eligible.reason] });
        continue;
      }
      if (!hasOpenItem.has(patientId)) {
        outcomes.push({ patientId, queued: false, reason: NOTHING_DUE });
        continue;
      }
      const earlier = earlierReminderBlock(
        input.channel,
        recent.filter((r) => r.patientId === patientId),
        now,
      );
      if (earlier) {
        outcomes.push({ patientId, queued: false, reason: earlier });
        continue;
      }
      const reminder = await tx.reminder.create({
        data: { patientId, channel: input.channel, recipient: eligible.recipient, createdById: actor.id },
        select: { id: true },
      });
      await writeAudit(tx, actor, {
        action: "monitoring.reminder",
        entityType: "Reminder",
        entityId: reminder.id,
        patientId,
        changes: { channel: input.channel },
      });
      outcomes.push({ patientId, queued: true, reminderId: reminder.id });
    }
    return outcomes;
  });
}
