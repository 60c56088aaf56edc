"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { changePregnancyCategory, recordContraception, recordCounseling, recordPregnancyDecision } from "@/lib/data/pregnancy-records";
import { categorySchema, contraceptionSchema, counselingSchema, decisionSchema } from "@/lib/validation/pregnancy";

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
  run: async ({ ack, ...input }, { user }) => {
    await changePregnancyCategory(user, { ...input, confirmed: ack.length > 0 }, clinicToday());
    return "Pregnancy category changed.";
  },
});
