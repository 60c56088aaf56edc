"use client";

import { useActionState, useState } from "react";
import { fieldErrorsOf, FieldErrorText, FormMessage, SubmitButton } from "@/components/form";
import { RevealedLink } from "@/components/reveal";
import { ROLE_LABELS, seesPatientData, type Role } from "@/lib/auth/permissions";
import { toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { changeRoleAction, resetPasswordAction, resetSecondFactorAction, setDisabledAction } from "./actions";
import { unlockSignInAction } from "./unlock-actions";
import { roleChangeQuestion } from "./user-forms";

const roleOptions = toOptions(ROLE_LABELS);

/** Of forms whose answers are shown in one place, the answer given last. */
function useLastAnswer(...answers: ActionState[]): ActionState {
  const [seen, setSeen] = useState({ answers, last: IDLE as ActionState });
  const changed = answers.findIndex((a, i) => a !== seen.answers[i]);
  if (changed === -1) return seen.last;
  setSeen({ answers, last: answers[changed]! });
  return answers[changed]!;
}

export interface UserRow {
  id: string;
  name: string;
  role: Role;
  disabled: boolean;
  passwordSet: boolean;
  mfaEnrolled: boolean;
  signInLocked: boolean;
}

/**
 * What an administrator can do to an account, as its state allows: change its role, disable or enable it; on an
 * enabled account, unlock a locked sign-in, reset a password (or, for an administrator's account not set up yet,
 * make a new setup link: one that sees patient data waits for a dermatologist's, which a reset would only
 * withdraw), remove a lost second factor. Every answer shows in one place under the buttons, and takes room only
 * once there is one: inside the role form (laid out with the row, display: contents), where a refused role is
 * focused from.
 */
export function UserRowActions({ user }: { user: UserRow }) {
  const { id: userId, name, role, disabled } = user;
  const [roleState, roleAction] = useActionState(changeRoleAction, IDLE);
  const [disState, disAction] = useActionState(setDisabledAction, IDLE);
  const [unlockState, unlockAction] = useActionState(unlockSignInAction, IDLE);
  const [pwState, pwAction] = useActionState(resetPasswordAction, IDLE);
  const [mfaState, mfaAction] = useActionState(resetSecondFactorAction, IDLE);
  const answer = useLastAnswer(roleState, disState, unlockState, pwState, mfaState);
  const roleErrors = answer === roleState ? fieldErrorsOf(roleState, "role") : undefined;
  const selectId = `role-${userId}`;
  const asking = (message: string) => (event: React.FormEvent) => {
    if (!window.confirm(message)) event.preventDefault();
  };
  // A disabled account can neither sign in nor use a setup link: it is enabled first (its role may change meanwhile).
  const resettable = !disabled && (user.passwordSet || !seesPatientData(role));
  return (
    <div className="flex flex-wrap items-center gap-2">
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
          <FormMessage state={answer} reserve={false} />
          {answer === pwState && pwState.status === "ok" && pwState.reveal ? <RevealedLink reveal={pwState.reveal} /> : null}
        </div>
      </form>
      <form action={disAction} onSubmit={disabled ? undefined : asking(`Disable the account of ${name}? They are signed out at once.`)}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="disabled" value={disabled ? "false" : "true"} />
        <SubmitButton className={disabled ? "btn-secondary" : "btn-danger"} label={`${disabled ? "Enable" : "Disable"} ${name}`}>
          {disabled ? "Enable" : "Disable"}
        </SubmitButton>
      </form>
      {!disabled && user.signInLocked ? (
        <form action={unlockAction}>
          <input type="hidden" name="userId" value={userId} />
          <SubmitButton className="btn-secondary" label={`Unlock sign-in for ${name}`}>
            Unlock sign-in
          </SubmitButton>
        </form>
      ) : null}
      {resettable ? (
        <form
          action={pwAction}
          onSubmit={asking(
            user.passwordSet
              ? `Reset the password of ${name}? Their current password stops working and they are signed out.`
              : `Make a new setup link for ${name}? A link made before stops working.`,
          )}
        >
          <input type="hidden" name="userId" value={userId} />
          <SubmitButton className="btn-secondary" label={`${user.passwordSet ? "Reset password" : "New setup link"} for ${name}`}>
            {user.passwordSet ? "Reset password" : "New setup link"}
          </SubmitButton>
        </form>
      ) : null}
      {!disabled && user.mfaEnrolled ? (
        <form action={mfaAction} onSubmit={asking(`Remove the second factor of ${name}? Do this only after checking who is asking.`)}>
          <input type="hidden" name="userId" value={userId} />
          <SubmitButton className="btn-secondary" label={`Reset two-step sign-in for ${name}`}>
            Reset two-step sign-in
          </SubmitButton>
        </form>
      ) : null}
    </div>
  );
}
