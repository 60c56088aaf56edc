"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import type { TokenKind } from "@/lib/validation/token-approval";
import { approveTokenAction, declineTokenAction } from "./token-actions";

/** A form whose token leaves the list once it succeeds: its answer, which names the token, stays where the token was (FiledList). */
function useDecidingAction(action: (state: ActionState, data: FormData) => Promise<ActionState>, credentialId: string) {
  const [form, leaving] = useLeavingAction(action, useLeaveAnswer(credentialId));
  return [form, useActionState(leaving, IDLE)] as const;
}

/**
 * Approve, or decline with a reason, one token waiting for a dermatologist. Either way the token leaves the
 * list with these forms; each control names the token, as every waiting token has its own.
 */
export function TokenApprovalForms({ kind, credentialId, name }: { kind: TokenKind; credentialId: string; name: string }) {
  const [approveRef, [approveState, approve]] = useDecidingAction(approveTokenAction, credentialId);
  const [declineRef, [declineState, decline]] = useDecidingAction(declineTokenAction, credentialId);
  const slug = credentialId.slice(0, 8);
  return (
    <div className="mt-2 grid gap-3 md:grid-cols-2">
      <form ref={approveRef} action={approve} className="space-y-1" noValidate aria-label={`Approve ${name}`}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="credentialId" value={credentialId} />
        <FormMessage state={approveState} />
        <SubmitButton label={`Approve ${name}`}>Approve</SubmitButton>
      </form>
      <form ref={declineRef} action={decline} className="space-y-1" noValidate aria-label={`Decline ${name}`}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="credentialId" value={credentialId} />
        <Field
          id={`decline-reason-${slug}`}
          name="reason"
          label="Reason for declining"
          aria-label={`Reason for declining ${name}`}
          placeholder="Not a system this clinic uses"
          state={declineState}
        />
        <FormMessage state={declineState} />
        <SubmitButton className="btn-danger" label={`Decline ${name}`}>
          Decline
        </SubmitButton>
      </form>
    </div>
  );
}
