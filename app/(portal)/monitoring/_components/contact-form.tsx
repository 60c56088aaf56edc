"use client";

import { useActionState } from "react";
import { DoNotContactFields, type DoNotContact } from "@/components/do-not-contact-fields";
import { FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { setContactPreferencesAction } from "../actions";

/** The patient's do-not-contact choices, changed from the worklist. */
export function ContactForm({ patientId, version, values }: { patientId: string; version: number; values: DoNotContact }) {
  const [state, action] = useActionState(setContactPreferencesAction, IDLE);
  return (
    <form action={action} className="space-y-2" noValidate data-testid="contact-form">
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="version" value={version} />
      <DoNotContactFields idPrefix={`dnc-${patientId}`} values={values} submitted={state.status === "error" ? (state.values ?? {}) : undefined} />
      <SubmitButton className="btn-secondary py-1">Save preferences</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
