import { approveTokenAction } from "@/app/(portal)/approvals/token-actions";
import { IDLE } from "@/lib/validation/action-result";
import type { TokenKind } from "@/lib/validation/token-approval";
import { actAs, form, makeUser } from "./helpers";

/**
 * Approves a token an administrator created, as a dermatologist of its own through the dermatologist's
 * action (the two-person rule), then acts as `restore` again. Returns the dermatologist.
 */
export async function approveAsDermatologist(kind: TokenKind, credentialId: string, restore: { id: string } | null) {
  const dermatologist = await makeUser("DERMATOLOGIST");
  actAs(dermatologist);
  const state = await approveTokenAction(IDLE, form({ kind, credentialId }));
  actAs(restore);
  if (state.status !== "ok") throw new Error(`token not approved: ${JSON.stringify(state)}`);
  return dermatologist;
}
