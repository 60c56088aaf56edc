import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { ReminderChannel } from "@/lib/generated/prisma/enums";
import { clinicToday } from "@/lib/clinic";
import { db } from "@/lib/db";
import { writeAudit } from "./audit";
import { visibleKindsSql } from "./item-visibility";
import { openItemsSql } from "./monitoring";
import { queryRow, queryRows } from "./query-rows";
import type { PatientContact } from "@/lib/reminders/eligibility";

/**
 * The delivery side of reminders (lib/reminders/dispatch.ts drives it): claiming queued rows so that each
 * is sent at most once, and recording how each ended, with its audit row, in one transaction.
 */

const claimedRow = z.object({
  id: z.string(),
  patient_id: z.string(),
  channel: z.enum(ReminderChannel),
  attempts: z.number(),
});

export interface ClaimedReminder {
  id: string;
  patientId: string;
  channel: "EMAIL" | "SMS";
  /** Claims so far, this one included. */
  attempts: number;
}

/**
 * Moves up to `limit` QUEUED rows to SENDING and returns them. SKIP LOCKED lets concurrent dispatchers take
 * disjoint rows, and the status test in the UPDATE means a row already claimed is never claimed again.
 * `except`: rows this run already put back for a later run (a recipient the server asked to try later).
 */
export async function claimQueuedReminders(limit: number, except: string[] = []): Promise<ClaimedReminder[]> {
  const rows = await queryRows(
    db,
    claimedRow,
    Prisma.sql`
    WITH next AS (
      SELECT id FROM reminders WHERE status = 'QUEUED' AND NOT (id = ANY(${except}::uuid[]))
      ORDER BY created_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE reminders r SET status = 'SENDING', claimed_at = now(), attempts = r.attempts + 1
    FROM next
    WHERE r.id = next.id AND r.status = 'QUEUED'
    RETURNING r.id, r.patient_id, r.channel::text AS channel, r.attempts`,
  );
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    channel: r.channel,
    attempts: r.attempts,
  }));
}

/**
 * The patient's contact details and preferences as they are now, read just before a claimed reminder is
 * sent: a batch is claimed at once but sent one message at a time, and a choice made meanwhile is honoured
 * (docs/DOMAIN.md "Patient reminders": checked again when it is sent).
 */
export function contactNow(patientId: string): Promise<PatientContact> {
  return db.patient.findUniqueOrThrow({
    where: { id: patientId },
    select: { email: true, phone: true, doNotEmail: true, doNotText: true, doNotCall: true },
  });
}

/**
 * Whether the patient has an open monitoring item today by the worklist's own definition (openItemsSql:
 * not completed, not waived, due soon, due or overdue), of the kinds the reminder's sender gets
 * (lib/data/item-visibility.ts, by the sender's role now), read just before a claimed reminder is sent: one
 * queued while something was due is not sent once everything was completed or waived meanwhile. A
 * dermatologist's own item (a pregnancy review) left open does not send office staff's reminder, which could
 * not have been queued for it: their outreach history would tell that patient from one with nothing open.
 */
