"use server";

import { defineAction } from "@/lib/actions/client";
import { setMfaRequiredRoles } from "@/lib/data/security-policy";
import { mfaPolicySchema } from "@/lib/validation/user";

/** Which roles must sign in with a second factor (audited; users without one are sent to set it up). */
export const saveMfaPolicyAction = defineAction({
  permission: "users.manage",
  schema: mfaPolicySchema,
  revalidate: ["/admin/users"],
  run: async (input, { user }) => {
    const { sessionsHeld: n } = await setMfaRequiredRoles(user, input.roles);
    if (!n) return "Saved.";
    return `Saved. ${n === 1 ? "1 open session now waits" : `${n} open sessions now wait`} for a second factor to be set up.`;
  },
});
