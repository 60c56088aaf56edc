"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { toOptions } from "@/lib/labels";
import { IDLE } from "@/lib/validation/action-result";
import { changeRoleAction, createUserAction, setDisabledAction } from "./actions";

const roleOptions = toOptions(ROLE_LABELS);

export function CreateUserForm() {
  const [state, action] = useActionState(createUserAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">New account</h2>
      <Field name="name" label="Name" state={state} />
      <Field name="email" label="Email" type="email" state={state} />
      <SelectField name="role" label="Role" state={state} options={[{ value: "", label: "Choose…" }, ...roleOptions]} defaultValue="" />
      <Field name="password" label="Initial password" type="password" autoComplete="new-password" state={state} hint="At least 12 characters." />
      <div className="sm:col-span-2">
        <FormMessage state={state} />
        <SubmitButton>Create account</SubmitButton>
      </div>
    </form>
  );
}

export function UserRowActions({ userId, role, disabled, name }: { userId: string; role: string; disabled: boolean; name: string }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, IDLE);
  const [disState, disAction] = useActionState(setDisabledAction, IDLE);
  return (
    <div className="flex flex-wrap items-start gap-2">
      <form action={roleAction} className="flex items-center gap-2">
        <input type="hidden" name="userId" value={userId} />
        <label className="sr-only" htmlFor={`role-${userId}`}>
          Role for {name}
        </label>
        <select id={`role-${userId}`} name="role" defaultValue={role} className="input w-40">
          {roleOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <SubmitButton className="btn-secondary">Change role</SubmitButton>
      </form>
      <form action={disAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <SubmitButton className={disabled ? "btn-secondary" : "btn-danger"}>{disabled ? "Enable" : "Disable"}</SubmitButton>
      </form>
      <div className="w-full">
        <FormMessage state={roleState.status !== "idle" ? roleState : disState} />
      </div>
    </div>
  );
}
