"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { unlockSignInAction } from "./unlock-actions";

export function UnlockSignInForm({ userId, name }: { userId: string; name: string }) {
  const [state, action] = useActionState(unlockSignInAction, IDLE);
  return (
    <form action={action} className="mt-1 flex items-center gap-2" aria-label={`Unlock sign-in for ${name}`}>
      <input type="hidden" name="userId" value={userId} />
      <SubmitButton className="btn-secondary text-xs">Unlock sign-in</SubmitButton>
      <span aria-live="polite" className="text-xs text-slate-600">
        {state.status === "ok" || state.status === "error" ? state.message : ""}
      </span>
    </form>
  );
}
