"use server";

import { defineAction, redirectTo } from "@/lib/actions/client";
import { savedSearchId } from "@/lib/data/saved-searches";
import { auditSearchSchema } from "@/lib/validation/audit";
import { listHref } from "@/lib/validation/sort";

/** The audit trail's filters: the patient term is kept as a saved search; the address names its id, the days and the user. */
export const searchAuditTrailAction = defineAction({
  permission: "audit.read",
  schema: auditSearchSchema,
  run: async ({ patient, from, to, actor, verify }, { user }) =>
    redirectTo(listHref("/admin/audit", { from, to, actor, search: await savedSearchId(user, patient), verify })),
});
