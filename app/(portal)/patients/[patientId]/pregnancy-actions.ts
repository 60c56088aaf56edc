"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { recordPregnancyDecision } from "@/lib/data/pregnancy-decision";
import { changePregnancyCategory, recordContraception, recordCounseling } from "@/lib/data/pregnancy-records";
import { recordPregnancyFollowUp } from "@/lib/data/pregnancy-follow-ups";
import { voidContraceptionRecord, voidCounselingRecord, voidPregnancyFollowUp } from "@/lib/data/void-pregnancy-record";
import { categorySchema, contraceptionSchema, counselingSchema, decisionSchema, followUpSchema, voidPregnancyRecordSchema } from "@/lib/validation/pregnancy";

const AFFECTED = ["/patients/[patientId]", "/dashboard", "/monitoring"];

export const recordContraceptionAction = defineAction({
  permission: "pregnancy.record",
  schema: contraceptionSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await recordContraception(user, input, clinicToday());
    return "Contraception recorded.";
  },
});

export const recordCounselingAction = defineAction({
  permission: "pregnancy.decide",
  schema: counselingSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await recordCounseling(user, input, clinicToday());
    return "Counseling recorded.";
  },
});

export const recordPregnancyDecisionAction = defineAction({
  permission: "pregnancy.decide",
  schema: decisionSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await recordPregnancyDecision(user, input, clinicToday());
    return "Decision documented.";
  },
});

/** While a course is in progress the change needs the dermatologist's confirmation of its warning. */
export const changePregnancyCategoryAction = defineAction({
  permission: "pregnancy.decide",
  schema: categorySchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await changePregnancyCategory(user, input, clinicToday());
    return "Pregnancy category changed.";
  },
});

const VOIDED = "Record marked as entered in error; it stays in the history, struck through, and counts for nothing.";

/** Voids a contraception record entered in error; a record it replaced takes back its end. */
export const voidContraceptionAction = defineAction({
  permission: "pregnancy.record",
  schema: voidPregnancyRecordSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    const { givenBack } = await voidContraceptionRecord(user, input);
    return givenBack ? `${VOIDED} The record it had replaced covers its dates again: record the contraception in use if that is not right.` : VOIDED;
  },
});

/** Voids a counseling record entered in error (only the prescriber, as only the prescriber counsels). */
export const voidCounselingAction = defineAction({
  permission: "pregnancy.decide",
  schema: voidPregnancyRecordSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await voidCounselingRecord(user, input);
    return VOIDED;
  },
});

/** A follow-up after a confirmed pregnancy (the referral; under iPLEDGE, the report to the REMS program), done on a day. */
export const recordPregnancyFollowUpAction = defineAction({
  permission: "pregnancy.decide",
  schema: followUpSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await recordPregnancyFollowUp(user, input, clinicToday());
    return "Follow-up recorded.";
  },
});

/** Voids a follow-up recorded in error: its item is open again until it is recorded anew. */
export const voidPregnancyFollowUpAction = defineAction({
  permission: "pregnancy.decide",
  schema: voidPregnancyRecordSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await voidPregnancyFollowUp(user, input);
    return `${VOIDED} The follow-up is due again until it is recorded.`;
  },
});
