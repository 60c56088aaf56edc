"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/components/form";
import { RevealedLink } from "@/components/reveal";
import { IDLE } from "@/lib/validation/action-result";
import { giveSetupLinkAction } from "./account-actions";

/** Makes the account's setup link (a new one replaces one given before) and shows it once. */
export function GiveSetupLinkForm({ userId, name, again }: { userId: string; name: string; again: boolean }) {
  const [state, action] = useActionState(giveSetupLinkAction, IDLE);
  return (
    <form
      action={action}
      className="space-y-2"
      aria-label={`Setup link for ${name}`}
      onSubmit={(event) => {
        if (again && !window.confirm(`Make a new setup link for ${name}? The link given before stops working.`)) event.preventDefault();
      }}
    >
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton className="btn-secondary">{again ? "Make a new setup link" : "Give setup link"}</SubmitButton>
      <FormMessage state={state} />
      {state.status === "ok" && state.reveal ? <RevealedLink reveal={state.reveal} /> : null}
    </form>
  );
}
