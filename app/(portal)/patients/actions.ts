"use server";

import { z } from "zod";
import { defineAction, redirectTo } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { createPatient, updatePatient } from "@/lib/data/patients";
import { savedSearchId } from "@/lib/data/saved-searches";
import { patientSchemaAsOf, patientUpdateSchema } from "@/lib/validation/patient";
import { SEARCH_PARAM, searchTerm } from "@/lib/validation/search";

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

/** The patient list's search: the term is kept as a saved search, and the list's address names only its id. */
export const searchPatientsAction = defineAction({
  permission: "patients.read",
  schema: z.object({ q: searchTerm }),
  run: async ({ q }, { user }) => {
    const search = await savedSearchId(user, q);
    return redirectTo(search ? `/patients?${SEARCH_PARAM}=${search}` : "/patients");
  },
});
