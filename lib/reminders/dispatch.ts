import "server-only";
import {
  claimQueuedReminders,
  closeInterruptedReminders,
  contactNow,
  hasOpenItemNow,
  INTERRUPTED_AFTER_MS,
  recordDelivery,
  releaseReminders,
  renewClaims,
  requeueUncounted,
  type ClaimedReminder,
  type DeliveryOutcome,
} from "@/lib/data/reminder-delivery";
import { reminderConfig } from "./config";
import { deliveryFailureKind, deliveryFailureReason } from "./delivery-error";
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
  /** A SENDING row whose claim is older than this is closed as interrupted (never resent). */
  interruptedAfterMs?: number;
  /**
   * How long the run may send for: past it, after at least one message, the run stops before its next message
   * and puts the rest of its batch back, uncounted, for the next run (`continued` in its result). Unset: until
   * the queue is empty.
   */
  budgetMs?: number;
}

export interface DispatchResult {
  sent: number;
  failed: number;
  interrupted: number;
  /** The run's time was spent with reminders left to send: the next run sends them. */
  continued?: true;
}

/**
 * Thrown when the mail server cannot take messages for now, or refuses the clinic's login or TLS, or the
 * outbox folder cannot be written: the reminders of the batch go back to QUEUED (nothing was sent), and the
 * job fails so that pg-boss retries it with growing delays and /admin/jobs shows the reason; the cron's next
 * tick picks them up too. The message carries the reason's codes and counts only.
 */
export class DispatchDeferredError extends Error {
  constructor(
    readonly reason: string,
    readonly result: DispatchResult & { waiting: number },
  ) {
    super(`${reason} ${result.sent} sent, ${result.failed} failed, ${result.waiting} waiting for the next attempt.`);
    this.name = "DispatchDeferredError";
  }
}

/**
 * Sends every QUEUED reminder once. Each row is claimed (QUEUED -> SENDING) before it is sent, so two
 * dispatchers running at once never send the same reminder; the patient's preferences are checked again at
 * send time (they may have opted out since it was queued). Runs as the `reminders-dispatch` job (queued by
 * the action that queued the reminders, and every few minutes), or from the command line
 * (npm run reminders:dispatch). A mail server that cannot take messages now, or refuses the clinic's
 * session, or an outbox folder that cannot be written, stops the run: see DispatchDeferredError. One that asks
 * to try a recipient later (a 4xx answer to RCPT TO) holds back that reminder alone: it waits for a later run,
 * not this one, its attempt counted.
 * A reminder whose patient has nothing open any more (completed or waived since it was queued) of the kinds
 * its sender gets (lib/data/item-visibility.ts) is not sent.
 */
