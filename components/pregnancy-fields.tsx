"use client";

import { ContraceptionConfirmation, type ConfirmationOffer } from "@/components/contraception-confirmation";
import { Field, fieldErrorsOf, submittedValue } from "@/components/form";
import type { ActionState } from "@/lib/validation/action-result";

/**
 * This visit's pregnancy-prevention counseling, recorded with the prescription it allows; where the
 * prescription's check asks for it (`confirm`: the offer, the prescription's day and today), with the
 * contraception in use on the prescription's day to confirm.
 */
export function CounselingFields({
  state,
  idPrefix,
  confirm,
}: {
  state: ActionState;
  idPrefix: string;
  confirm: { offer: ConfirmationOffer; day: string; today: string } | null;
}) {
  const checked = submittedValue(state, "counseled");
  return (
    <fieldset className="grid gap-3 sm:grid-cols-2">
      <legend className="mb-1 text-sm font-semibold text-slate-700">Pregnancy-prevention counseling</legend>
      <label className="flex items-start gap-2 text-sm" htmlFor={`${idPrefix}-counseled`}>
        <input key={checked ?? "initial"} id={`${idPrefix}-counseled`} type="checkbox" name="counseled" className="mt-1" defaultChecked={checked === "on"} />
        <span>I counseled the patient at this visit (recorded with the prescription).</span>
      </label>
      <Field id={`${idPrefix}-confirmation`} name="confirmationNumber" label="REMS confirmation number (optional)" state={state} />
      {confirm ? (
        <ContraceptionConfirmation offer={confirm.offer} form="PRESCRIPTION" day={confirm.day} today={confirm.today} idPrefix={idPrefix} state={state} />
      ) : null}
    </fieldset>
  );
}

/** Why the pregnancy-prevention rules refuse this prescription: every reason, as a list. */
export function PregnancyRefusal({ state }: { state: ActionState }) {
  const reasons = fieldErrorsOf(state, "pregnancy");
  if (!reasons) return null;
  return (
    <div className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900" data-testid="pregnancy-refusal">
      <p className="font-semibold">Pregnancy prevention: what is missing</p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </div>
  );
}
