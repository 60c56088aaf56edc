"use client";

import { useActionState } from "react";
import { confirmSubmit } from "@/components/confirm-submit";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { AuthenticatorKey } from "@/components/authenticator-key";
import { RevealedSecret } from "@/components/reveal";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import {
  changeOwnPasswordAction,
  enrollSecondFactorAction,
  regenerateRecoveryCodesAction,
  removeSecondFactorAction,
  signOutOtherSessionsAction,
} from "./actions";

function Revealed({ state }: { state: ActionState }) {
  return state.status === "ok" && state.reveal ? <RevealedSecret reveal={state.reveal} /> : null;
}

export function ChangePasswordForm({ email }: { email: string }) {
  const [state, action] = useActionState(changeOwnPasswordAction, IDLE);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field name="current" label="Current password" type="password" autoComplete="current-password" state={state} required />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters; a phrase of several words works well.`}
        state={state}
        required
      />
      <Field name="confirm" label="New password again" type="password" autoComplete="new-password" state={state} required />
      <FormMessage state={state} />
      <SubmitButton>Change password</SubmitButton>
    </form>
  );
}

export function EnrollSecondFactorForm({ qr, secret, pending }: { qr: string; secret: string; pending: string }) {
  const [state, action] = useActionState(enrollSecondFactorAction, IDLE);
  if (state.status === "ok") {
    return (
      <div className="space-y-3">
        <FormMessage state={state} />
        <Revealed state={state} />
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">Scan the code with an authenticator app on your phone, or type the key, then enter the 6-digit code it shows.</p>
      <AuthenticatorKey qr={qr} secret={secret} />
      <form action={action} className="space-y-3" noValidate>
        <input type="hidden" name="pending" value={pending} />
        <Field name="code" label="6-digit code" autoComplete="one-time-code" inputMode="numeric" state={state} required />
        <Field name="current" label="Your password" type="password" autoComplete="current-password" state={state} required />
        <FormMessage state={state} />
        <SubmitButton>Turn on two-step sign-in</SubmitButton>
      </form>
    </div>
  );
}

function CodeForm({ action, label, className }: { action: (p: ActionState, f: FormData) => Promise<ActionState>; label: string; className?: string }) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="space-y-2" noValidate aria-label={label}>
      <Field name="code" id={`code-${label}`} label="Current 6-digit code" autoComplete="one-time-code" inputMode="numeric" state={state} required />
      <Field name="current" id={`current-${label}`} label="Your password" type="password" autoComplete="current-password" state={state} required />
      <FormMessage state={state} />
      <Revealed state={state} />
      <SubmitButton className={className}>{label}</SubmitButton>
    </form>
  );
}

export function RecoveryCodesForm() {
  return <CodeForm action={regenerateRecoveryCodesAction} label="Issue new recovery codes" className="btn-secondary" />;
}

export function RemoveSecondFactorForm() {
  return <CodeForm action={removeSecondFactorAction} label="Turn off two-step sign-in" className="btn-danger" />;
}

export function SignOutOthersForm() {
  const [state, action] = useActionState(signOutOtherSessionsAction, IDLE);
  return (
    <form action={action} className="space-y-2" onSubmit={confirmSubmit("Sign out of every other session? Anyone using them must sign in again.")}>
      <input type="hidden" name="scope" value="others" />
      <FormMessage state={state} />
      <SubmitButton className="btn-secondary">Sign out of all other sessions</SubmitButton>
    </form>
  );
}