export async function dispatchQueuedReminders(options: DispatchOptions = {}): Promise<DispatchResult> {
  const needsConfig = !options.email || !options.sms || !options.clinic;
  const config = needsConfig ? reminderConfig() : null;
  const email = options.email ?? createEmailSender(config!);
  const sms = options.sms ?? createSmsProvider(config!);
  const clinic = options.clinic ?? config!.clinic;
  const startedAt = Date.now();
  const result: DispatchResult = { sent: 0, failed: 0, interrupted: await closeInterruptedReminders(options.interruptedAfterMs ?? INTERRUPTED_AFTER_MS) };
  // Reminders put back for a later run: not claimed again by this one.
  const later: string[] = [];
  let tried = false;
  for (;;) {
    const batch = await claimQueuedReminders(options.batchSize ?? 20, later);
    if (batch.length === 0) return result;
    for (const [index, reminder] of batch.entries()) {
      if (tried && options.budgetMs !== undefined && Date.now() - startedAt >= options.budgetMs) {
        // Time is up: the rest of the batch was claimed but not tried, so it goes back with no attempt counted.
        await requeueUncounted(batch.slice(index));
        return { ...result, continued: true };
      }
      tried = true;
      // The batch's claims renewed before each send, so another dispatcher never takes them for interrupted;
      // one closed as interrupted all the same (this run stalled past the cut-off) is not sent.
      let ours: Set<string>;
      let outcome: Awaited<ReturnType<typeof deliver>>;
      try {
        ours = await renewClaims(batch.slice(index));
        if (!ours.has(reminder.id)) continue;
        outcome = await deliver(reminder, { email, sms, clinic });
      } catch (error) {
        // A failure before this message was sent (deliver catches the transport's own): neither it nor the
        // rest of the batch went out, so they go back to the queue rather than being closed as interrupted.
        await returnUnsent(batch.slice(index), error);
        throw error;
      }
      if (outcome.status === "RECIPIENT_LATER") {
        // This recipient only: back to the queue for a later run (or failed after the last attempt).
        const { failed } = await releaseReminders([reminder], outcome.reason);
        if (failed > 0) result.failed++;
        else later.push(reminder.id);
        continue;
      }
      if (outcome.status === "SERVER_LATER") {
        const rest = batch.slice(index).filter((r) => ours.has(r.id));
        const { failed } = await releaseReminders(rest, outcome.reason);
        throw new DispatchDeferredError(outcome.reason, { ...result, failed: result.failed + failed, waiting: rest.length - failed });
      }
      if (outcome.status === "SESSION_REFUSED" || outcome.status === "OUTBOX_UNWRITABLE") {
        // Nothing can be sent until the mail settings or the outbox folder are set right (or the disk has room):
        // no attempt counted against any reminder.
        const rest = batch.slice(index).filter((r) => ours.has(r.id));
        await requeueUncounted(rest);
        throw new DispatchDeferredError(outcome.reason, { ...result, waiting: rest.length });
      }
      try {
        await recordDelivery(reminder, outcome);
      } catch (error) {
        // This message may have gone out: it stays claimed (closed as interrupted, never resent); the rest did not.
        await returnUnsent(batch.slice(index + 1), error);
        throw error;
      }
      result[outcome.status === "SENT" ? "sent" : "failed"]++;
    }
  }
}

/**
 * Claimed reminders that were not sent because the run failed (the database, not the mail server): back to
 * QUEUED for the next run, or FAILED past MAX_DELIVERY_ATTEMPTS claims. Best effort: with the database still
 * unreachable they stay claimed and are closed as interrupted later.
 */
async function returnUnsent(reminders: ClaimedReminder[], error: unknown): Promise<void> {
  await releaseReminders(reminders, deliveryFailureReason(error)).catch(() => undefined);
}

/** A message not sent, for now: see DeliveryFailureKind. */
type HeldBackKind = "RECIPIENT_LATER" | "SERVER_LATER" | "SESSION_REFUSED" | "OUTBOX_UNWRITABLE";
type HeldBack = { [K in HeldBackKind]: { status: K; reason: string } }[HeldBackKind];

/** A queued reminder whose patient's items were all completed or waived before it went out. */
export const NOTHING_DUE_REASON = "Not sent: nothing is due any more.";

async function deliver(reminder: ClaimedReminder, via: { email: EmailSender; sms: SmsProvider; clinic: ClinicContact }): Promise<DeliveryOutcome | HeldBack> {
  const eligible = channelEligibility(await contactNow(reminder.patientId), reminder.channel);
  if (!eligible.ok) return { status: "FAILED", reason: `Not sent: ${INELIGIBLE_REASONS[eligible.reason]}` };
  if (!(await hasOpenItemNow(reminder))) return { status: "FAILED", reason: NOTHING_DUE_REASON };
  try {
    if (reminder.channel === "EMAIL") await via.email.send({ ...reminderEmail(via.clinic), to: eligible.recipient, reference: reminder.id });
    else await via.sms.send({ to: eligible.recipient, body: reminderSms(via.clinic), reference: reminder.id });
    return { status: "SENT", recipient: eligible.recipient };
  } catch (error) {
    const kind = deliveryFailureKind(error);
    const reason = deliveryFailureReason(error);
    return kind === "MAYBE_DELIVERED" || kind === "FINAL" ? { status: "FAILED", reason } : ({ status: kind, reason } as HeldBack);
  }
}
