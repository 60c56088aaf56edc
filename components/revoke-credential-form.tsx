"use client";

import { useActionState } from "react";
import { SubmitButton } from "@/components/form";
import { confirmSubmit } from "@/components/confirm-submit";
import { IDLE, type ActionState } from "@/lib/validation/action-result";

/** Revokes a system credential (an API client, a lab interface) after asking: its token stops working at once. */
export function RevokeCredentialForm({
  revoke,
  field,
  id,
  name,
}: {
  revoke: (previous: ActionState, form: FormData) => Promise<ActionState>;
  /** The form field the action reads the credential's id from. */
  field: string;
  id: string;
  name: string;
}) {
  const [state, action] = useActionState(revoke, IDLE);
  return (
    <form action={action} onSubmit={confirmSubmit(`Revoke ${name}? Its token stops working at once and cannot be restored.`)} aria-label={`Revoke ${name}`}>
      <input type="hidden" name={field} value={id} />
      <SubmitButton className="btn-danger text-xs">Revoke</SubmitButton>
      <span aria-live="polite" className="ml-2 text-xs text-slate-600">
        {state.status === "error" ? state.message : ""}
      </span>
    </form>
  );
}
