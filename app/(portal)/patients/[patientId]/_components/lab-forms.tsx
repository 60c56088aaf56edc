"use client";

import { useActionState, useState } from "react";
import { Field, fieldErrorsOf, FormMessage, SelectField, SubmitButton, submittedValue, useLeavingAction, useRowFormAction } from "@/components/form";
import type { LabValueKind } from "@/lib/generated/prisma/enums";
import { QUALITATIVE_RESULT_LABELS, REVIEW_ACTION_LABELS, TEST_SETTING_LABELS, toOptions } from "@/lib/labels";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { acknowledgeLabAction, recordLabPanelAction, waiveItemAction } from "../labs-actions";
import { TableHead } from "@/components/table-head";
import { REPEAT_DEFAULT_DAYS, repeatDateBounds } from "@/lib/domain/monitoring/repeat";

export interface CatalogueTest {
  id: string;
  name: string;
  code: string;
  kind: LabValueKind;
  analyte: string;
  unit: string | null;
  /** The units the nurse may choose, the catalogue's first; one: no choice. */
  units: string[];
  range: string;
}

/** One specimen date, any subset of the catalogue. The submission id makes a double submit count once. */
export function LabPanelForm({ patientId, submissionId, today, tests }: { patientId: string; submissionId: string; today: string; tests: CatalogueTest[] }) {
  const [state, action] = useActionState(recordLabPanelAction, IDLE);
  return (
    <form action={action} className="space-y-3" noValidate data-testid="lab-form">
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="submissionId" value={submissionId} />
      <div className="grid max-w-2xl gap-3 sm:grid-cols-2">
        {/* No default: a date left at today by mistake moves a result into another window (a pregnancy test's above all). */}
        <Field name="specimenDate" label="Specimen date" type="date" state={state} max={today} hint="The day the sample was taken, from the report." />
        {tests.some((t) => t.analyte === "HCG") ? (
          <SelectField
            name="pregnancyTestSetting"
            label="Pregnancy test done at"
            state={state}
            defaultValue=""
            options={[{ value: "", label: "Choose (pregnancy tests only)…" }, ...toOptions(TEST_SETTING_LABELS)]}
          />
        ) : null}
      </div>
      <div className="overflow-x-auto">
        <table className="table">
          {/* The unit sits beside the value, so a phone's narrow table never hides it; the reference goes under the test's name there. */}
          <TableHead columns={["Test (LOINC)", "Result and unit", "Reference"]} />
          <tbody className="divide-y divide-slate-100">
            {tests.map((t) => (
              <LabRow key={t.id} test={t} state={state} />
            ))}
          </tbody>
        </table>
      </div>
      <FormMessage state={state} />
      <ConfirmWarnings state={state} />
      <SubmitButton>Save results</SubmitButton>
    </form>
  );
}

