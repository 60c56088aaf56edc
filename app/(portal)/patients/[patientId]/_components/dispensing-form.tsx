"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton, useLeavingAction } from "@/components/form";
import { useLeaveAnswer } from "@/components/left-answer";
import { LazyDetails } from "@/components/lazy-details";
import { ConfirmWarnings } from "@/components/schedule-fields";
import { IDLE } from "@/lib/validation/action-result";
import { recordDispensingAction } from "../courses/actions";

/**
 * Under a live prescription, for a dermatologist or a nurse: the day the pharmacy dispensed it (its first fill), once
 * learned, or (`dispensedOn`: the date recorded) its correction with a reason, the date recorded before kept in its
 * history. Sent at the course's version the page showed. A date after its last day to be dispensed, after the course's
 * last day, or on a day it was held from dispensing is asked to be confirmed. Once saved the line under the
 * prescription says it; the answer stays under the entry (LeftAnswerHere), with the focus.
 */
export function DispensingForm({
  course,
  prescriptionId,
  writtenOn,
  today,
  dispensedOn,
}: {
  course: { id: string; version: number };
  prescriptionId: string;
  writtenOn: string;
  today: string;
  dispensedOn: string | null;
}) {
  const [form, leaving] = useLeavingAction(recordDispensingAction, useLeaveAnswer(prescriptionId));
  const [state, formAction] = useActionState(leaving, IDLE);
  const correcting = dispensedOn !== null;
  const testId = correcting ? "correct-dispensing" : "record-dispensing";
  return (
    <LazyDetails
      formOnly
      className="mt-1 text-xs"
      testId={testId}
      summaryClassName="cursor-pointer text-brand-700"
      summary={correcting ? "Correct the dispensed date" : "Record dispensing"}
    >
      <form ref={form} action={formAction} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name="courseId" value={course.id} />
        <input type="hidden" name="version" value={course.version} />
        <input type="hidden" name="prescriptionId" value={prescriptionId} />
        <Field
          name="dispensedOn"
          id={`${testId}-date-${prescriptionId}`}
          label={correcting ? "Corrected dispensed date" : "Dispensed on"}
          hint="The day the pharmacy dispensed it (its first fill), as the pharmacy reports it."
          type="date"
          min={writtenOn}
          max={today}
          required
          state={state}
        />
        {correcting ? (
          <Field name="reason" id={`${testId}-reason-${prescriptionId}`} label="Reason" required minLength={3} maxLength={500} state={state} />
        ) : null}
        <ConfirmWarnings state={state} />
        <SubmitButton>{correcting ? "Save correction" : "Record dispensing"}</SubmitButton>
        <FormMessage state={state} />
      </form>
    </LazyDetails>
  );
}
