"use server";

import { defineAction, redirectTo } from "@/lib/actions/client";
import { savedSearchId } from "@/lib/data/saved-searches";
import { sealChainReport, verifyAuditChain } from "@/lib/data/audit-verify";
import { actionFilterFor } from "@/lib/data/audit-action-groups";
import { auditSearchSchema } from "@/lib/validation/audit";
import { listHref } from "@/lib/validation/sort";

/**
 * The audit trail's filters: the patient term is kept as a saved search; the address names its id, the days,
 * the user, the action (an action the role reads only as its group's label is named as that group) and the kind of
 * a patient's report shown. "Verify hash chain" posts the same form with `verify`: the verification runs here, in the
 * POST (it reads the whole trail and may append a checkpoint), never from an address. The page is given its
 * result sealed for this administrator (lib/data/audit-verify.ts), which it shows for a few minutes; a link
 * or a reload shows that result again and runs nothing.
 */
export const searchAuditTrailAction = defineAction({
  permission: "audit.read",
  schema: auditSearchSchema,
  run: async ({ patient, from, to, actor, action, kind, verify }, { user }) => {
    const search = await savedSearchId(user, patient);
    const chain = verify ? sealChainReport(await verifyAuditChain(), user.id) : undefined;
    return redirectTo(listHref("/admin/audit", { from, to, actor, action: actionFilterFor(user.role, action), kind, search, chain }));
  },
});
