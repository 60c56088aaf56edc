import "server-only";
import { claimQueuedReminders, closeInterruptedReminders, recordDelivery, type ClaimedReminder, type DeliveryOutcome } from "@/lib/data/reminder-delivery";
import { reminderConfig } from "./config";
import { deliveryFailureReason } from "./delivery-error";
import { channelEligibility, INELIGIBLE_REASONS } from "./eligibility";
import { createEmailSender, type EmailSender } from "./mailer";
import { createSmsProvider, type SmsProvider } from "./sms";
import { reminderEmail, reminderSms, type ClinicContact } from "./templates";

export interface DispatchOptions {
  email?: EmailSender;
  sms?: SmsProvider;
  clinic?: ClinicContact;
  /** Rows claimed at a time. */
  batchSize?: number;
  /** A SENDING row older than this is closed as interrupted (never resent). */
  interruptedAfterMs?: number;
}

export interface DispatchResult {
  sent: number;
  failed: number;
  interrupted: number;
}

const INTERRUPTED_AFTER_MS = 15 * 60_000;

/**
 * Sends every QUEUED reminder once. Each row is claimed (QUEUED -> SENDING) before it is sent, so two
 * dispatchers running at once never send the same reminder; the patient's preferences are checked again at
 * send time (they may have opted out since it was queued). Called after the response by the action that
 * queued the reminders, by the job queue, or from the command line (npm run reminders:dispatch).
 */
export async function dispatchQueuedReminders(options: DispatchOptions = {}): Promise<DispatchResult> {
  const needsConfig = !options.email || !options.sms || !options.clinic;
  const config = needsConfig ? reminderConfig() : null;
  const email = options.email ?? createEmailSender(config!);
  const sms = options.sms ?? createSmsProvider(config!);
  const clinic = options.clinic ?? config!.clinic;
  const result: DispatchResult = { sent: 0, failed: 0, interrupted: await closeInterruptedReminders(options.interruptedAfterMs ?? INTERRUPTED_AFTER_MS) };
  for (;;) {
    const batch = await claimQueuedReminders(options.batchSize ?? 20);
    if (batch.length === 0) return result;
    for (const reminder of batch) {
      const outcome = await deliver(reminder, { email, sms, clinic });
      await recordDelivery(reminder, outcome);
      result[outcome.status === "SENT" ? "sent" : "failed"]++;
    }
  }
}

async function deliver(reminder: ClaimedReminder, via: { email: EmailSender; sms: SmsProvider; clinic: ClinicContact }): Promise<DeliveryOutcome> {
  const eligible = channelEligibility(reminder.contact, reminder.channel);
  if (!eligible.ok) return { status: "FAILED", reason: `Not sent: ${INELIGIBLE_REASONS[eligible.reason]}` };
  try {
    if (reminder.channel === "EMAIL") await via.email.send({ ...reminderEmail(via.clinic), to: eligible.recipient, reference: reminder.id });
    else await via.sms.send({ to: eligible.recipient, body: reminderSms(via.clinic), reference: reminder.id });
    return { status: "SENT", recipient: eligible.recipient };
  } catch (error) {
    return { status: "FAILED", reason: deliveryFailureReason(error) };
  }
}
