"use client";

import { useActionState } from "react";
import { confirmSubmit } from "@/components/confirm-submit";
import { Field, FormMessage, SelectField, SubmitButton, useLeavingAction } from "@/components/form";
import { LeftAnswerHere, useLeaveAnswer } from "@/components/left-answer";
import { LAB_VALUE_KIND_LABELS } from "@/lib/admin-labels";
import { ANALYTE_LABELS, toOptions } from "@/lib/labels";
import { MAPPABLE_ANALYTES } from "@/lib/validation/lab";
import { IDLE } from "@/lib/validation/action-result";
import { addCatalogueTestAction, setCatalogueTestActiveAction } from "./actions";

export function AddTestForm() {
  const [state, action] = useActionState(addCatalogueTestAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-3" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-3">Add a test</h2>
      <Field name="code" label="LOINC code" state={state} placeholder="1989-3" />
      <Field name="name" label="Name" state={state} placeholder="Vitamin D, 25-OH" />
      <SelectField name="kind" label="Result type" state={state} options={toOptions(LAB_VALUE_KIND_LABELS)} />
      <Field name="unit" label="Unit" state={state} placeholder="ng/mL" />
      <Field name="refLow" label="Reference low" inputMode="decimal" state={state} />
      <Field name="refHigh" label="Reference high" inputMode="decimal" state={state} />
      <SelectField
        name="countsAs"
        label="Counts as (protocol analyte)"
        state={state}
        defaultValue=""
        options={[
          { value: "", label: "Stands alone" },
          ...MAPPABLE_ANALYTES.map((a) => ({ value: a, label: (ANALYTE_LABELS as Record<string, string>)[a] ?? a })),
        ]}
      />
      <Field name="actionHigh" label="Action level (optional)" inputMode="decimal" state={state} />
      <Field name="criticalHigh" label="Critical level (optional)" inputMode="decimal" state={state} />
      <div className="sm:col-span-3">
        <FormMessage state={state} />
        <SubmitButton>Add test</SubmitButton>
      </div>
    </form>
  );
}

/**
 * Retire (once confirmed: `question` says what it does) or restore one test; `name` names the test, for its button.
 * The form stays, its button turned, or leaves with a test that is not offered again: within the table's
 * LeftAnswers the answer, naming the test, stays in its row with the focus the button dropped (LeftAnswerHere).
 */
export function ToggleTestForm({ labTestId, name, active, question }: { labTestId: string; name: string; active: boolean; question: string }) {
  const [form, leaving] = useLeavingAction(setCatalogueTestActiveAction, useLeaveAnswer(labTestId));
  const [state, action] = useActionState(leaving, IDLE);
  const verb = active ? "Retire" : "Restore";
  return (
    <div className="space-y-1">
      <LeftAnswerHere id={labTestId} />
      <form ref={form} action={action} onSubmit={active ? confirmSubmit(question) : undefined} aria-label={`${verb} ${name}`}>
        <input type="hidden" name="labTestId" value={labTestId} />
        <input type="hidden" name="active" value={active ? "false" : "true"} />
        <SubmitButton className="btn-secondary" label={`${verb} ${name}`}>
          {verb}
        </SubmitButton>
        {/* A refusal, focused; a success is answered outside the form (LeftAnswerHere). */}
        {state.status === "error" ? <FormMessage state={state} /> : null}
      </form>
    </div>
  );
}
