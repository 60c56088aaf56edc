"use client";

import { useActionState } from "react";
import { confirmSubmit } from "@/components/confirm-submit";
import { Field, FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
import { LazyDetails } from "@/components/lazy-details";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE } from "@/lib/validation/action-result";
import { correctLabResultAction, correctWeightAction } from "../correction-actions";

const KINDS = {
  lab: {
    action: correctLabResultAction,
    idField: "labResultId",
    valueField: "value",
    valueLabel: "Corrected value",
    dateField: "specimenDate",
    dateLabel: "Corrected specimen date",
  },
  weight: {
    action: correctWeightAction,
    idField: "weightId",
    valueField: "weightKg",
    valueLabel: "Corrected weight (kg)",
    dateField: "measuredOn",
    dateLabel: "Corrected date",
  },
} as const;

/**
 * "Correct or void" on one lab result or weight: a new value corrects the entry (a new entry replaces it), on
 * the date given or its own; neither value nor date voids it as entered in error, once asked. A date alone is
 * sent, not asked about as a void: the answer asks for the value again, and the date typed stays. `unit`: the unit a lab entry was made in, which its correction is read in. The reason is required; the original stays in the history.
 * The entry's form leaves the page once it is voided or corrected: its answer (a lab correction's says what
 * became of the repeat asked for at the result's review) stays under the entry (LeftAnswerHere), with the focus.
 */
export function CorrectionForm({ kind, entryId, unit = null }: { kind: keyof typeof KINDS; entryId: string; unit?: string | null }) {
  const k = KINDS[kind];
  const [form, leaving] = useLeavingAction(k.action, useLeaveAnswer(entryId));
  const [state, action] = useActionState(leaving, IDLE);
  const id = (field: string) => `${field}-${entryId}`;
  return (
    <LazyDetails formOnly className="mt-1 text-xs" summaryClassName="cursor-pointer text-brand-700" summary="Correct or void">
      <form
        ref={form}
        action={action}
        className="mt-2 space-y-2"
        noValidate
        onSubmit={confirmSubmit(
          "Void this entry as entered in error? It stays in the history, struck through, and counts for nothing.",
          // A corrected date without a value is no void: it is sent, and the value asked for (the date kept).
          (values) => !String(values.get(k.valueField) ?? "").trim() && !String(values.get(k.dateField) ?? "").trim(),
        )}
      >
        <input type="hidden" name={k.idField} value={entryId} />
        {/* A lab value is read in the unit the entry was made in (mmol/L, say), which the label names. */}
        <Field
          name={k.valueField}
          id={id(k.valueField)}
          label={unit ? `${k.valueLabel} (${unit})` : k.valueLabel}
          hint="To void the entry as entered in error, leave this and the date empty."
          state={state}
        />
        <Field name={k.dateField} id={id(k.dateField)} label={k.dateLabel} type="date" hint="Leave empty to keep the date." state={state} />
        <Field name="reason" id={id("reason")} label="Reason" required minLength={3} maxLength={500} state={state} />
        <ConfirmWarnings state={state} />
        <SubmitButton>Save</SubmitButton>
        <FormMessage state={state} />
      </form>
    </LazyDetails>
  );
}
