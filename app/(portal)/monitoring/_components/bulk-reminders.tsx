"use client";

import { useActionState, useMemo } from "react";
import { FormMessage, SelectField, SubmitButton } from "@/components/form";
import { REMINDER_CHANNEL_LABELS, toOptions } from "@/lib/labels";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { sendRemindersAction } from "../actions";

export const BULK_FORM_ID = "bulk-reminders";

/**
 * Reminders to the patients ticked on the page (their checkboxes belong to this form through the `form`
 * attribute). The answer lists each patient: queued, or why not.
 */
export function BulkReminders({ names }: { names: Record<string, string> }) {
  const [state, action] = useActionState(sendRemindersAction, IDLE);
  const outcomes = state.status === "ok" || state.status === "error" ? (state.outcomes ?? []) : [];
  // The patients' checkboxes sit on their cards, not in this form: "no patient ticked" is the message itself,
  // not a field to correct. Memoized: FormMessage moves focus whenever the state it is given changes.
  const shown = useMemo<ActionState>(() => {
    if (state.status !== "error" || !state.fieldErrors?.patientId || state.fieldErrors.channel) return state;
    return { status: "error", message: state.fieldErrors.patientId.join(" ") };
  }, [state]);
  return (
    <form id={BULK_FORM_ID} action={action} className="card space-y-2" noValidate data-testid="bulk-reminders">
      <div className="flex flex-wrap items-end gap-3">
        <SelectField name="channel" label="Send to the selected patients" state={state} options={toOptions(REMINDER_CHANNEL_LABELS)} />
        <SubmitButton>Send reminders</SubmitButton>
      </div>
      <FormMessage state={shown} />
      {outcomes.length > 0 ? (
        <ul className="space-y-1 text-sm" data-testid="bulk-outcomes">
          {outcomes.map((o) => (
            <li key={o.patientId} className={o.ok ? "text-green-800" : "text-red-800"}>
              {names[o.patientId] ?? "Patient"}: {o.message}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}
