"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Field, fieldErrorsOf, FieldErrorText, FormMessage, SelectField, SubmitButton, submittedValue } from "@/components/form";
import { OUTREACH_OUTCOME_LABELS, toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { addOutreachNoteAction } from "../../patients/[patientId]/labs-actions";

/** The items ticked: every one at first; after a refusal, those that were sent (a repeated field comes back joined by commas). */
function ticked(state: ActionState, items: { itemKey: string }[]): Set<string> {
  if (state.status !== "error" || !state.values) return new Set(items.map((i) => i.itemKey));
  return new Set(submittedValue(state, "itemKey")?.split(",") ?? []);
}

/**
 * Records a call or other contact about the patient's open items, with how it went: one note for each item
 * ticked (all of them at first), saved together or not at all. On the worklist's cards and the patient page
 * alike; `items` are the open items the viewer's role gets.
 *
 * `doNotCall`: the patient asked not to be called by phone. The form says so above everything else (and the
 * items' group is described by it), before a call is made or logged; it still records a contact, since a
 * call the patient made or asked for, or one already made, must be on file rather than lost.
 *
 * `patientName`, on a list of patients (the worklist), names the form and its button after the patient.
 *
 * Refused as a whole, the page is drawn again (see below): the items shown are those still open.
 */
export function OutreachForm({
  patientId,
  patientName,
  items,
  doNotCall = false,
}: {
  patientId: string;
  patientName?: string;
  items: { itemKey: string; label: string }[];
  doNotCall?: boolean;
}) {
  const [state, action] = useActionState(addOutreachNoteAction, IDLE);
  const router = useRouter();
  // A refusal of the call as a whole (an item completed or waived since the page was drawn, or no longer
  // the patient's) means the page is out of date: it is drawn again from the server, this answer kept, so
  // the items read as they are now without a reload. A field to correct changes nothing on the page.
  useEffect(() => {
    if (state.status === "error" && !state.fieldErrors) router.refresh();
  }, [state, router]);
  const id = `outreach-${patientId}`;
  const errors = fieldErrorsOf(state, "itemKey");
  const checked = ticked(state, items);
  const describedBy = [doNotCall ? `${id}-do-not-call` : null, errors ? `${id}-items-error` : null].filter(Boolean).join(" ");
  return (
    <form action={action} className="space-y-2" noValidate data-testid="outreach-form" aria-label={patientName ? `Log outreach for ${patientName}` : undefined}>
      <input type="hidden" name="patientId" value={patientId} />
      {doNotCall ? (
        <p id={`${id}-do-not-call`} className="rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900" data-testid="outreach-do-not-call">
          <strong>Do not call:</strong> the patient asked not to be called by phone. Log a call only if the patient called the clinic or asked to be called
          back; otherwise send a reminder on a channel they accept.
        </p>
      ) : null}
      <fieldset
        key={state.status === "error" ? (submittedValue(state, "itemKey") ?? "none") : "initial"}
        aria-describedby={describedBy || undefined}
        data-testid="outreach-items"
      >
        <legend className="label">About</legend>
        <ul className="space-y-1">
          {items.map((i, n) => (
            <li key={i.itemKey}>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="itemKey"
                  value={i.itemKey}
                  defaultChecked={checked.has(i.itemKey)}
                  className="mt-0.5"
                  aria-invalid={errors && n === 0 ? true : undefined}
                />
                <span className="break-words">{i.label}</span>
              </label>
            </li>
          ))}
        </ul>
        <FieldErrorText id={`${id}-items-error`} errors={errors} />
      </fieldset>
      <SelectField
        id={`${id}-outcome`}
        name="outcome"
        label="Outcome"
        state={state}
        defaultValue=""
        options={[{ value: "", label: "Choose…" }, ...toOptions(OUTREACH_OUTCOME_LABELS)]}
      />
      <Field id={`${id}-note`} name="note" label="Outreach note" state={state} placeholder="Called mobile, left message" maxLength={500} />
      <SubmitButton className="btn-secondary py-1" label={patientName ? `Log outreach for ${patientName}` : undefined}>
        Log outreach
      </SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
