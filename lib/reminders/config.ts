import path from "node:path";
import { CLINIC_NAME } from "@/lib/clinic";
import type { ClinicContact } from "./templates";

/**
 * Reminder delivery settings, from the environment (README, "Configuration"). With none set, email and
 * text messages are written to the outbox folder instead of being sent, so a demo works offline.
 */
export interface ReminderConfig {
  /** smtp://user:pass@host:port or smtps://…; unset: the outbox folder. */
  smtpUrl: string | null;
  from: string;
  /** "outbox" is the only provider built in; another is added by implementing SmsProvider (sms.ts). */
  smsProvider: "outbox";
  outboxDir: string;
  clinic: ClinicContact;
}

export const DEFAULT_CLINIC_PHONE = "(201) 555-0100";

export function reminderConfig(env: NodeJS.ProcessEnv = process.env): ReminderConfig {
  const provider = env.SMS_PROVIDER || "outbox";
  if (provider !== "outbox") throw new Error(`SMS_PROVIDER "${provider}" is not known; the built-in provider is "outbox".`);
  return {
    smtpUrl: env.SMTP_URL || null,
    from: env.REMINDER_FROM || "no-reply@isotrack.localhost",
    smsProvider: provider,
    outboxDir: path.resolve(env.OUTBOX_DIR || ".data/outbox"),
    clinic: { clinicName: env.CLINIC_NAME || CLINIC_NAME, clinicPhone: env.CLINIC_PHONE || DEFAULT_CLINIC_PHONE },
  };
}

/** How reminders leave the clinic, for /admin/jobs: never a secret (the SMTP URL's user and password are left out). */
export interface DeliveryMode {
  /** Through a mail server ("smtp.example.org:587", and whether the connection is TLS from the start), or written to the outbox folder. */
  email: { via: "smtp"; server: string; tls: boolean } | { via: "outbox" };
  sms: { via: "outbox" };
  outboxDir: string;
}

export function deliveryMode(config: Pick<ReminderConfig, "smtpUrl" | "smsProvider" | "outboxDir">): DeliveryMode {
  let email: DeliveryMode["email"] = { via: "outbox" };
  if (config.smtpUrl) {
    try {
      const url = new URL(config.smtpUrl);
      email = { via: "smtp", server: url.host || "(no host)", tls: url.protocol === "smtps:" };
    } catch {
      email = { via: "smtp", server: "(SMTP_URL cannot be read)", tls: false };
    }
  }
  return { email, sms: { via: config.smsProvider }, outboxDir: config.outboxDir };
}
