import fc from "fast-check";
import { describe, expect, expectTypeOf, it } from "vitest";
import { DEFAULT_CATALOGUE } from "@/lib/domain/monitoring/catalogue";
import { ITEM_KINDS } from "@/lib/domain/monitoring/items";
import { ANALYTE_LABELS, INDICATION_LABELS, ITEM_KIND_LABELS } from "@/lib/labels";
import { reminderEmail, reminderSms, type ClinicContact } from "./templates";

/** Words no reminder may carry: every item kind, lab, analyte, indication and isotretinoin brand. */
const CLINICAL_TERMS = [
  ...ITEM_KINDS,
  ...Object.values(ITEM_KIND_LABELS),
  ...Object.values(ANALYTE_LABELS),
  ...Object.values(INDICATION_LABELS),
  ...DEFAULT_CATALOGUE.flatMap((t) => [t.name, t.code, t.analyte]),
  ...["isotretinoin", "Accutane", "Absorica", "Claravis", "Amnesteem", "Myorisan", "Zenatane", "Sotret", "iPLEDGE", "acne", "rosacea"],
  ...["pregnancy", "pregnant", "lab", "labs", "test", "blood", "liver", "lipids", "dose", "mg", "prescription", "overdue", "result"],
];
const clinical = new RegExp(`\\b(${CLINICAL_TERMS.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`, "i");

/** Every text a reminder sends. */
const texts = (c: ClinicContact) => {
  const email = reminderEmail(c);
  return [email.subject, email.text, reminderSms(c)];
};

describe("reminder templates", () => {
  it("take the clinic's name and phone number and nothing else", () => {
    expectTypeOf<Parameters<typeof reminderEmail>>().toEqualTypeOf<[ClinicContact]>();
    expectTypeOf<Parameters<typeof reminderSms>>().toEqualTypeOf<[ClinicContact]>();
    expectTypeOf<keyof ClinicContact>().toEqualTypeOf<"clinicName" | "clinicPhone">();
  });

  it("say exactly this: please contact the clinic, with its name and number", () => {
    const c = { clinicName: "Riverside Dermatology", clinicPhone: "(555) 010-0199" };
    expect(reminderEmail(c)).toEqual({
      subject: "Message from Riverside Dermatology",
      text: "Hello,\n\nPlease contact Riverside Dermatology at (555) 010-0199 at your earliest convenience.\n\nThis is an automated message; replies to it are not read.\n\nRiverside Dermatology",
    });
    expect(reminderSms(c)).toBe("Riverside Dermatology: please contact the clinic at (555) 010-0199. Automated message, replies are not read.");
  });

  it("add no clinical word of their own to any clinic name and number", () => {
    // The check itself catches what it must: a kind, a lab name, a brand.
    expect(clinical.test("Baseline fasting lipids")).toBe(true);
    expect(clinical.test("your ALT result")).toBe(true);
    expect(clinical.test("Claravis refill")).toBe(true);
    const plain = fc.stringMatching(/^[A-Za-z0-9 ()+.-]{1,40}$/).filter((s) => !clinical.test(s));
    fc.assert(
      fc.property(plain, plain, (clinicName, clinicPhone) => {
        for (const text of texts({ clinicName, clinicPhone })) expect(text).not.toMatch(clinical);
      }),
      { numRuns: 500 },
    );
  });

  it("ignore anything else a caller passes in: item kinds, lab names, patient names never reach the text", () => {
    const clinic = { clinicName: "Riverside Dermatology", clinicPhone: "(555) 010-0199" };
    const extra = fc.dictionary(
      fc.constantFrom("kind", "item", "lab", "drug", "patientName", "label", "reason", "note"),
      fc.constantFrom(...CLINICAL_TERMS, "Jane Doe"),
    );
    fc.assert(
      fc.property(extra, (more) => {
        const leaky = { ...more, ...clinic } as ClinicContact;
        expect(texts(leaky)).toEqual(texts(clinic));
      }),
    );
  });
});
