import { z } from "zod";
import { ContraceptionMethod, PregnancyCategory, PregnancyDecisionOutcome } from "@/lib/generated/prisma/enums";
import { CONTRACEPTION_METHOD_LABELS } from "@/lib/labels";
import { correctionReason, isoDate, optionalText, repeatedField, requiredText, uuid } from "./common";

/** The confirmation a category change needs while a course is in progress. */
export const CATEGORY_CHANGE_WARNING = "CATEGORY_CHANGE_DURING_COURSE" as const;

/** Forms of the patient page's pregnancy-prevention panel. */
export const contraceptionSchema = z
  .object({
    patientId: uuid,
    method: z.enum(ContraceptionMethod, { error: "Choose two methods or committed abstinence." }),
    methods: optionalText(200),
    startDate: isoDate,
  })
  .transform((v, ctx) => {
    if (v.method === "TWO_METHODS" && !v.methods) {
      ctx.addIssue({ code: "custom", path: ["methods"], message: "Name the two methods (for example: IUD and condoms)." });
      return z.NEVER;
    }
    return { ...v, methods: v.method === "ABSTINENCE" ? CONTRACEPTION_METHOD_LABELS.ABSTINENCE : v.methods! };
  });

const confirmationNumber = z.preprocess(
  (v) => (v === "" ? undefined : v),
  z
    .string()
    .trim()
    .max(40, "At most 40 characters.")
    .regex(/^[A-Za-z0-9-]+$/, "Letters, digits and dashes only.")
    .optional(),
);

export const counselingSchema = z.object({ patientId: uuid, counseledOn: isoDate, confirmationNumber });

export const decisionSchema = z.object({
  patientId: uuid,
  labResultId: uuid,
  outcome: z.enum(PregnancyDecisionOutcome, { error: "Choose the decision." }),
  reason: requiredText("the reason for the decision", 1000),
});

export const categorySchema = z.object({
  patientId: uuid,
  category: z.enum(PregnancyCategory, { error: "Choose the category." }),
  reason: requiredText("the reason for the change", 500),
  ack: repeatedField(z.array(z.enum([CATEGORY_CHANGE_WARNING] as const)).max(1)),
});

/** A contraception or counseling record entered in error: voided with a reason, kept in the history. */
export const voidPregnancyRecordSchema = z.object({ patientId: uuid, recordId: uuid, reason: correctionReason });
