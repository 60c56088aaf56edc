"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { OUTREACH_OUTCOME_LABELS, toOptions } from "@/lib/labels";
import { IDLE } from "@/lib/validation/action-result";
import { addOutreachNoteAction } from "../../patients/[patientId]/labs-actions";

/** Records a call or other contact about one of the patient's open items, with how it went. */
export function OutreachForm({ patientId, items }: { patientId: string; items: { itemKey: string; label: string }[] }) {
  const [state, action] = useActionState(addOutreachNoteAction, IDLE);
  const id = `outreach-${patientId}`;
  return (
    <form action={action} className="space-y-2" noValidate data-testid="outreach-form">
      <input type="hidden" name="patientId" value={patientId} />
      <div className="grid gap-2 sm:grid-cols-2">
        <SelectField id={`${id}-item`} name="itemKey" label="About" state={state} options={items.map((i) => ({ value: i.itemKey, label: i.label }))} />
        <SelectField
          id={`${id}-outcome`}
          name="outcome"
          label="Outcome"
          state={state}
          defaultValue=""
          options={[{ value: "", label: "Choose…" }, ...toOptions(OUTREACH_OUTCOME_LABELS)]}
        />
      </div>
      <Field id={`${id}-note`} name="note" label="Outreach note" state={state} placeholder="Called mobile, left message" maxLength={500} />
      <SubmitButton className="btn-secondary py-1">Log outreach</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
