"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { correctLabResult } from "@/lib/data/correct-records";
import { correctWeight } from "@/lib/data/correct-weight";
import { weightCorrectionSchema } from "@/lib/validation/course";
import { labCorrectionSchema } from "@/lib/validation/lab";

const DONE = { voided: "Entry marked as entered in error.", corrected: "Entry corrected; the original stays in the history." };

/** Voids a lab result entered in error, or corrects it with a new value (a pregnancy test: dermatologists only). */
export const correctLabResultAction = defineAction({
  permission: "labs.write",
  schema: labCorrectionSchema,
  revalidate: ["/patients/[patientId]", "/dashboard", "/monitoring"],
  run: async (input, { user }) => DONE[await correctLabResult(user, input, clinicToday())],
});

/** Voids a weight entered in error, or corrects it; mg/kg is recomputed with the remaining weights. */
export const correctWeightAction = defineAction({
  permission: "weights.write",
  schema: weightCorrectionSchema,
  revalidate: ["/patients/[patientId]", "/dashboard"],
  run: async (input, { user }) => DONE[await correctWeight(user, input, clinicToday())],
});
