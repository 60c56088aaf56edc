"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { confirmSubmit } from "@/components/confirm-submit";
import { LeftAnswerHere, useLeaveAnswer } from "@/components/left-answer";
import { IDLE, type ActionState } from "@/lib/validation/action-result";

type Action = (previous: ActionState, form: FormData) => Promise<ActionState>;

interface RowFormProps {
  action: Action;
  /** The form field the action reads the credential's id from. */
  field: string;
  id: string;
  name: string;
  /** Done already (revoked; a new token asked for): no form, only the answer it left if it was the last sent here. */
  done: boolean;
}

/**
 * A form of a system credential's row (an API client, a lab interface) that asks first and, once it succeeds,
 * goes with what it did: within the list's LeftAnswers, the answer, naming the credential, stays in its place
 * with the focus (useLeavingAction, LeftAnswerHere), under `place` (each form of a row its own).
 */
function CredentialRowForm({
  action,
  field,
  id,
  name,
  done,
  place,
  ask,
  button,
  className,
}: RowFormProps & { place: string; ask: string; button: string; className: string }) {
  const leave = useLeaveAnswer(place);
  const named = leave && ((answer: ActionState) => leave(answer.status === "ok" ? { ...answer, message: `${name}: ${answer.message}` } : answer));
  const [form, leaving] = useLeavingAction(action, named);
  const [state, formAction] = useActionState(leaving, IDLE);
  return (
    <>
      {done ? null : (
        <form ref={form} action={formAction} onSubmit={confirmSubmit(ask)} aria-label={`${button} ${name}`}>
          <input type="hidden" name={field} value={id} />
          <SubmitButton className={`${className} text-xs`} label={`${button} ${name}`}>
            {button}
          </SubmitButton>
          {/* A refusal, focused; a success is answered outside the form, which it takes away. */}
          {state.status === "error" ? <FormMessage state={state} /> : null}
        </form>
      )}
      <LeftAnswerHere id={place} />
    </>
  );
}

/** Revokes a system credential after asking: its token stops working at once. Its row stays, revoked, without the form. */
export function RevokeCredentialForm({ revoke, revoked, ...props }: Omit<RowFormProps, "action" | "done"> & { revoke: Action; revoked: boolean }) {
  const ask = `Revoke ${props.name}? Its token stops working at once and cannot be restored.`;
  return <CredentialRowForm {...props} action={revoke} done={revoked} place={props.id} ask={ask} button="Revoke" className="btn-danger" />;
}

/**
 * Asks a dermatologist for a new token for a credential in service, after asking: the dermatologist issues it and
 * hands it to the system; the administrator is never shown it. Gone once asked, until the dermatologist decides.
 */
export function RequestTokenForm({ request, asked, ...props }: Omit<RowFormProps, "action" | "done"> & { request: Action; asked: boolean }) {
  const ask = `Ask a dermatologist for a new token for ${props.name}? The dermatologist is shown it, to hand to the system; its current token works until then, and stops when the new one is issued.`;
  return (
    <CredentialRowForm {...props} action={request} done={asked} place={`${props.id}:token`} ask={ask} button="Ask for a new token" className="btn-secondary" />
  );
}
