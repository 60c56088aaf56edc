"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
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

export function ToggleTestForm({ labTestId, active }: { labTestId: string; active: boolean }) {
  const [state, action] = useActionState(setCatalogueTestActiveAction, IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="labTestId" value={labTestId} />
      <input type="hidden" name="active" value={active ? "false" : "true"} />
      <SubmitButton className="btn-secondary">{active ? "Retire" : "Restore"}</SubmitButton>
      {state.status === "error" ? <p className="field-error">{state.message}</p> : null}
    </form>
  );
}
