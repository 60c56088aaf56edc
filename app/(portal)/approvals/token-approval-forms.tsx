"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import type { TokenKind } from "@/lib/validation/token-approval";
import { approveTokenAction, declineTokenAction } from "./token-actions";

/** Approve, or decline with a reason, one token waiting for a dermatologist. */
export function TokenApprovalForms({ kind, credentialId, name }: { kind: TokenKind; credentialId: string; name: string }) {
  const [approveState, approve] = useActionState(approveTokenAction, IDLE);
  const [declineState, decline] = useActionState(declineTokenAction, IDLE);
  const slug = credentialId.slice(0, 8);
  return (
    <div className="mt-2 grid gap-3 md:grid-cols-2">
      <form action={approve} className="space-y-1" noValidate aria-label={`Approve ${name}`}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="credentialId" value={credentialId} />
        <FormMessage state={approveState} />
        <SubmitButton>Approve</SubmitButton>
      </form>
      <form action={decline} className="space-y-1" noValidate aria-label={`Decline ${name}`}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="credentialId" value={credentialId} />
        <Field id={`decline-reason-${slug}`} name="reason" label="Reason for declining" placeholder="Not a system this clinic uses" state={declineState} />
        <FormMessage state={declineState} />
        <SubmitButton className="btn-danger">Decline</SubmitButton>
      </form>
    </div>
  );
}
