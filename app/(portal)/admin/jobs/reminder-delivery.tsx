import { deliveryMode, reminderConfig, type DeliveryMode } from "@/lib/reminders/config";

/**
 * Whether patient reminders really leave the clinic: through the mail server (SMTP_URL), or only written, one file
 * each, to the outbox folder, where a reminder recorded as sent was written and reached no patient. Names the mail
 * server by host and port only, never its user or password.
 */
export function ReminderDelivery() {
  let mode: DeliveryMode | null = null;
  let problem: string | null = null;
  try {
    mode = deliveryMode(reminderConfig());
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  return (
    <section className="card space-y-2" aria-labelledby="delivery-heading">
      <h2 id="delivery-heading" className="text-lg font-semibold">
        Patient reminders
      </h2>
      <p className="text-sm" data-testid="reminder-delivery">
        {problem
          ? `Reminders cannot be sent: ${problem}`
          : mode!.email.via === "smtp"
            ? `Reminder emails are sent to patients through the mail server ${mode!.email.server}${mode!.email.tls ? " (TLS)" : ""}, set in SMTP_URL. Text messages are not sent: each is written to the outbox folder ${mode!.outboxDir}, as no text-message gateway is set up.`
            : `Reminders are not sent to patients: SMTP_URL is not set, so each email and text message is only written, as a file, to the outbox folder ${mode!.outboxDir}. A reminder shown as sent was written there.`}
      </p>
    </section>
  );
}
