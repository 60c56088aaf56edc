"use client";

import { useActionState, useState } from "react";
import { Field, fieldErrorsOf, FieldErrorText, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { RevealedLink } from "@/components/reveal";
import { ROLE_LABELS, ROLES, seesPatientData, type Role } from "@/lib/auth/permissions";
import { toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { changeRoleAction, createUserAction, resetPasswordAction, resetSecondFactorAction, setDisabledAction } from "./actions";
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

/** Of two forms whose answers are shown in one place, the answer given last. */
function useLastAnswer(a: ActionState, b: ActionState): ActionState {
  const [seen, setSeen] = useState({ a, b, last: IDLE as ActionState });
  const last = seen.a !== a ? a : seen.b !== b ? b : seen.last;
  if (seen.a !== a || seen.b !== b) setSeen({ a, b, last });
  return last;
}

export function UserRowActions({ userId, role, disabled, name }: { userId: string; role: Role; disabled: boolean; name: string }) {
  const [roleState, roleAction] = useActionState(changeRoleAction, IDLE);
  const [disState, disAction] = useActionState(setDisabledAction, IDLE);
  const answer = useLastAnswer(roleState, disState);
  const roleErrors = answer === roleState ? fieldErrorsOf(roleState, "role") : undefined;
  const selectId = `role-${userId}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {/* Laid out with the row (display: contents), the answer last: a refused role is focused from the answer inside its form. */}
      <form
        action={roleAction}
        className="contents"
        noValidate
        onSubmit={(event) => {
          // The role unchanged is sent unasked: the server refuses it on the field.
          const to = new FormData(event.currentTarget).get("role") as Role;
          if (to !== role && !window.confirm(roleChangeQuestion(name, role, to, disabled))) event.preventDefault();
        }}
      >
        <input type="hidden" name="userId" value={userId} />
        {/* The role this page showed, which the confirmation spoke of: refused if it changed meanwhile. */}
        <input type="hidden" name="from" value={role} />
        <label className="sr-only" htmlFor={selectId}>
          Role for {name}
        </label>
        {/* Keyed by the stored role: after a change the list shows the new role, not the one it was drawn with. */}
        <select
          key={role}
          id={selectId}
          name="role"
          defaultValue={role}
          className="input w-40"
          aria-invalid={roleErrors ? true : undefined}
          aria-describedby={roleErrors ? `${selectId}-error` : undefined}
        >
          {roleOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <SubmitButton className="btn-secondary" label={`Change role for ${name}`}>
          Change role
        </SubmitButton>
        <div className="order-last w-full">
          <FieldErrorText id={`${selectId}-error`} errors={roleErrors} />
          <FormMessage state={answer} />
        </div>
      </form>
      <form
        action={disAction}
        onSubmit={(event) => {
          if (!disabled && !window.confirm(`Disable the account of ${name}? They are signed out at once.`)) event.preventDefault();
        }}
      >
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <SubmitButton className={disabled ? "btn-secondary" : "btn-danger"} label={`${disabled ? "Enable" : "Disable"} ${name}`}>
          {disabled ? "Enable" : "Disable"}
        </SubmitButton>
      </form>
    </div>
  );
}

/**
 * Resets that hand a user back their own credentials: a new setup link, or removal of a lost second factor.
 * Offered on an enabled account only: a disabled one can use neither (lib/data/users.ts refuses them).
 */
export function CredentialActions({ userId, name, mfaEnrolled }: { userId: string; name: string; mfaEnrolled: boolean }) {
  const [pwState, pwAction] = useActionState(resetPasswordAction, IDLE);
  const [mfaState, mfaAction] = useActionState(resetSecondFactorAction, IDLE);
  const answer = useLastAnswer(pwState, mfaState);
  const confirmReset = (message: string) => (event: React.FormEvent) => {
    if (!window.confirm(message)) event.preventDefault();
  };
  return (
    <div className="mt-1 space-y-1">
      <div className="flex flex-wrap gap-2">
        <form action={pwAction} onSubmit={confirmReset(`Reset the password of ${name}? Their current password stops working and they are signed out.`)}>
          <input type="hidden" name="userId" value={userId} />
          <SubmitButton className="btn-secondary text-xs" label={`Reset password for ${name}`}>
            Reset password
          </SubmitButton>
        </form>
        {mfaEnrolled ? (
          <form action={mfaAction} onSubmit={confirmReset(`Remove the second factor of ${name}? Do this only after checking who is asking.`)}>
            <input type="hidden" name="userId" value={userId} />
            <SubmitButton className="btn-secondary text-xs" label={`Reset two-step sign-in for ${name}`}>
              Reset two-step sign-in
            </SubmitButton>
          </form>
        ) : null}
      </div>
      <FormMessage state={answer} />
      {answer === pwState && pwState.status === "ok" && pwState.reveal ? <RevealedLink reveal={pwState.reveal} /> : null}
    </div>
  );
}

export function MfaPolicyForm({ required }: { required: Role[] }) {
  const [state, action] = useActionState(saveMfaPolicyAction, IDLE);
  return (
    <form action={action} className="card space-y-3" noValidate>
      <h2 className="text-lg font-semibold">Two-step sign-in</h2>
      <input type="hidden" name="form" value="mfa-policy" />
      <fieldset>
        <legend className="label">Required for</legend>
        <div className="flex flex-wrap gap-4">
          {ROLES.map((r) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="roles" value={r} defaultChecked={required.includes(r)} />
              {ROLE_LABELS[r]}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="text-sm text-slate-600">
        Anyone may set it up on My account. A user of a required role without it is asked to set it up before anything else.
      </p>
      <FormMessage state={state} />
      <SubmitButton>Save</SubmitButton>
    </form>
  );
}
