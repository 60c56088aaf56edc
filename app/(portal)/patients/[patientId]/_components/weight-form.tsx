"use client";

import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import { Field, fieldErrorsOf, FormMessage, SubmitButton, submittedValue } from "@/components/form";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { SAME_DAY_WEIGHT_CODE } from "@/lib/domain/weight-entry";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { recordWeightAction } from "../courses/actions";

const isReplacement = (code: string) => code.startsWith(`${SAME_DAY_WEIGHT_CODE}:`);

/**
 * The replacement of the day's weight the form offers: the one the answer asks about, or, after a refusal
 * (a reason left empty), the one last sent, so that the offer stays while it is put right.
 */
function replacementOffered(state: ActionState): { code: string; question: string } | null {
  if (state.status === "confirm") {
    const asked = state.warnings.find((w) => isReplacement(w.code));
    return asked ? { code: asked.code, question: asked.message } : null;
  }
  const sent = submittedValue(state, "ack")?.split(",").find(isReplacement);
  return sent ? { code: sent, question: "A weight is already recorded for this day. Replace it?" } : null;
}

/**
 * A weight and its day. One far from the patient's recorded weights is saved once confirmed, and one for a
 * day that already has a weight is saved only as its replacement, once asked (lib/domain/weight-entry.ts).
 */
export function WeightForm({ patientId, today }: { patientId: string; today: string }) {
  const [state, action] = useActionState(recordWeightAction, IDLE);
  const replacement = replacementOffered(state);
  // The other confirmations (a weight far from the recorded ones) stay checkboxes, under their own title.
  const others: ActionState =
    state.status === "confirm" && replacement
      ? { ...state, message: "Check this weight, then confirm to save it.", warnings: state.warnings.filter((w) => !isReplacement(w.code)) }
      : state;
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="patientId" value={patientId} />
      <Field name="weightKg" label="Weight (kg)" inputMode="decimal" state={state} />
      <Field name="measuredOn" label="Measured on" type="date" state={state} defaultValue={today} />
      <SubmitButton className={replacement ? "btn-secondary" : "btn-primary"}>
        {state.status === "confirm" && !replacement ? "Confirm and record" : "Record weight"}
      </SubmitButton>
      <div className="w-full space-y-2">
        {replacement ? <ReplaceWeight state={state} {...replacement} /> : null}
        {others.status === "confirm" && others.warnings.length > 0 ? <ConfirmWarnings state={others} /> : null}
        {/* A confirmation the form never offered (a stale or altered form): no field to highlight, so said here. */}
        {fieldErrorsOf(state, "ack")?.map((e) => (
          <p key={e} className="text-sm text-red-700" data-testid="ack-error">
            {e}
          </p>
        ))}
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/**
 * "A weight of 67 kg is already recorded for 15 Nov 2026. Replace it?": the reason (a suggested one, which
 * the nurse may change) and the button that sends the replacement of the entry asked about.
 */
function ReplaceWeight({ state, code, question }: { state: ActionState; code: string; question: string }) {
  const { pending } = useFormStatus();
  return (
    <div
      role="group"
      aria-labelledby="replace-weight-question"
      className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
      data-testid="replace-weight"
    >
      <p id="replace-weight-question" className="font-semibold text-amber-900" tabIndex={-1} data-confirm-focus="">
        {question}
      </p>
      <p className="text-amber-900">
        Replacing corrects the recorded weight: it stays in the history, struck through, with the reason. Measured on another day? Change the date and record
        it.
      </p>
      <div className="max-w-md">
        <Field id="weight-replace-reason" name="reason" label="Reason for replacing" defaultValue="Re-weighed the same day" state={state} />
      </div>
      <button type="submit" name="ack" value={code} className="btn-primary" aria-disabled={pending} disabled={pending}>
        {pending ? "Saving…" : "Replace it"}
      </button>
    </div>
  );
}
