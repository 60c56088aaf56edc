"use client";

import { useActionState } from "react";
import { DoNotContactFields } from "@/components/do-not-contact-fields";
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
  doNotEmail?: boolean;
  doNotText?: boolean;
  doNotCall?: boolean;
}

const withPlaceholder = (options: { value: string; label: string }[]) => [{ value: "", label: "Choose…" }, ...options];

/**
 * Registration and demographics. The pregnancy category is chosen at registration by a dermatologist
 * (anyone else registers the REMS default); afterwards it changes only through the patient page's
 * dermatologist form, with a reason, so the edit form shows it read-only.
 */
export function PatientForm({
  action,
  values = {},
  submitLabel,
  category,
}: {
  action: Action;
  values?: PatientFormValues;
  submitLabel: string;
  category: "choose" | "default" | "read-only";
}) {
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
        {category === "choose" ? (
          <SelectField
            name="pregnancyCategory"
            label="Pregnancy potential (iPLEDGE category)"
            state={state}
            options={withPlaceholder(toOptions(PREGNANCY_CATEGORY_LABELS))}
            defaultValue={values.pregnancyCategory ?? ""}
          />
        ) : (
          <div>
            <p className="label">Pregnancy potential (iPLEDGE category)</p>
            <p className="text-sm" data-testid="category-read-only">
              {category === "default"
                ? PREGNANCY_CATEGORY_LABELS.CAN_BECOME_PREGNANT
                : PREGNANCY_CATEGORY_LABELS[(values.pregnancyCategory ?? "CAN_BECOME_PREGNANT") as keyof typeof PREGNANCY_CATEGORY_LABELS]}
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {category === "default"
                ? "The default until a dermatologist documents otherwise."
                : "A dermatologist changes it on the patient page, with a reason."}
            </p>
            {category === "default" ? <input type="hidden" name="pregnancyCategory" value="CAN_BECOME_PREGNANT" /> : null}
          </div>
        )}
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
      <DoNotContactFields idPrefix="f" values={values} submitted={state.status === "error" ? (state.values ?? {}) : undefined} />
      <FormMessage state={state} />
      <SubmitButton>{submitLabel}</SubmitButton>
    </form>
  );
}
