"use client";

import { useActionState } from "react";
import { DoNotContactFields, type DoNotContact } from "@/components/do-not-contact-fields";
import { FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { setContactPreferencesAction } from "../actions";

/** The patient's do-not-contact choices, changed from the worklist: the form and its button name the patient (`patientName`). */
export function ContactForm({ patientId, patientName, version, values }: { patientId: string; patientName: string; version: number; values: DoNotContact }) {
  const [state, action] = useActionState(setContactPreferencesAction, IDLE);
  return (
    <form action={action} className="space-y-2" noValidate data-testid="contact-form" aria-label={`Contact preferences for ${patientName}`}>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="version" value={version} />
      <DoNotContactFields idPrefix={`dnc-${patientId}`} values={values} submitted={state.status === "error" ? (state.values ?? {}) : undefined} />
      <SubmitButton className="btn-secondary py-1" label={`Save preferences for ${patientName}`}>
        Save preferences
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
