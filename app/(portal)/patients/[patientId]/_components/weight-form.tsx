"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE } from "@/lib/validation/action-result";
import { recordWeightAction } from "../courses/actions";

/** A weight and its day; one far from the patient's recorded weights is saved once confirmed (lib/domain/weight-entry.ts). */
export function WeightForm({ patientId, today }: { patientId: string; today: string }) {
  const [state, action] = useActionState(recordWeightAction, IDLE);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="patientId" value={patientId} />
      <Field name="weightKg" label="Weight (kg)" inputMode="decimal" state={state} />
      <Field name="measuredOn" label="Measured on" type="date" state={state} defaultValue={today} />
      <SubmitButton>{state.status === "confirm" ? "Confirm and record" : "Record weight"}</SubmitButton>
      <div className="w-full">
        <ConfirmWarnings state={state} />
        <FormMessage state={state} />
      </div>
    </form>
  );
}
