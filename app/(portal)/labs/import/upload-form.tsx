"use client";

import Link from "@/components/link";
import { useActionState } from "react";
import { FileField, FormMessage, SubmitButton } from "@/components/form";
import { HL7_QUEUE_REASON_LABELS } from "@/lib/admin-labels";
import { repeatsAfterCorrectionText } from "@/lib/domain/monitoring/repeat";
import { IDLE, type Hl7Outcome } from "@/lib/validation/action-result";
import { importHl7FileAction } from "./actions";

function OutcomeLine({ o }: { o: Hl7Outcome }) {
  const reasons = o.queueReasons.map((r) => HL7_QUEUE_REASON_LABELS[r as keyof typeof HL7_QUEUE_REASON_LABELS] ?? r).join("; ");
  return (
    <li className="py-2 text-sm" data-testid="hl7-outcome" data-status={o.status}>
      <span className="font-medium">
        Message {o.index}
        {o.controlId ? <span className="font-mono text-xs text-slate-600"> ({o.controlId})</span> : null}:
      </span>{" "}
      {o.status === "REJECTED" ? (
        <span className="text-red-700">Refused, nothing imported. {o.error}</span>
      ) : o.status === "ALREADY_IMPORTED" ? (
        <span>Already imported: nothing changed.</span>
      ) : (
        <span>
          {o.attached === 0 ? "Read; no result added to a chart. " : "Added: "}
          {o.patients.map((p) => (
            <span key={p.id}>
              {p.attached} result{p.attached === 1 ? "" : "s"} for{" "}
              <Link href={`/patients/${p.id}#labs`} className="text-brand-700 underline">
                the patient
              </Link>
              .{" "}
            </span>
          ))}
          {o.corrected > 0 ? (
            <span>
              {o.corrected} of them replaced {o.corrected === 1 ? "a result" : "results"} the laboratory corrected; the corrected{" "}
              {o.corrected === 1 ? "one is" : "ones are"} voided.{" "}
            </span>
          ) : null}
          {repeatsAfterCorrectionText(o.repeats).map((text, i) => (
            <span key={`${i}:${text}`} data-testid="hl7-outcome-repeat">
              {text}{" "}
            </span>
          ))}
          {o.queued > 0 ? (
            <span>
              {o.queued} result{o.queued === 1 ? "" : "s"} {o.queued === 1 ? "waits" : "wait"} for review ({reasons}):{" "}
              <Link href="/labs/queue" className="text-brand-700 underline">
                Unfiled lab results
              </Link>
              .
            </span>
          ) : null}
        </span>
      )}
    </li>
  );
}

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
        <section className="card" aria-label="What the file held">
          <h2 className="text-lg font-semibold">What the file held</h2>
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
