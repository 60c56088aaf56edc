"use server";

import { defineAction, redirectTo } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { createPatient, updatePatient } from "@/lib/data/patients";
import { patientSchemaAsOf, patientUpdateSchema } from "@/lib/validation/patient";

export const createPatientAction = defineAction({
  permission: "patients.write",
  schema: () => patientSchemaAsOf(clinicToday()),
  revalidate: ["/patients"],
  run: async (input, { user }) => redirectTo(`/patients/${await createPatient(user, input)}`),
});

export const updatePatientAction = defineAction({
  permission: "patients.write",
  schema: () => patientUpdateSchema(clinicToday()),
  revalidate: (input) => [`/patients/${input.patientId}`],
  run: async ({ patientId, version, ...input }, { user }) => {
    await updatePatient(user, patientId, version, input);
    return redirectTo(`/patients/${patientId}`);
  },
});
