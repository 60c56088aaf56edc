import nodemailer from "nodemailer";
import SMTPTransport from "nodemailer/lib/smtp-transport";
import type { ReminderConfig } from "./config";
import { writeOutboxFile } from "./outbox";
import type { EmailContent } from "./templates";

/** Sends one email; throws on failure (lib/reminders/delivery-error.ts makes the reason safe to store). */
export interface EmailSender {
  send(message: EmailContent & { to: string; reference: string }): Promise<void>;
}

/** Gives up on an unresponsive server rather than holding a claimed reminder for minutes. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/**
 * Email through SMTP_URL with nodemailer, or, with no SMTP server configured, into the outbox folder: one
 * .eml file per reminder, readable by the server's user only, and nothing in the server's log.
 */
export function createEmailSender(config: Pick<ReminderConfig, "smtpUrl" | "from" | "outboxDir">): EmailSender {
  if (config.smtpUrl) {
    // An instance, so the timeouts apply: createTransport(url, …) would read the URL alone.
    const transport = nodemailer.createTransport(new SMTPTransport({ url: config.smtpUrl, ...TIMEOUTS, logger: false }));
    return {
      async send({ to, subject, text }) {
        await transport.sendMail({ from: config.from, to, subject, text, disableFileAccess: true, disableUrlAccess: true });
      },
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send({ to, subject, text, reference }) {
      const info = await transport.sendMail({ from: config.from, to, subject, text });
      await writeOutboxFile(config.outboxDir, `email-${reference}.eml`, info.message as Buffer);
    },
  };
}
