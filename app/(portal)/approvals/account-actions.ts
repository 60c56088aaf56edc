"use server";

import { defineAction } from "@/lib/actions/client";
import { giveSetupLink } from "@/lib/data/account-approvals";
import { SETUP_LINK_NOTE, setupPath } from "@/lib/data/setup-links";
import { giveSetupLinkSchema } from "@/lib/validation/user";

const LINK_NOTE = `${SETUP_LINK_NOTE} A new link replaces this one.`;

/**
 * A dermatologist gives the setup link of an account that sees patient data, for the role the page showed; shown
 * once, to the dermatologist alone.
 */
export const giveSetupLinkAction = defineAction({
  permission: "access.approve",
  schema: giveSetupLinkSchema,
  revalidate: ["/approvals", "/admin/users"],
  run: async (input, { user }) => {
    const token = await giveSetupLink(user, input.userId, input.role);
    return { status: "ok", message: "Setup link made.", reveal: { label: LINK_NOTE, values: [setupPath(token)] } };
  },
});
