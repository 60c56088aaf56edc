"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { attachHl7ResultAction, dismissHl7ResultAction } from "./actions";

/** A result the laboratory sent without its unit: its entry, its test, and the units to choose from. */
export interface UnitToChoose {
  entryId: string;
  test: string;
  choices: string[];
}

/**
 * The patient's MRN and date of birth, which an attached result must both match; for a pregnancy test the
 * laboratory sent without a collection date, that date from the laboratory's report (`collectionDate`); for
 * each number sent without its unit, the unit the report gives, chosen (none is assumed).
 */
function PatientFields({ slug, state, collectionDate, units }: { slug: string; state: ActionState; collectionDate: boolean; units: UnitToChoose[] }) {
  return (
    <>
      <Field id={`mrn-${slug}`} name="mrn" label="Patient's MRN" state={state} />
      <Field id={`dob-${slug}`} name="birthDate" label="Patient's date of birth" type="date" state={state} />
      {collectionDate ? (
        <Field
          id={`collected-${slug}`}
          name="collectionDate"
          label="Pregnancy test collection date"
          type="date"
          hint="From the laboratory's report: the message did not give it."
          state={state}
        />
      ) : null}
      {units.map((u) => (
        <SelectField
          key={u.entryId}
          id={`unit-${slug}-${u.entryId.slice(0, 8)}`}
          name={`unit:${u.entryId}`}
          label={`Unit of ${u.test}, from the laboratory's report`}
          options={[{ value: "", label: "Choose the unit" }, ...u.choices.map((c) => ({ value: c, label: c }))]}
          defaultValue=""
          state={state}
        />
      ))}
    </>
  );
}

/**
 * Attach (MRN and date of birth of the chosen patient) or dismiss (with a reason) one waiting result; a
 * critical pregnancy test is dismissed only by a dermatologist (the server refuses anyone else). A value
 * unusual in the unit chosen for it is attached once confirmed: the question, with its box to tick, takes
 * the focus (FormMessage, ConfirmWarnings), and the form is sent again. Within a
 * message's results attached together, a result's own attach form waits behind a summary ("alone"), for a
 * result that belongs to another patient; one that cannot be attached (retracted, not final) has none.
 */
export function QueueEntryForms({
  entryId,
  attach: attachShown,
  canDismiss,
  collectionDate,
  units,
}: {
  entryId: string;
  attach: "open" | "alone" | "none";
  canDismiss: boolean;
  collectionDate: boolean;
  units: UnitToChoose[];
}) {
  const [attachState, attach] = useActionState(attachHl7ResultAction, IDLE);
  const [dismissState, dismiss] = useActionState(dismissHl7ResultAction, IDLE);
  const slug = entryId.slice(0, 8);
  const attachForm = (
    <form action={attach} className="space-y-1" noValidate aria-label={attachShown === "alone" ? "Attach this result alone" : "Attach to a patient"}>
      <input type="hidden" name="entryId" value={entryId} />
      <PatientFields slug={slug} state={attachState} collectionDate={collectionDate} units={units} />
      <FormMessage state={attachState} />
      <ConfirmWarnings state={attachState} />
      <SubmitButton className="btn-secondary">Attach to this patient</SubmitButton>
    </form>
  );
  return (
    <div className="mt-2 grid gap-3 md:grid-cols-2">
      {attachShown === "none" ? null : attachShown === "open" ? (
        attachForm
      ) : (
        <details open={attachState.status === "error" || attachState.status === "confirm" || undefined}>
          <summary className="cursor-pointer text-brand-700">Attach this result alone, to another patient</summary>
          <div className="mt-2">{attachForm}</div>
        </details>
      )}
      {canDismiss ? (
        <form action={dismiss} className="space-y-1" noValidate aria-label="Dismiss">
          <input type="hidden" name="entryId" value={entryId} />
          <Field id={`reason-${slug}`} name="reason" label="Reason for dismissing" placeholder="Not a patient of this clinic" state={dismissState} />
          <FormMessage state={dismissState} />
          <SubmitButton className="btn-danger">Dismiss</SubmitButton>
        </form>
      ) : (
        <p className="text-slate-700">Only a dermatologist can dismiss this pregnancy test result.</p>
      )}
    </div>
  );
}

/**
 * Attaches every final or corrected result a message names for one patient, all or none: one that belongs
 * to another patient is attached alone first (or dismissed, if it is no patient's of the clinic).
 */
export function AttachTogetherForm({
  entryIds,
  groupKey,
  count,
  collectionDate,
  units,
}: {
  entryIds: string[];
  groupKey: string;
  count: number;
  collectionDate: boolean;
  units: UnitToChoose[];
}) {
  const [state, attach] = useActionState(attachHl7ResultAction, IDLE);
  return (
    <form action={attach} className="grid gap-2 md:max-w-xl" noValidate aria-label="Attach these results to a patient">
      {entryIds.map((id) => (
        <input key={id} type="hidden" name="entryId" value={id} />
      ))}
      <PatientFields slug={`all-${groupKey.slice(0, 8)}`} state={state} collectionDate={collectionDate} units={units} />
      <p className="text-slate-600">
        The {count} final results below are attached to this patient at once. One that belongs to someone else is attached alone first, below.
      </p>
      <FormMessage state={state} />
      <ConfirmWarnings state={state} />
      <SubmitButton className="btn-secondary">Attach all {count} final results to this patient</SubmitButton>
    </form>
  );
}
