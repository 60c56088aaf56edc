"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
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
 * For a form that files entries (they leave the list once it succeeds): the action to send, which hands the answer,
 * named after what was filed (`about`), to the list's LeftAnswers under `answerId`, for it to stay where the entry
 * was (FiledList) with the focus; and the form's ref (useLeavingAction).
 */
function useFilingAction(action: (state: ActionState, data: FormData) => Promise<ActionState>, answerId: string, about: string) {
  const leave = useLeaveAnswer(answerId);
  const named = leave && ((answer: ActionState) => leave(answer.status === "ok" ? { ...answer, message: `${about}: ${answer.message}` } : answer));
  const [form, leaving] = useLeavingAction(action, named);
  return [form, useActionState(leaving, IDLE)] as const;
}

/**
 * The patient's MRN and date of birth, which an attached result must both match; for a pregnancy test the
 * laboratory sent without a collection date, that date from the laboratory's report (`collectionDate`); for
 * each number sent without its unit, the unit the report gives, chosen (none is assumed). Each field's name
 * says which results it is for (`about`): every entry of the list has its own.
 */
function PatientFields({
  slug,
  about,
  state,
  collectionDate,
  units,
}: {
  slug: string;
  about: string;
  state: ActionState;
  collectionDate: boolean;
  units: UnitToChoose[];
}) {
  const named = (label: string) => ({ label, "aria-label": `${label} for ${about}` });
  return (
    <>
      <Field id={`mrn-${slug}`} name="mrn" {...named("Patient's MRN")} state={state} />
      <Field id={`dob-${slug}`} name="birthDate" {...named("Patient's date of birth")} type="date" state={state} />
      {collectionDate ? (
        <Field
          id={`collected-${slug}`}
          name="collectionDate"
          {...named("Pregnancy test collection date")}
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
          {...named(`Unit of ${u.test}, from the laboratory's report`)}
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
 * result that belongs to another patient; one that cannot be attached (retracted, preliminary or otherwise not
 * final) has none, alone or among others (the entry says why and what to do instead). Filed
 * either way, the entry leaves the list with these forms: the answer stays in its place (useFilingAction).
 */
export function QueueEntryForms({
  entryId,
  about,
  attach: attachShown,
  canDismiss,
  collectionDate,
  units,
}: {
  entryId: string;
  /** The result, as its controls name it ("Triglyceride, specimen 3 Jan 2027 (Jane Doe)"). */
  about: string;
  attach: "open" | "alone" | "none";
  canDismiss: boolean;
  collectionDate: boolean;
  units: UnitToChoose[];
}) {
  const [attachRef, [attachState, attach]] = useFilingAction(attachHl7ResultAction, entryId, about);
  const [dismissRef, [dismissState, dismiss]] = useFilingAction(dismissHl7ResultAction, entryId, about);
  const slug = entryId.slice(0, 8);
  const attachForm = (
    <form
      ref={attachRef}
      action={attach}
      className="space-y-1"
      noValidate
      aria-label={`${attachShown === "alone" ? "Attach this result alone" : "Attach to a patient"}: ${about}`}
    >
      <input type="hidden" name="entryId" value={entryId} />
      <PatientFields slug={slug} about={about} state={attachState} collectionDate={collectionDate} units={units} />
      <FormMessage state={attachState} />
      <ConfirmWarnings state={attachState} />
      <SubmitButton className="btn-secondary" label={`Attach to this patient: ${about}`}>
        Attach to this patient
      </SubmitButton>
    </form>
  );
  return (
    <div className="mt-2 grid gap-3 md:grid-cols-2">
      {attachShown === "none" ? null : attachShown === "open" ? (
        attachForm
      ) : (
        <details open={attachState.status === "error" || attachState.status === "confirm" || undefined}>
          <summary className="cursor-pointer text-brand-700">
            Attach this result alone, to another patient<span className="sr-only">: {about}</span>
          </summary>
          <div className="mt-2">{attachForm}</div>
        </details>
      )}
      {canDismiss ? (
        <form ref={dismissRef} action={dismiss} className="space-y-1" noValidate aria-label={`Dismiss ${about}`}>
          <input type="hidden" name="entryId" value={entryId} />
          <Field
            id={`reason-${slug}`}
            name="reason"
            label="Reason for dismissing"
            aria-label={`Reason for dismissing ${about}`}
            placeholder="Not a patient of this clinic"
            state={dismissState}
          />
          <FormMessage state={dismissState} />
          <SubmitButton className="btn-danger" label={`Dismiss ${about}`}>
            Dismiss
          </SubmitButton>
        </form>
      ) : (
        <p className="text-slate-700">Only a dermatologist can dismiss this pregnancy test result.</p>
      )}
    </div>
  );
}

/**
 * Attaches every final or corrected result a message names for one patient, all or none: one that belongs
 * to another patient is attached alone first (or dismissed, if it is no patient's of the clinic). Once
 * attached, they leave the list: the answer stays in the first one's place.
 */
export function AttachTogetherForm({
  entryIds,
  groupKey,
  about,
  count,
  collectionDate,
  units,
}: {
  entryIds: string[];
  groupKey: string;
  /** The results, as the form's controls name them ("the 2 results of message ACME-1 (Jane Doe)"). */
  about: string;
  count: number;
  collectionDate: boolean;
  units: UnitToChoose[];
}) {
  const [form, [state, attach]] = useFilingAction(attachHl7ResultAction, entryIds[0]!, about);
  return (
    <form ref={form} action={attach} className="grid gap-2 md:max-w-xl" noValidate aria-label={`Attach these results to a patient: ${about}`}>
      {entryIds.map((id) => (
        <input key={id} type="hidden" name="entryId" value={id} />
      ))}
      <PatientFields slug={`all-${groupKey.slice(0, 8)}`} about={about} state={state} collectionDate={collectionDate} units={units} />
      <p className="text-slate-600">
        The {count} final results below are attached to this patient at once. One that belongs to someone else is attached alone first, below.
      </p>
      <FormMessage state={state} />
      <ConfirmWarnings state={state} />
      <SubmitButton className="btn-secondary" label={`Attach all ${count} final results to this patient: ${about}`}>
        Attach all {count} final results to this patient
      </SubmitButton>
    </form>
  );
}