function LabRow({ test, state }: { test: CatalogueTest; state: ActionState }) {
  const name = `value:${test.id}`;
  const id = `lab-${test.id}`;
  const errors = fieldErrorsOf(state, name);
  const common = {
    id,
    name,
    "aria-invalid": errors ? true : undefined,
    "aria-describedby": errors ? `${id}-error` : undefined,
    defaultValue: submittedValue(state, name) ?? "",
  };
  return (
    <tr>
      <td>
        <label htmlFor={id}>{test.name}</label> <span className="font-mono text-xs text-slate-500">{test.code}</span>
        <div className="text-xs text-slate-500 sm:hidden">{test.range}</div>
      </td>
      <td>
        <div className="flex flex-wrap items-center gap-2">
          {test.kind === "QUALITATIVE" ? (
            <select {...common} key={common.defaultValue} className="input w-44">
              <option value="">Not done</option>
              {toOptions(QUALITATIVE_RESULT_LABELS).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input {...common} inputMode="decimal" className="input w-28" />
          )}
          {test.units.length > 1 ? <UnitChoice test={test} state={state} /> : test.unit ? <span className="text-sm">{test.unit}</span> : null}
        </div>
        {errors ? (
          <p id={`${id}-error`} className="field-error">
            {errors.join(" ")}
          </p>
        ) : null}
      </td>
      <td className="hidden text-slate-500 sm:table-cell">{test.range}</td>
    </tr>
  );
}

function UnitChoice({ test, state }: { test: CatalogueTest; state: ActionState }) {
  const name = `unit:${test.id}`;
  const errors = fieldErrorsOf(state, name);
  const chosen = submittedValue(state, name) ?? test.units[0];
  return (
    <>
      <label htmlFor={`unit-${test.id}`} className="sr-only">
        Unit for {test.name}
      </label>
      <select
        id={`unit-${test.id}`}
        name={name}
        key={chosen}
        defaultValue={chosen}
        className="input w-28"
        aria-invalid={errors ? true : undefined}
        aria-describedby={errors ? `unit-${test.id}-error` : undefined}
      >
        {test.units.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
      {errors ? (
        <p id={`unit-${test.id}-error`} className="field-error">
          {errors.join(" ")}
        </p>
      ) : null}
    </>
  );
}

/**
 * Mark reviewed, with an optional note of the action taken; on the patient page and the dashboard alike.
 * "Repeat test" asks when (days from today, or a date from tomorrow to 90 days ahead: `today` is the clinic's,
 * from the server, and the server checks the date again); "Dose reduced" says the review changes no dose. The
 * row's form leaves the page once reviewed: `onReviewed` hands the answer (its message, and any link to the
 * dose change) to whatever stays to show it (AnswerNote). `about`, on a list of several patients' results
 * (the dashboard), names the button after the result and its patient.
 */
export function AcknowledgeButton({
  labResultId,
  today,
  about,
  onReviewed,
}: {
  labResultId: string;
  today: string;
  about?: string;
  onReviewed?: (answer: ActionState) => void;
}) {
  const [form, leaving] = useLeavingAction(acknowledgeLabAction, onReviewed);
  const [state, action] = useRowFormAction(leaving, IDLE);
  const [chosen, setChosen] = useState("");
  const slug = labResultId.slice(0, 8);
  return (
    <form ref={form} action={action} className="mt-1 flex flex-wrap items-end gap-2" noValidate data-testid="review-form">
      <input type="hidden" name="labResultId" value={labResultId} />
      <SelectField
        id={`review-action-${slug}`}
        name="reviewAction"
        label="Action taken (optional)"
        state={state}
        defaultValue=""
        onChange={(e) => setChosen(e.target.value)}
        options={[{ value: "", label: "None noted" }, ...toOptions(REVIEW_ACTION_LABELS)]}
      />
      {chosen === "REPEAT_TEST" ? (
        <>
          <Field
            id={`review-days-${slug}`}
            name="repeatInDays"
            label="Repeat in (days)"
            inputMode="numeric"
            defaultValue={String(REPEAT_DEFAULT_DAYS)}
            state={state}
          />
          <Field id={`review-on-${slug}`} name="repeatOn" label="Or on (date)" type="date" {...repeatDateBounds(today)} state={state} />
        </>
      ) : null}
      <Field id={`review-note-${slug}`} name="note" label="Note" state={state} />
      <SubmitButton className="btn-secondary" label={about && `Mark reviewed: ${about}`}>
        Mark reviewed
      </SubmitButton>
      {chosen === "REPEAT_TEST" ? (
        <p className="w-full text-xs text-slate-600">
          Listed under Monitoring until a later result of this test; a date, when given, is used instead of the days.
        </p>
      ) : chosen === "DOSE_REDUCED" ? (
        <p className="w-full text-xs text-slate-600">The review changes no dose: record the new dose on the course (a link follows).</p>
      ) : null}
      {state.status === "error" ? <p className="field-error w-full">{state.message}</p> : null}
    </form>
  );
}

/** An open item waived with a reason (a dermatologist's, for an item not of their own kinds). */
export function WaiveItemForm({ patientId, itemKey }: { patientId: string; itemKey: string }) {
  const [waiveState, waiveAction] = useActionState(waiveItemAction, IDLE);
  const slug = itemKey.replace(/[^a-z0-9]/gi, "-");
  return (
    <form action={waiveAction} className="mt-2 max-w-md space-y-1" noValidate>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="itemKey" value={itemKey} />
      <Field id={`waive-${slug}`} name="reason" label="Waive with reason" state={waiveState} />
      <SubmitButton className="btn-secondary">Waive</SubmitButton>
      <FormMessage state={waiveState} />
    </form>
  );
}
