import { z } from "zod";
import { PregnancyCategory, SexAtBirth } from "@/lib/generated/prisma/enums";
import { readPhone } from "@/lib/phone";
import { checkbox, indication, isoDate, optionalText, recordVersion, requiredText, uuid } from "./common";

/**
 * A phone number, kept in E.164 (lib/phone.ts): read in the clinic's country unless it starts with + and
 * its country code, and refused unless it is a valid number, so every number on file can be dialled and
 * texted as it is.
 */
const phone = optionalText(30).transform((v, ctx) => {
  if (v === undefined) return undefined;
  const read = readPhone(v);
  if (read.ok) return read.e164;
  ctx.addIssue({ code: "custom", message: read.message });
  return z.NEVER;
});

export const patientSchema = z.object({
  mrn: requiredText("the MRN", 32).regex(/^[A-Za-z0-9-]+$/, "MRN may contain letters, digits and dashes only."),
  firstName: requiredText("a first name", 100),
  lastName: requiredText("a last name", 100),
  dateOfBirth: isoDate,
  sexAtBirth: z.enum(SexAtBirth, { error: "Choose the sex at birth." }),
  pregnancyCategory: z.enum(PregnancyCategory, { error: "Choose the pregnancy-potential category." }),
  phone,
  email: optionalText(254).refine((v) => v === undefined || z.string().email().safeParse(v).success, "Enter a valid email address."),
  indication,
  // The channels the patient asked not to be contacted on (reminders honour them).
  doNotEmail: checkbox,
  doNotText: checkbox,
  doNotCall: checkbox,
});

type ContactChoices = "doNotEmail" | "doNotText" | "doNotCall";
/** The do-not-contact choices are optional for callers other than the form (seeds, imports): absent is unchanged. */
export type PatientInput = Omit<z.infer<typeof patientSchema>, ContactChoices> & Partial<Pick<z.infer<typeof patientSchema>, ContactChoices>>;

export function patientSchemaAsOf(today: string) {
  return patientSchema.refine((p) => p.dateOfBirth <= today, { path: ["dateOfBirth"], message: "Date of birth cannot be in the future." });
}

/** Demographics only: the pregnancy category changes through its own dermatologist-only form, with a reason. */
export const patientUpdateSchema = (today: string) =>
  patientSchema
    .omit({ pregnancyCategory: true })
    .refine((p) => p.dateOfBirth <= today, { path: ["dateOfBirth"], message: "Date of birth cannot be in the future." })
    .and(z.object({ patientId: uuid, version: recordVersion }));

export type PatientUpdateInput = Omit<PatientInput, "pregnancyCategory">;
