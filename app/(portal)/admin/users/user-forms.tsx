"use client";

import { useActionState } from "react";
import Link from "@/components/link";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { RevealedLink } from "@/components/reveal";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { ROLE_LABELS, ROLES, seesPatientData, type Role } from "@/lib/auth/permissions";
import { toOptions } from "@/lib/labels";
import { IDLE } from "@/lib/validation/action-result";
import { createUserAction } from "./actions";
import { saveMfaPolicyAction } from "./policy-actions";

const roleOptions = toOptions(ROLE_LABELS);

export function CreateUserForm() {
  const [state, action] = useActionState(createUserAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">New account</h2>
      <Field name="name" label="Name" state={state} />
      <Field name="email" label="Email" type="email" state={state} />
      <SelectField name="role" label="Role" state={state} options={[{ value: "", label: "Choose…" }, ...roleOptions]} defaultValue="" />
      <p className="text-sm text-slate-600 sm:col-span-2">
        The new user chooses their own password with a one-time link; you never set or see it. You get the link of a new administrator. A dermatologist gives
        the link of an account that sees patient data (dermatologist, nurse, office staff), under Approvals, as after a password reset or a change to such a
        role.
      </p>
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        {state.status === "ok" && state.reveal ? <RevealedLink reveal={state.reveal} /> : null}
        <SubmitButton>Create account</SubmitButton>
      </div>
    </form>
  );
}

/**
 * The confirmation a role change asks, naming what it ends (lib/data/users.ts, changeRole): the sessions
 * of an account that is not disabled; its password and second factor when the new role sees patient data;
 * the setup links a dermatologist gave and that are not used yet.
 */
export function roleChangeQuestion(name: string, from: Role, to: Role, disabled: boolean): string {
  const credentials = seesPatientData(to);
  const ends = disabled
    ? credentials
      ? " Their password and second factor end: once the account is enabled, a dermatologist gives them a new setup link."
      : ""
    : credentials
      ? " They are signed out at once, and their password and second factor end: a dermatologist gives them a new setup link."
      : " They are signed out at once.";
  const links = from === "DERMATOLOGIST" ? " Setup links they gave and not used yet stop working." : "";
  return `Change the role of ${name} from ${ROLE_LABELS[from]} to ${ROLE_LABELS[to]}?${ends}${links}`;
}

/**
 * Which roles must use a second factor. Requiring it of one's own role without one set up is asked first (the
 * server's question, with its box to tick): once saved, one's own session waits for it, and the answer leads there.
 */
export function MfaPolicyForm({ required }: { required: Role[] }) {
  const [state, action] = useActionState(saveMfaPolicyAction, IDLE);
  // The boxes as sent while a question is asked, so that confirming sends what was asked about.
  const sent = state.status === "confirm" ? (state.values?.roles ?? "").split(",") : null;
  return (
    <form action={action} className="card space-y-3" noValidate>
      <h2 className="text-lg font-semibold">Two-step sign-in</h2>
      <input type="hidden" name="form" value="mfa-policy" />
      <fieldset>
        <legend className="label">Required for</legend>
        <div className="flex flex-wrap gap-4" key={sent ? sent.join() : "stored"}>
          {ROLES.map((r) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="roles" value={r} defaultChecked={sent ? sent.includes(r) : required.includes(r)} />
              {ROLE_LABELS[r]}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="text-sm text-slate-600">
        Anyone may set it up on My account. A user of a required role without it is asked to set it up before anything else.
      </p>
      <ConfirmWarnings state={state} />
      <FormMessage state={state} />
      {state.status === "ok" && state.next ? (
        <p>
          <Link href={state.next.href} className="font-semibold text-brand-700 underline">
            {state.next.label}
          </Link>
        </p>
      ) : null}
      <SubmitButton>{state.status === "confirm" ? "Confirm and save" : "Save"}</SubmitButton>
    </form>
  );
}
