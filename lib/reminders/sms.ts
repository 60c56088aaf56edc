import type { ReminderConfig } from "./config";
import { writeOutboxFile } from "./outbox";

/**
 * A text-message provider. A gateway (Twilio, Vonage, an in-house modem…) is added by implementing this
 * and naming it in SMS_PROVIDER; it throws on failure, with a DeliveryError whose reason carries no number.
 */
export interface SmsProvider {
  readonly name: string;
  send(message: { to: string; body: string; reference: string }): Promise<void>;
}

/** The built-in provider: each message is a JSON file in the outbox folder, never a log line. */
export function outboxSmsProvider(outboxDir: string): SmsProvider {
  return {
    name: "outbox",
    async send({ to, body, reference }) {
      await writeOutboxFile(outboxDir, `sms-${reference}.json`, JSON.stringify({ to, body }, null, 2));
    },
  };
}

export function createSmsProvider(config: Pick<ReminderConfig, "smsProvider" | "outboxDir">): SmsProvider {
  switch (config.smsProvider) {
    case "outbox":
      return outboxSmsProvider(config.outboxDir);
  }
}
