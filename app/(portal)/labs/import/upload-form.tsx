"use client";

import { useActionState } from "react";
import { FileField, FormMessage, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { importHl7FileAction } from "./actions";
import { OutcomeLine, UrgentSummary } from "./outcome-line";

export function UploadHl7Form() {
  const [state, action] = useActionState(importHl7FileAction, IDLE);
  return (
    <div className="space-y-4">
      <form action={action} className="card space-y-3" noValidate>
        <h2 className="text-lg font-semibold">Upload a results file</h2>
        <FileField name="file" label="Results file from the laboratory (.hl7 or .txt, at most 2 MB)" accept=".hl7,.txt,text/plain" state={state} />
        <FormMessage state={state} />
        <SubmitButton>Import results</SubmitButton>
      </form>
      {state.status === "ok" && state.hl7 ? (
        <section className="card space-y-2" aria-label="What the file held">
          <h2 className="text-lg font-semibold">What the file held</h2>
          <UrgentSummary outcomes={state.hl7} />
          <ul className="divide-y divide-slate-100" data-testid="hl7-outcomes">
            {state.hl7.map((o) => (
              <OutcomeLine key={o.index} o={o} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
