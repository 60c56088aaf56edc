"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { INDICATION_LABELS, PREGNANCY_CATEGORY_LABELS, SEX_LABELS, toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";

type Action = (prev: ActionState, formData: FormData) => Promise<ActionState>;

export interface PatientFormValues {
  patientId?: string;
  version?: number;
  mrn?: string;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  sexAtBirth?: string;
  pregnancyCategory?: string;
  phone?: string | null;
  email?: string | null;
  indication?: string;
}

const withPlaceholder = (options: { value: string; label: string }[]) => [{ value: "", label: "Choose…" }, ...options];

export function PatientForm({ action, values = {}, submitLabel }: { action: Action; values?: PatientFormValues; submitLabel: string }) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="card max-w-3xl space-y-4" noValidate>
      {values.patientId ? <input type="hidden" name="patientId" value={values.patientId} /> : null}
      {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field name="firstName" label="First name" state={state} defaultValue={values.firstName} autoComplete="off" required />
        <Field name="lastName" label="Last name" state={state} defaultValue={values.lastName} autoComplete="off" required />
        <Field name="mrn" label="MRN" state={state} defaultValue={values.mrn} hint="Medical record number, unique in the clinic." required />
        <Field name="dateOfBirth" label="Date of birth" type="date" state={state} defaultValue={values.dateOfBirth} required />
        <SelectField
          name="sexAtBirth"
          label="Sex at birth"
          state={state}
          options={withPlaceholder(toOptions(SEX_LABELS))}
          defaultValue={values.sexAtBirth ?? ""}
        />
        <SelectField
          name="pregnancyCategory"
          label="Pregnancy potential (iPLEDGE category)"
          state={state}
          options={withPlaceholder(toOptions(PREGNANCY_CATEGORY_LABELS))}
          defaultValue={values.pregnancyCategory ?? ""}
        />
        <Field name="phone" label="Phone" type="tel" state={state} defaultValue={values.phone ?? ""} autoComplete="off" />
        <Field name="email" label="Email" type="email" state={state} defaultValue={values.email ?? ""} autoComplete="off" />
        <SelectField
          name="indication"
          label="Indication"
          state={state}
          options={withPlaceholder(toOptions(INDICATION_LABELS))}
          defaultValue={values.indication ?? ""}
        />
      </div>
      <FormMessage state={state} />
      <SubmitButton>{submitLabel}</SubmitButton>
    </form>
  );
}
