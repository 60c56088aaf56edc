"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { IDLE } from "@/lib/validation/action-result";
import { completeSetupAction } from "./actions";

export function SetupForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(completeSetupAction, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account the new password belongs to. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A phrase of several words is easy to type and hard to guess.`}
        state={state}
        required
      />
      <Field name="confirm" label="New password again" type="password" autoComplete="new-password" state={state} required />
      <FormMessage state={state} />
      <SubmitButton className="btn-primary w-full">Set password</SubmitButton>
    </form>
  );
}
