"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { RequestTokenForm, RevokeCredentialForm } from "@/components/credential-row-forms";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { IDLE } from "@/lib/validation/action-result";
import { API_CLIENT_ROLES } from "@/lib/validation/api-client";
import { createApiClientAction, requestApiClientTokenAction, revokeApiClientAction } from "./actions";

const roleOptions = [{ value: "", label: "Choose…" }, ...API_CLIENT_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))];

/** Creates a client without a token: the dermatologist who approves it is shown its token. */
export function CreateApiClientForm() {
  const [state, action] = useActionState(createApiClientAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">New API client</h2>
      <Field name="name" label="Name" state={state} hint="The system that will call the API, e.g. “Regional HIE”." />
      <SelectField name="role" label="Sees what this role sees" state={state} options={roleOptions} defaultValue="" />
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        <SubmitButton>Create API client</SubmitButton>
      </div>
    </form>
  );
}

/** The row's forms, within the list's LeftAnswers: Ask for a new token (for an approved client) and Revoke, or the answers they left. */
export function ApiClientRowForms({ clientId, name, revoked, canAsk }: { clientId: string; name: string; revoked: boolean; canAsk: boolean }) {
  return (
    <div className="space-y-1">
      <RequestTokenForm request={requestApiClientTokenAction} field="clientId" id={clientId} name={name} asked={revoked || !canAsk} />
      <RevokeCredentialForm revoke={revokeApiClientAction} field="clientId" id={clientId} name={name} revoked={revoked} />
    </div>
  );
}
