/**
 * Who may be sent a reminder, and on which channel. Pure: the queueing write, the dispatcher (which checks
 * again at send time, in case the patient opted out in between) and the worklist's buttons all ask here.
 *
 * A patient's request not to be contacted a certain way is honoured on that channel (HIPAA 45 CFR
 * 164.522(b), confidential communications; text messages also need the patient's consent under the TCPA,
 * 47 U.S.C. 227). See docs/DOMAIN.md, "Patient reminders".
 */
import { phoneE164 } from "@/lib/phone";

export const CONTACT_CHANNELS = ["EMAIL", "SMS", "PHONE"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const REMINDER_CHANNELS = ["EMAIL", "SMS"] as const satisfies readonly ContactChannel[];
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export interface PatientContact {
  email: string | null;
  phone: string | null;
  doNotEmail: boolean;
  doNotText: boolean;
  doNotCall: boolean;
}

/**
 * Why a channel cannot be used; the reason names the channel, never the patient or the address. The
 * worklist shows it beside the channel's disabled button, and the server answers with it when asked anyway.
 */
export const INELIGIBLE_REASONS = {
  DO_NOT_EMAIL: "Patient asked not to be emailed.",
  DO_NOT_TEXT: "Patient asked not to be texted.",
  DO_NOT_CALL: "Patient asked not to be called.",
  NO_EMAIL: "No email address on file.",
  NO_PHONE: "No phone number on file.",
  PHONE_UNUSABLE: "The phone number on file is not a valid number: check this number on the patient's details.",
} as const;
export type IneligibleReason = keyof typeof INELIGIBLE_REASONS;

export type Eligibility = { ok: true; recipient: string } | { ok: false; reason: IneligibleReason };

export function channelEligibility(contact: PatientContact, channel: ContactChannel): Eligibility {
  switch (channel) {
    case "EMAIL": {
      if (contact.doNotEmail) return { ok: false, reason: "DO_NOT_EMAIL" };
      const email = contact.email?.trim();
      return email ? { ok: true, recipient: email } : { ok: false, reason: "NO_EMAIL" };
    }
    case "SMS": {
      if (contact.doNotText) return { ok: false, reason: "DO_NOT_TEXT" };
      const phone = contact.phone?.trim();
      if (!phone) return { ok: false, reason: "NO_PHONE" };
      // Texted only in E.164, to a number valid in its numbering plan (lib/phone.ts).
      const number = phoneE164(phone);
      return number ? { ok: true, recipient: number } : { ok: false, reason: "PHONE_UNUSABLE" };
    }
    case "PHONE": {
      if (contact.doNotCall) return { ok: false, reason: "DO_NOT_CALL" };
      const phone = contact.phone?.trim();
      return phone ? { ok: true, recipient: phone } : { ok: false, reason: "NO_PHONE" };
    }
  }
}
