"use server";

import { defineAction } from "@/lib/actions/client";
import { approveToken, declineToken } from "@/lib/data/token-decisions";
import { tokenApprovalSchema, tokenDeclineSchema } from "@/lib/validation/token-approval";

/** The pages that show a token's approval: the dermatologist's list and the administrator's. */
const TOKEN_PAGES = ["/approvals", "/admin/api-clients", "/admin/lab-interfaces"];

const handOver = (name: string) =>
  `Give this token to the people who run ${name} yourself, not through an administrator: it is shown this once, to you only, and cannot be shown again. ` +
  "The system sends it as 'Authorization: Bearer <token>'.";

/**
 * A dermatologist approves a client or interface an administrator created, or a new token one asked for: its token
 * is issued and shown once, to this dermatologist alone, who hands it to the system. The form names the request the
 * page showed (when it was asked for): one asked for since is refused, not issued.
 */
export const approveTokenAction = defineAction({
  permission: "access.approve",
  schema: tokenApprovalSchema,
  revalidate: TOKEN_PAGES,
  run: async (input, { user }) => {
    const { name, token, request } = await approveToken(user, { kind: input.kind, id: input.credentialId, requestedAt: input.requestedAt });
    return {
      status: "ok",
      message:
        request === "APPROVAL"
          ? `${name} approved. Its token, below, works from its first call.`
          : `New token for ${name} issued. The token it had stops working now; the new one, below, works from its first call.`,
      reveal: { label: handOver(name), values: [token] },
    };
  },
});

/** A dermatologist declines what waits: a new client or interface is revoked for good, a new token is not issued; the reason recorded. */
export const declineTokenAction = defineAction({
  permission: "access.approve",
  schema: tokenDeclineSchema,
  revalidate: TOKEN_PAGES,
  run: async (input, { user }) => {
    const { name, request } = await declineToken(user, { kind: input.kind, id: input.credentialId, requestedAt: input.requestedAt, reason: input.reason });
    return request === "APPROVAL"
      ? `${name} declined. It is revoked, and no token will ever be issued for it.`
      : `New token for ${name} declined. None was issued; the token it had is unchanged.`;
  },
});
