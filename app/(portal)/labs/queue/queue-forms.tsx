"use client";

import { useActionState } from "react";
import { Field, FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { attachHl7ResultAction, dismissHl7ResultAction } from "./actions";

/**
 * Attach (MRN and date of birth of the chosen patient) or dismiss (with a reason) one waiting result; a
 * critical pregnancy test is dismissed only by a dermatologist (the server refuses anyone else).
 */
export function QueueEntryForms({ entryId, canDismiss }: { entryId: string; canDismiss: boolean }) {
  const [attachState, attach] = useActionState(attachHl7ResultAction, IDLE);
  const [dismissState, dismiss] = useActionState(dismissHl7ResultAction, IDLE);
  const slug = entryId.slice(0, 8);
  return (
    <div className="mt-2 grid gap-3 md:grid-cols-2">
      <form action={attach} className="space-y-1" noValidate aria-label="Attach to a patient">
        <input type="hidden" name="entryId" value={entryId} />
        <Field id={`mrn-${slug}`} name="mrn" label="Patient's MRN" state={attachState} />
        <Field id={`dob-${slug}`} name="birthDate" label="Patient's date of birth" type="date" state={attachState} />
        <FormMessage state={attachState} />
        <SubmitButton className="btn-secondary">Attach to this patient</SubmitButton>
      </form>
      {canDismiss ? (
        <form action={dismiss} className="space-y-1" noValidate aria-label="Dismiss">
          <input type="hidden" name="entryId" value={entryId} />
          <Field id={`reason-${slug}`} name="reason" label="Reason for dismissing" placeholder="Not a patient of this clinic" state={dismissState} />
          <FormMessage state={dismissState} />
          <SubmitButton className="btn-danger">Dismiss</SubmitButton>
        </form>
      ) : (
        <p className="text-slate-700">Only a dermatologist can dismiss this pregnancy test result.</p>
      )}
    </div>
  );
}
