"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { RequestTokenForm, RevokeCredentialForm } from "@/components/credential-row-forms";
import { IDLE } from "@/lib/validation/action-result";
import { createLabInterfaceAction, requestLabInterfaceTokenAction, revokeLabInterfaceAction } from "./actions";

/** Creates an interface without a token: the dermatologist who approves it is shown its token. */
export function CreateLabInterfaceForm() {
  const [state, action] = useActionState(createLabInterfaceAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">New lab interface</h2>
      <Field name="name" label="Name" state={state} hint="The laboratory system that will send results, e.g. “Regional Lab results feed”." />
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        <SubmitButton>Create lab interface</SubmitButton>
      </div>
    </form>
  );
}

/** The row's forms, within the list's LeftAnswers: Ask for a new token (for an approved interface) and Revoke, or the answers they left. */
export function LabInterfaceRowForms({ interfaceId, name, revoked, canAsk }: { interfaceId: string; name: string; revoked: boolean; canAsk: boolean }) {
  return (
    <div className="space-y-1">
      <RequestTokenForm request={requestLabInterfaceTokenAction} field="interfaceId" id={interfaceId} name={name} asked={revoked || !canAsk} />
      <RevokeCredentialForm revoke={revokeLabInterfaceAction} field="interfaceId" id={interfaceId} name={name} revoked={revoked} />
    </div>
  );
}
