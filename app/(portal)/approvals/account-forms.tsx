"use client";

import { useActionState } from "react";
import { confirmSubmit } from "@/components/confirm-submit";
import { FormMessage, SubmitButton } from "@/components/form";
import { RevealedLink } from "@/components/reveal";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { IDLE } from "@/lib/validation/action-result";
import { giveSetupLinkAction } from "./account-actions";

/**
 * Makes the account's setup link (a new one replaces one given before) and shows it once, after the dermatologist
 * confirms that it gives this person this role's access and is theirs to hand over. The form sends the role it
 * showed: no link is given once the account has another.
 */
export function GiveSetupLinkForm({ userId, name, role, again }: { userId: string; name: string; role: Role; again: boolean }) {
  const ask =
    `${again ? "Make a new setup link" : "Give a setup link"} for ${name}, ${ROLE_LABELS[role]}? Whoever holds it sets the account's password and sees patient ` +
    `data in that role. It is shown once, to you: hand it to ${name} yourself.${again ? " The link given before stops working." : ""}`;
  const [state, action] = useActionState(giveSetupLinkAction, IDLE);
  return (
    <form action={action} className="space-y-2" aria-label={`Setup link for ${name}`} onSubmit={confirmSubmit(ask)}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={role} />
      <SubmitButton className="btn-secondary">{again ? "Make a new setup link" : "Give setup link"}</SubmitButton>
      <FormMessage state={state} />
      {state.status === "ok" && state.reveal ? <RevealedLink reveal={state.reveal} /> : null}
    </form>
  );
}
