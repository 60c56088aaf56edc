"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { login } from "./actions";

export function LoginForm({ next }: { next: string | null }) {
  const [state, action] = useActionState(login, IDLE);
  return (
    <form action={action} className="space-y-4" noValidate>
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field name="email" label="Email" type="email" autoComplete="username" state={state} required />
      <Field name="password" label="Password" type="password" autoComplete="current-password" state={state} required />
      <FormMessage state={state} />
      <SubmitButton className="btn-primary w-full">Sign in</SubmitButton>
    </form>
  );
}
