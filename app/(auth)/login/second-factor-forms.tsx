"use client";

import { useActionState } from "react";
import Link from "@/components/link";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { AuthenticatorKey } from "@/components/authenticator-key";
import { RevealedSecret } from "@/components/reveal";
import { IDLE } from "@/lib/validation/action-result";
import { cancelSignInAction, confirmEnrollmentAction, verifySecondFactorAction } from "./actions";

function CancelButton() {
  return (
    <form action={cancelSignInAction}>
      <button type="submit" className="btn-secondary w-full">
        Cancel and sign out
      </button>
    </form>
  );
}

export function SecondFactorForm({ next }: { next: string | null }) {
  const [state, action] = useActionState(verifySecondFactorAction, IDLE);
  return (
    <div className="space-y-3">
      <form action={action} className="space-y-4" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field
          name="code"
          label="Code from your authenticator app"
          hint="Or one of your recovery codes."
          autoComplete="one-time-code"
          inputMode="text"
          state={state}
          autoFocus
          required
        />
        <FormMessage state={state} />
        <SubmitButton className="btn-primary w-full">Verify</SubmitButton>
      </form>
      <CancelButton />
    </div>
  );
}

export function EnrollForm({ qr, secret, pending, next }: { qr: string; secret: string; pending: string; next: string | null }) {
  const [state, action] = useActionState(confirmEnrollmentAction, IDLE);
  if (state.status === "ok" && state.reveal) {
    return (
      <div className="space-y-4">
        <FormMessage state={state} />
        <RevealedSecret reveal={state.reveal} />
        <Link href={next ?? "/"} className="btn-primary block w-full text-center">
          I have saved them: continue
        </Link>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
        <li>Open an authenticator app on your phone (any TOTP app).</li>
        <li>Scan this code, or type the key below.</li>
        <li>Enter the 6-digit code it shows.</li>
      </ol>
      <AuthenticatorKey qr={qr} secret={secret} />
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="pending" value={pending} />
        <Field name="code" label="6-digit code" autoComplete="one-time-code" inputMode="numeric" state={state} required />
        <FormMessage state={state} />
        <SubmitButton className="btn-primary w-full">Set up and continue</SubmitButton>
      </form>
      <CancelButton />
    </div>
  );
}
