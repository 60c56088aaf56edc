"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { addOutreachNoteAction } from "../patients/[patientId]/labs-actions";

export function OutreachInline({ patientId, itemKey }: { patientId: string; itemKey: string }) {
  const [state, action] = useActionState(addOutreachNoteAction, IDLE);
  const id = `outreach-${patientId}-${itemKey.replace(/[^a-z0-9]/gi, "-")}`;
  return (
    <form action={action} className="mt-1 flex flex-wrap items-center gap-1" noValidate>
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="itemKey" value={itemKey} />
      <label htmlFor={id} className="sr-only">
        Outreach note
      </label>
      <input id={id} name="note" className="input w-40 py-1" placeholder="Called, left message" />
      <SubmitButton className="btn-secondary py-1">Log</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
