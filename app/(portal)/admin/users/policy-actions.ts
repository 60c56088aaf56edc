"use server";

import { defineAction } from "@/lib/actions/client";
import { setMfaRequiredRoles } from "@/lib/data/security-policy";
import { mfaPolicySchema } from "@/lib/validation/user";

/**
 * Which roles must sign in with a second factor (audited; users without one are sent to set it up). Asks first
 * when the saver's own session would wait for one; once saved, the answer leads to setting it up.
 */
export const saveMfaPolicyAction = defineAction({
  permission: "users.manage",
  schema: mfaPolicySchema,
  revalidate: ["/admin/users"],
  run: async (input, { user }) => {
    const { sessionsHeld: n, ownHeld } = await setMfaRequiredRoles(user, input.roles, input.ack);
    if (ownHeld) {
      const others = n - 1;
      const who =
        others > 0 ? `Your own session and ${others === 1 ? "1 other open session" : `${others} other open sessions`} now wait` : "Your own session now waits";
      return {
        status: "ok",
        message: `Saved. ${who} for a second factor: set up two-step sign-in to go on.`,
        next: { href: `/login?next=${encodeURIComponent("/admin/users")}`, label: "Set up two-step sign-in" },
      };
    }
    if (!n) return "Saved.";
    return `Saved. ${n === 1 ? "1 open session now waits" : `${n} open sessions now wait`} for a second factor to be set up.`;
  },
});
