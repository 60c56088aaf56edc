"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { RevealedSecret } from "@/components/reveal";
import { RevokeCredentialForm } from "@/components/revoke-credential-form";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { IDLE } from "@/lib/validation/action-result";
import { API_CLIENT_ROLES } from "@/lib/validation/api-client";
import { createApiClientAction, revokeApiClientAction } from "./actions";

const roleOptions = [{ value: "", label: "Choose…" }, ...API_CLIENT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];

export function CreateApiClientForm() {
  const [state, action] = useActionState(createApiClientAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">New API client</h2>
      <Field name="name" label="Name" state={state} hint="The system that will call the API, e.g. “Regional HIE”." />
      <SelectField name="role" label="Sees what this role sees" state={state} options={roleOptions} defaultValue="" />
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        {state.status === "ok" && state.reveal ? <RevealedSecret reveal={state.reveal} /> : null}
        <SubmitButton>Create API client</SubmitButton>
      </div>
    </form>
  );
}

/** The row's Revoke, or once it is revoked the answer it left, within the list's LeftAnswers. */
export function RevokeApiClientForm({ clientId, name, revoked }: { clientId: string; name: string; revoked: boolean }) {
  return <RevokeCredentialForm revoke={revokeApiClientAction} field="clientId" id={clientId} name={name} revoked={revoked} />;
}
