"use client";

import { useActionState } from "react";
import { confirmSubmit } from "@/components/confirm-submit";
import { Field, FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
import type { TokenRequest } from "@/lib/data/token-decisions";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import type { TokenKind } from "@/lib/validation/token-approval";
import { approveTokenAction, declineTokenAction } from "./token-actions";

/** A form whose token leaves the list once it succeeds: its answer, which names the token, stays where the token was (FiledList). */
function useDecidingAction(action: (state: ActionState, data: FormData) => Promise<ActionState>, credentialId: string) {
  const [form, leaving] = useLeavingAction(action, useLeaveAnswer(credentialId));
  return [form, useActionState(leaving, IDLE)] as const;
}

/** What the dermatologist confirms before a token is issued to them: it is theirs to hand over, and shown once. */
function approvalQuestion(name: string, request: TokenRequest): string {
  const first =
    request === "APPROVAL"
      ? `Approve ${name}? Its token is issued now`
      : `Issue a new token for ${name}? The token it has stops working at once, and the new one is issued now`;
  return `${first} and shown once, to you only: copy it and give it to the people who run ${name} yourself, not through an administrator.`;
}

/**
 * Approve (or issue the new token), after a confirmation, or decline with a reason, what waits for a
 * dermatologist. Either way it leaves the list with these forms; each control names it, as each has its own.
 */
export function TokenApprovalForms({
  kind,
  credentialId,
  name,
  request,
  requestedAt,
}: {
  kind: TokenKind;
  credentialId: string;
  name: string;
  request: TokenRequest;
  /** When the request shown was asked for (ISO): the decision is of that request alone (lib/data/token-decisions.ts). */
  requestedAt: string;
}) {
  const [approveRef, [approveState, approve]] = useDecidingAction(approveTokenAction, credentialId);
  const [declineRef, [declineState, decline]] = useDecidingAction(declineTokenAction, credentialId);
  const slug = credentialId.slice(0, 8);
  const [approveLabel, declineLabel] = request === "APPROVAL" ? ["Approve", "Decline"] : ["Issue new token", "Decline new token"];
  return (
    <div className="mt-2 grid gap-3 md:grid-cols-2">
      <form
        ref={approveRef}
        action={approve}
        onSubmit={confirmSubmit(approvalQuestion(name, request))}
        className="space-y-1"
        noValidate
        aria-label={`${approveLabel} ${name}`}
      >
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="credentialId" value={credentialId} />
        <input type="hidden" name="requestedAt" value={requestedAt} />
        <FormMessage state={approveState} />
        <SubmitButton label={`${approveLabel} ${name}`}>{approveLabel}</SubmitButton>
      </form>
      <form ref={declineRef} action={decline} className="space-y-1" noValidate aria-label={`${declineLabel} ${name}`}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="credentialId" value={credentialId} />
        <input type="hidden" name="requestedAt" value={requestedAt} />
        <Field
          id={`decline-reason-${slug}`}
          name="reason"
          label="Reason for declining"
          aria-label={`Reason for declining ${name}`}
          placeholder={request === "APPROVAL" ? "Not a system this clinic uses" : "Not asked for by the system's staff"}
          state={declineState}
        />
        <FormMessage state={declineState} />
        <SubmitButton className="btn-danger" label={`${declineLabel} ${name}`}>
          {declineLabel}
        </SubmitButton>
      </form>
    </div>
  );
}
