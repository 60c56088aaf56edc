/**
 * The only words a reminder carries: the clinic's name, its phone number and "please contact the clinic".
 * No patient name, no monitoring item, test, drug or date: a message can be read by someone other than the
 * patient (a shared inbox, a lock screen), so it discloses nothing but that the clinic wants a call back
 * (HIPAA 45 CFR 164.502(b), minimum necessary). The functions take the clinic's details and nothing else;
 * lib/reminders/templates.test.ts proves no clinical term can reach the text.
 */

export interface ClinicContact {
  clinicName: string;
  clinicPhone: string;
}

export interface EmailContent {
  subject: string;
  text: string;
}

export function reminderEmail({ clinicName, clinicPhone }: ClinicContact): EmailContent {
  return {
    subject: `Message from ${clinicName}`,
    text: [
      "Hello,",
      "",
      `Please contact ${clinicName} at ${clinicPhone} at your earliest convenience.`,
      "",
      "This is an automated message; replies to it are not read.",
      "",
      clinicName,
    ].join("\n"),
  };
}

export function reminderSms({ clinicName, clinicPhone }: ClinicContact): string {
  return `${clinicName}: please contact the clinic at ${clinicPhone}. Automated message, replies are not read.`;
}
