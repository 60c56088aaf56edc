/**
 * The rule of an earlier reminder, pure: one queued and not sent yet, one being sent now, or one sent in the
 * last 24 hours (counted from when it was sent) refuses another to the patient on its channel. The queueing
 * write (lib/data/queue-reminders.ts) refuses by it, and the worklist (lib/data/worklist.ts) shows it beside
 * the channel's button and in the selection's summary before anyone asks.
 */
import type { ReminderStatus } from "@/lib/generated/prisma/enums";
import { REMINDER_CHANNEL_LABELS } from "@/lib/labels";
import type { ReminderChannel } from "./eligibility";

const RECENT_MS = 24 * 3600_000;

export interface EarlierReminder {
  channel: ReminderChannel;
  status: ReminderStatus;
  finishedAt: Date | null;
}

/** Whether this reminder, as things stand at `now`, refuses another on its channel. */
function refusesAnother(r: EarlierReminder, now: Date): boolean {
  if (r.status === "QUEUED" || r.status === "SENDING") return true;
  return r.status === "SENT" && r.finishedAt !== null && r.finishedAt.getTime() >= now.getTime() - RECENT_MS;
}

/**
 * The reminders that may refuse another, as the database is asked for them (a superset is fine:
 * earlierReminderBlock decides): waiting, being sent, or sent in the last 24 hours.
 */
export function earlierRemindersWhere(now: Date) {
  return {
    OR: [
      { status: { in: ["QUEUED", "SENDING"] satisfies ReminderStatus[] } },
      { status: "SENT" as const, finishedAt: { gte: new Date(now.getTime() - RECENT_MS) } },
    ],
  };
}

/**
 * Why another reminder on the channel is refused, given the patient's earlier ones ("A reminder email is
 * already queued for this patient and not sent yet."), or null. A queued one is never said to be sent.
 */
export function earlierReminderBlock(channel: ReminderChannel, earlier: readonly EarlierReminder[], now: Date): string | null {
  const statuses = earlier.filter((r) => r.channel === channel && refusesAnother(r, now)).map((r) => r.status);
  if (statuses.length === 0) return null;
  const label = REMINDER_CHANNEL_LABELS[channel].toLowerCase();
  if (statuses.includes("QUEUED")) return `A ${label} is already queued for this patient and not sent yet.`;
  if (statuses.includes("SENDING")) return `A ${label} to this patient is being sent now.`;
  return `A ${label} was sent to this patient in the last 24 hours.`;
}
