"use server";

import { defineAction, redirectTo } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { formatDate, formatKg } from "@/lib/format";
import { changeDose } from "@/lib/data/change-dose";
import { recordDispensing } from "@/lib/data/record-dispensing";
import { recordMissedDose } from "@/lib/data/record-missed-dose";
import { recordWeight } from "@/lib/data/record-weight";
import { startCourse } from "@/lib/data/start-course";
import { transitionCourse } from "@/lib/data/transition-course";
import { writePrescription } from "@/lib/data/write-prescription";
import {
  courseStatusSchema,
  doseChangeSchema,
  missedDoseSchema,
  prescriptionSchema,
  startCourseSchema,
  toSchedule,
  weightSchema,
} from "@/lib/validation/course";
import { recordDispensingSchema } from "@/lib/validation/dispensing";

const AFFECTED = ["/patients/[patientId]", "/dashboard"];

export const startCourseAction = defineAction({
  permission: "doses.write",
  schema: startCourseSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await startCourse(user, { ...input, schedule: toSchedule(input) }, clinicToday());
    return redirectTo(`/patients/${input.patientId}`);
  },
});

export const changeDoseAction = defineAction({
  permission: "doses.write",
  schema: doseChangeSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await changeDose(user, { ...input, schedule: toSchedule(input) }, clinicToday());
    return input.supersedesId ? "Correction saved." : "Dose change saved.";
  },
});

export const writePrescriptionAction = defineAction({
  permission: "doses.write",
  schema: prescriptionSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    const { regimenChange } = await writePrescription(user, { ...input, schedule: toSchedule(input) }, clinicToday());
    return regimenChange ? `Prescription saved. The dose changes ${regimenChange}.` : "Prescription saved.";
  },
});

export const transitionCourseAction = defineAction({
  permission: "doses.write",
  schema: courseStatusSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await transitionCourse(user, { ...input, ack: input.ack ?? [] });
    return "Course updated.";
  },
});

export const recordMissedDoseAction = defineAction({
  permission: "doses.write",
  schema: missedDoseSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await recordMissedDose(user, input);
    return "Missed dose recorded.";
  },
});

export const recordWeightAction = defineAction({
  permission: "weights.write",
  schema: weightSchema.refine((v) => v.measuredOn <= clinicToday(), { path: ["measuredOn"], message: "The date cannot be in the future." }),
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    // A day that has a weight is asked about first; confirmed, the new weight replaces it (a correction).
    const { replacedGrams } = await recordWeight(user, input, clinicToday());
    const saved = `Weight ${formatKg(input.weightGrams)} recorded for ${formatDate(input.measuredOn)}`;
    return replacedGrams === null ? `${saved}.` : `${saved}, replacing ${formatKg(replacedGrams)}; the original stays in the history.`;
  },
});

/**
 * The day the pharmacy dispensed a prescription, learned after it was written, or its correction with a reason: a
 * dermatologist or a nurse (a fact learned from the pharmacy). Every date recorded stays in the prescription's history.
 */
export const recordDispensingAction = defineAction({
  permission: "dispensing.record",
  schema: recordDispensingSchema,
  // The supply counts from the dispensed date: a renewal item's due date moves with it.
  revalidate: [...AFFECTED, "/monitoring"],
  run: async (input, { user }) => {
    const { dispensedOn, replaced } = await recordDispensing(user, input, clinicToday());
    return replaced === null
      ? `Recorded as dispensed on ${formatDate(dispensedOn)}.`
      : `Dispensed date corrected to ${formatDate(dispensedOn)}; ${formatDate(replaced)}, recorded before, stays in the history.`;
  },
});
