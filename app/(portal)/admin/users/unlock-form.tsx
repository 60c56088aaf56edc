"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { unlockSignInAction } from "./unlock-actions";

/**
 * The form stays on the page once sent: its answer is its own message (FormMessage), which takes the focus
 * the button dropped while it was saving, as every form that stays does.
 */
export function UnlockSignInForm({ userId, name }: { userId: string; name: string }) {
  const [state, action] = useActionState(unlockSignInAction, IDLE);
  return (
    <form action={action} className="mt-1 flex flex-wrap items-center gap-2" aria-label={`Unlock sign-in for ${name}`}>
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton className="btn-secondary text-xs">Unlock sign-in</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
