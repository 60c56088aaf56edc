"use server";

import { defineAction } from "@/lib/actions/client";
import { addCatalogueTest, setCatalogueTestActive } from "@/lib/data/catalogue";
import { catalogueTestSchema, catalogueToggleSchema } from "@/lib/validation/lab";

const AFFECTED = ["/lab-catalogue", "/patients/[patientId]"];

export const addCatalogueTestAction = defineAction({
  permission: "catalogue.manage",
  schema: catalogueTestSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    await addCatalogueTest(user, input);
    return "Test added to the catalogue.";
  },
});

export const setCatalogueTestActiveAction = defineAction({
  permission: "catalogue.manage",
  schema: catalogueToggleSchema,
  revalidate: AFFECTED,
  run: async (input, { user }) => {
    return setCatalogueTestActive(user, input.labTestId, input.active);
  },
});
