"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { AuthenticatorKey } from "@/components/authenticator-key";
import { RevealedSecret } from "@/components/reveal";
import { IDLE } from "@/lib/validation/action-result";
import { cancelSignInAction, confirmEnrollmentAction, continueSignInAction, verifySecondFactorAction } from "./actions";

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

type EnrollState = Awaited<ReturnType<typeof confirmEnrollmentAction>>;
type Enrolled = Extract<EnrollState, { resume: string }>;
const enrolled = (state: EnrollState): state is Enrolled => state.status === "ok" && typeof (state as Partial<Enrolled>).resume === "string";

/** The recovery codes of a set-up just made, shown once; the sign-in goes on only from here. */
function SavedCodes({ done, next }: { done: Enrolled; next: string | null }) {
  const [state, action] = useActionState(continueSignInAction, IDLE);
  return (
    <div className="space-y-4">
      <FormMessage state={done} />
      {done.reveal ? <RevealedSecret reveal={done.reveal} /> : null}
      <form action={action} className="space-y-3">
        <input type="hidden" name="resume" value={done.resume} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <FormMessage state={state} />
        <SubmitButton className="btn-primary w-full">I have saved them: continue</SubmitButton>
      </form>
    </div>
  );
}

export function EnrollForm({ qr, secret, pending, next }: { qr: string; secret: string; pending: string; next: string | null }) {
  const [state, action] = useActionState(confirmEnrollmentAction, IDLE);
  if (enrolled(state)) return <SavedCodes done={state} next={next} />;
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
