"use server";

import { defineAction } from "@/lib/actions/client";
import { approveToken, declineToken } from "@/lib/data/token-approvals";
import { tokenApprovalSchema, tokenDeclineSchema } from "@/lib/validation/token-approval";

/** The pages that show a token's approval: the dermatologist's list and the administrator's. */
const TOKEN_PAGES = ["/approvals", "/admin/api-clients", "/admin/lab-interfaces"];

/** A dermatologist approves a token an administrator created: it works from its next call on. */
export const approveTokenAction = defineAction({
  permission: "access.approve",
  schema: tokenApprovalSchema,
  revalidate: TOKEN_PAGES,
  run: async (input, { user }) => {
    const { name } = await approveToken(user, { kind: input.kind, id: input.credentialId });
    return `${name} approved. Its token works from its next call on.`;
  },
});

/** A dermatologist declines a waiting token: it is revoked for good, the reason recorded. */
export const declineTokenAction = defineAction({
  permission: "access.approve",
  schema: tokenDeclineSchema,
  revalidate: TOKEN_PAGES,
  run: async (input, { user }) => {
    const { name } = await declineToken(user, { kind: input.kind, id: input.credentialId, reason: input.reason });
    return `${name} declined. Its token is revoked and will never work.`;
  },
});
