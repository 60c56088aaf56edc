"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { correctLabResult } from "@/lib/data/correct-records";
import { correctWeight } from "@/lib/data/correct-weight";
import { repeatsAfterCorrectionText } from "@/lib/domain/monitoring/repeat";
import { weightCorrectionSchema } from "@/lib/validation/course";
import { labCorrectionSchema } from "@/lib/validation/lab";

const DONE = { voided: "Entry marked as entered in error.", corrected: "Entry corrected; the original stays in the history." };

/**
 * Voids a lab result entered in error, or corrects it with a new value (a pregnancy test: dermatologists only).
 * The answer says what became of the repeat test asked for at the result's review: still listed when the
 * corrected result is still abnormal, no longer listed when it is normal or when the result is voided (and no
 * copy of it takes its place).
 */
export const correctLabResultAction = defineAction({
  permission: "labs.write",
  schema: labCorrectionSchema,
  revalidate: ["/patients/[patientId]", "/dashboard", "/monitoring"],
  run: async (input, { user }) => {
    const { kind, repeats } = await correctLabResult(user, input, clinicToday());
    return [DONE[kind], ...repeatsAfterCorrectionText(repeats, kind)].join(" ");
  },
});

/** Voids a weight entered in error, or corrects it; mg/kg is recomputed with the remaining weights. */
export const correctWeightAction = defineAction({
  permission: "weights.write",
  schema: weightCorrectionSchema,
  revalidate: ["/patients/[patientId]", "/dashboard"],
  run: async (input, { user }) => DONE[await correctWeight(user, input, clinicToday())],
});
