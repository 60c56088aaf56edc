"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { confirmSubmit } from "@/components/confirm-submit";
import { LeftAnswerHere, useLeaveAnswer } from "@/components/left-answer";
import { IDLE, type ActionState } from "@/lib/validation/action-result";

/**
 * Revokes a system credential (an API client, a lab interface) after asking: its token stops working at once.
 * Its row stays, revoked, without the form: within the list's LeftAnswers, the answer, naming the credential,
 * stays in its place with the focus (useLeavingAction, LeftAnswerHere).
 */
export function RevokeCredentialForm({
  revoke,
  field,
  id,
  name,
  revoked,
}: {
  revoke: (previous: ActionState, form: FormData) => Promise<ActionState>;
  /** The form field the action reads the credential's id from. */
  field: string;
  id: string;
  name: string;
  /** Revoked already: no form, only the answer of its revocation if it was the last sent here. */
  revoked: boolean;
}) {
  const leave = useLeaveAnswer(id);
  const named = leave && ((answer: ActionState) => leave(answer.status === "ok" ? { ...answer, message: `${name}: ${answer.message}` } : answer));
  const [form, leaving] = useLeavingAction(revoke, named);
  const [state, action] = useActionState(leaving, IDLE);
  return (
    <>
      {revoked ? null : (
        <form
          ref={form}
          action={action}
          onSubmit={confirmSubmit(`Revoke ${name}? Its token stops working at once and cannot be restored.`)}
          aria-label={`Revoke ${name}`}
        >
          <input type="hidden" name={field} value={id} />
          <SubmitButton className="btn-danger text-xs" label={`Revoke ${name}`}>
            Revoke
          </SubmitButton>
          {/* A refusal, focused; a success is answered outside the form, which it takes away. */}
          {state.status === "error" ? <FormMessage state={state} /> : null}
        </form>
      )}
      <LeftAnswerHere id={id} />
    </>
  );
}
