import { z } from "zod";
import { twoMethodsProblem } from "@/lib/domain/pregnancy/contraception-methods";
import { ContraceptionForm, ContraceptionMethod, PregnancyCategory, PregnancyDecisionOutcome, PregnancyFollowUpKind } from "@/lib/generated/prisma/enums";
import { blankAsAbsent, correctionReason, isoDate, optionalText, requiredText, uuid } from "./common";
import { confirmationsField, tokenOf } from "./confirmations";

/** The confirmation a category change needs while a course is in progress. */
export const CATEGORY_CHANGE_WARNING = "CATEGORY_CHANGE_DURING_COURSE" as const;

/** A form's name for each of the two methods (lib/domain/pregnancy/contraception-methods.ts). */
export const TWO_METHODS_FIELDS = { first: "firstMethod", second: "secondMethod" } as const;

/** One method from the list; the empty "Choose…" reads as not chosen. */
const contraceptionForm = z.preprocess((v) => (v === "" ? undefined : v), z.enum(ContraceptionForm, { error: "Choose a method from the list." }).optional());

/**
 * Forms of the patient page's pregnancy-prevention panel. Two methods: two different forms from the list,
 * never free text (the rule is twoMethodsProblem). Committed abstinence names none: methods chosen and then
 * left when abstinence was chosen are not kept.
 */
export const contraceptionSchema = z
  .object({
    patientId: uuid,
    method: z.enum(ContraceptionMethod, { error: "Choose two methods or committed abstinence." }),
    firstMethod: contraceptionForm,
    secondMethod: contraceptionForm,
    startDate: isoDate,
  })
  .transform((v, ctx) => {
    const firstMethod = v.method === "TWO_METHODS" ? (v.firstMethod ?? null) : null;
    const secondMethod = v.method === "TWO_METHODS" ? (v.secondMethod ?? null) : null;
    const problem = v.method === "TWO_METHODS" ? twoMethodsProblem(firstMethod, secondMethod) : null;
    if (problem) {
      ctx.addIssue({ code: "custom", path: [TWO_METHODS_FIELDS[problem.which]], message: problem.message });
      return z.NEVER;
    }
    return { ...v, firstMethod, secondMethod };
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

/**
 * The contraception record the prescriber confirmed with the patient at this counseling (a checkbox whose
 * value is the record's id; unticked, absent: nothing confirmed).
 */
export const confirmedContraceptionId = blankAsAbsent(uuid);

export const counselingSchema = z.object({ patientId: uuid, counseledOn: isoDate, confirmationNumber, confirmedContraceptionId });

export const decisionSchema = z.object({
  patientId: uuid,
  labResultId: uuid,
  // The form starts on "Choose…": a decision left unchosen is refused, never taken as a false positive.
  outcome: z.enum(PregnancyDecisionOutcome, { error: "Choose the decision: a false positive or a confirmed pregnancy." }),
  reason: requiredText("the reason for the decision", 1000),
});

export const categorySchema = z.object({
  patientId: uuid,
  category: z.enum(PregnancyCategory, { error: "Choose the category." }),
  reason: requiredText("the reason for the change", 500),
  ack: confirmationsField(tokenOf([CATEGORY_CHANGE_WARNING]), 1),
});

/** A follow-up after a confirmed pregnancy, done on a day, with a short note if wanted. */
export const followUpSchema = z.object({
  patientId: uuid,
  decisionId: uuid,
  kind: z.enum(PregnancyFollowUpKind, { error: "Choose the follow-up that was done." }),
  doneOn: isoDate,
  note: blankAsAbsent(optionalText(500)),
});

/** A contraception, counseling or follow-up record entered in error: voided with a reason, kept in the history. */
export const voidPregnancyRecordSchema = z.object({ patientId: uuid, recordId: uuid, reason: correctionReason });
