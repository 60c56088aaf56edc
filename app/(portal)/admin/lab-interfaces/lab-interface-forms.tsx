"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { RevealedSecret } from "@/components/reveal";
import { RevokeCredentialForm } from "@/components/revoke-credential-form";
import { IDLE } from "@/lib/validation/action-result";
import { createLabInterfaceAction, revokeLabInterfaceAction } from "./actions";

export function CreateLabInterfaceForm() {
  const [state, action] = useActionState(createLabInterfaceAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">New lab interface</h2>
      <Field name="name" label="Name" state={state} hint="The laboratory system that will send results, e.g. “Regional Lab results feed”." />
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        {state.status === "ok" && state.reveal ? <RevealedSecret reveal={state.reveal} /> : null}
        <SubmitButton>Create lab interface</SubmitButton>
      </div>
    </form>
  );
}

/** The row's Revoke, or once it is revoked the answer it left, within the list's LeftAnswers. */
export function RevokeLabInterfaceForm({ interfaceId, name, revoked }: { interfaceId: string; name: string; revoked: boolean }) {
  return <RevokeCredentialForm revoke={revokeLabInterfaceAction} field="interfaceId" id={interfaceId} name={name} revoked={revoked} />;
}
