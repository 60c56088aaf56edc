"use server";

import { defineAction } from "@/lib/actions/client";
import { clinicToday } from "@/lib/clinic";
import { saveClinicConfig } from "@/lib/data/settings";
import { CONFIG_KIND_NAMES } from "@/lib/admin-labels";
import { formatDate } from "@/lib/format";
import { settingsFormSchema } from "@/lib/validation/settings";

export const saveClinicSettingsAction = defineAction({
  permission: "settings.manage",
  schema: settingsFormSchema,
  revalidate: ["/settings", "/dashboard", "/monitoring", "/patients/[patientId]"],
  run: async (input, { user }) => {
    const today = clinicToday();
    await saveClinicConfig(user, input, today);
    const when = input.effectiveFrom === today ? "in force from today" : `taking effect on ${formatDate(input.effectiveFrom)}`;
    return `New ${CONFIG_KIND_NAMES[input.kind]} saved, ${when}.`;
  },
});