export async function hasOpenItemNow(reminder: Pick<ClaimedReminder, "id" | "patientId">, asOf: string = clinicToday()): Promise<boolean> {
  const sender = await db.reminder.findUniqueOrThrow({ where: { id: reminder.id }, select: { createdBy: { select: { role: true } } } });
  const { open } = await queryRow(
    db,
    z.object({ open: z.boolean() }),
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM monitoring_items mi WHERE mi.patient_id = ${reminder.patientId}::uuid AND ${openItemsSql(asOf)} ${visibleKindsSql(sender.createdBy.role)}) AS open`,
  );
  return open;
}

/**
 * Renews the dispatcher's claims on the rows of its batch still to be sent (claimed_at set to now), just
 * before it sends the next one, and returns the ids still its own: a row closed as interrupted meanwhile,
 * or claimed again since (attempts counts the claims), is not sent. So a live dispatcher's claims are never
 * older than one delivery, whatever the size of its batch or the length of its run (INTERRUPTED_AFTER_MS).
 */
export async function renewClaims(reminders: Pick<ClaimedReminder, "id" | "attempts">[]): Promise<Set<string>> {
  if (reminders.length === 0) return new Set();
  const rows = await queryRows(
    db,
    z.object({ id: z.string() }),
    Prisma.sql`
    UPDATE reminders r SET claimed_at = now()
    FROM unnest(${reminders.map((r) => r.id)}::uuid[], ${reminders.map((r) => r.attempts)}::int[]) AS c(id, attempts)
    WHERE r.id = c.id AND r.attempts = c.attempts AND r.status = 'SENDING'
    RETURNING r.id`,
  );
  return new Set(rows.map((r) => r.id));
}

export type DeliveryOutcome = { status: "SENT"; recipient: string } | { status: "FAILED"; reason: string };

/**
 * How a claimed reminder ended, with its audit row (no actor: the dispatcher is not a user); false when it
 * was no longer SENDING. With `claimedBefore`, only a claim still older than that is closed (one renewed
 * meanwhile is left alone).
 */
export async function recordDelivery(
  reminder: Pick<ClaimedReminder, "id" | "patientId" | "channel">,
  outcome: DeliveryOutcome,
  claimedBefore?: Date,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.reminder.updateMany({
      where: { id: reminder.id, status: "SENDING", ...(claimedBefore ? { claimedAt: { lt: claimedBefore } } : {}) },
      data:
        outcome.status === "SENT"
          ? { status: "SENT", recipient: outcome.recipient, finishedAt: new Date() }
          : { status: "FAILED", failureReason: outcome.reason, finishedAt: new Date() },
    });
    if (updated.count !== 1) return false;
    await writeAudit(tx, null, {
      action: outcome.status === "SENT" ? "monitoring.reminder_sent" : "monitoring.reminder_failed",
      entityType: "Reminder",
      entityId: reminder.id,
      patientId: reminder.patientId,
      changes: { channel: reminder.channel, ...(outcome.status === "FAILED" ? { reason: outcome.reason } : {}) },
    });
    return true;
  });
}

export const INTERRUPTED_REASON = "Sending was interrupted; the message may have been delivered. Send a new reminder if needed.";

/**
 * How long a claim may go unrenewed before its reminder is closed as interrupted: five minutes. A live
 * dispatcher renews its claims before each send (renewClaims), so its claims are at most one delivery old:
 * well under a minute with the mailer's timeouts (lib/reminders/mailer.ts), far below this. It is not measured
 * against the reminders-dispatch job's expiry (lib/jobs/queues.ts): pg-boss fails a job that outlives its expiry
 * but does not stop its handler, and a run from the command line has no expiry at all. But it is no longer than
 * that expiry, so that the first run after a stopped server's job is given up closes the reminder it was sending,
 * which staff see as "being sent now" until then.
 */
export const INTERRUPTED_AFTER_MS = 5 * 60_000;

/**
 * A reminder left in SENDING (the process stopped mid-send) is never retried, since it may have gone
 * out: once its claim is `olderThanMs` old it is closed as FAILED with that explanation, so staff can
 * decide. The age is read on the database's clock, the one claims are stamped with.
 */
export async function closeInterruptedReminders(olderThanMs: number = INTERRUPTED_AFTER_MS): Promise<number> {
  const stale = await queryRows(
    db,
    z.object({ id: z.string(), patient_id: z.string(), channel: z.enum(ReminderChannel), cutoff: z.date() }),
    Prisma.sql`
    SELECT r.id, r.patient_id, r.channel::text AS channel, c.cutoff
    FROM (SELECT now() - ${olderThanMs} * interval '1 millisecond' AS cutoff) c
    JOIN reminders r ON r.status = 'SENDING' AND r.claimed_at < c.cutoff`,
  );
  let closed = 0;
  for (const r of stale)
    if (await recordDelivery({ id: r.id, patientId: r.patient_id, channel: r.channel }, { status: "FAILED", reason: INTERRUPTED_REASON }, r.cutoff)) closed++;
  return closed;
}

/**
 * Claims a reminder may take while the mail server is unreachable, or asks to try its recipient later,
 * before it is recorded as failed.
 */
export const MAX_DELIVERY_ATTEMPTS = 6;

/**
 * Claimed reminders that were not sent because the mail server could not take them (nothing reached it):
 * back to QUEUED for the next dispatch (the reason is the failed job's message on /admin/jobs), or FAILED
 * once a reminder has been tried MAX_DELIVERY_ATTEMPTS times, with the reason. Returns how many were
 * recorded as failed.
 */
export async function releaseReminders(reminders: Pick<ClaimedReminder, "id" | "patientId" | "channel" | "attempts">[], reason: string) {
  const exhausted = reminders.filter((r) => r.attempts >= MAX_DELIVERY_ATTEMPTS);
  const waiting = reminders.filter((r) => r.attempts < MAX_DELIVERY_ATTEMPTS).map((r) => r.id);
  await db.reminder.updateMany({
    where: { id: { in: waiting }, status: "SENDING" },
    data: { status: "QUEUED", claimedAt: null },
  });
  for (const r of exhausted) await recordDelivery(r, { status: "FAILED", reason: `Not sent after ${r.attempts} attempts: ${reason}` });
  return { failed: exhausted.length };
}

/**
 * Claimed reminders not sent because the run itself could not send anything (the mail server refused the
 * clinic's login or TLS): back to QUEUED with this claim not counted as an attempt, since nothing about the
 * patient's address was tried. Only claims still this dispatcher's (same attempt count) are returned.
 */
export async function requeueUncounted(reminders: Pick<ClaimedReminder, "id" | "attempts">[]): Promise<void> {
  if (reminders.length === 0) return;
  await db.$executeRaw`
    UPDATE reminders r SET status = 'QUEUED', claimed_at = NULL, attempts = r.attempts - 1
    FROM unnest(${reminders.map((r) => r.id)}::uuid[], ${reminders.map((r) => r.attempts)}::int[]) AS c(id, attempts)
    WHERE r.id = c.id AND r.attempts = c.attempts AND r.status = 'SENDING'`;
}
