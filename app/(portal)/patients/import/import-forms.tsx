"use client";

import { useActionState } from "react";
import { fieldErrorsOf, FieldErrorText, FileField, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { commitImportAction, uploadImportAction } from "./actions";

export function UploadImportForm({ kinds }: { kinds: { value: string; label: string }[] }) {
  const [state, action] = useActionState(uploadImportAction, IDLE);
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">Upload a file</h2>
      <SelectField name="kind" label="The file holds" state={state} options={[{ value: "", label: "Choose…" }, ...kinds]} defaultValue="" />
      <FileField name="file" label="CSV file (UTF-8, at most 2 MB)" accept=".csv,text/csv" state={state} />
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        <SubmitButton>Upload and preview</SubmitButton>
      </div>
    </form>
  );
}

/**
 * The import button; with unusual values in the file, a checkbox confirming exactly those must be ticked. It
 * sends the digest of the warnings listed (`confirmation`), and is drawn afresh, unticked, when they change.
 */
export function CommitImportForm({
  batchId,
  label,
  warnings = 0,
  confirmation = null,
}: {
  batchId: string;
  label: string;
  warnings?: number;
  confirmation?: string | null;
}) {
  const [state, action] = useActionState(commitImportAction, IDLE);
  const errors = fieldErrorsOf(state, "confirmWarnings");
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="batchId" value={batchId} />
      {warnings && confirmation ? (
        <div key={confirmation}>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="confirmWarnings"
              value={confirmation}
              className="mt-1"
              aria-invalid={errors ? true : undefined}
              aria-describedby={errors ? "confirm-warnings-error" : undefined}
            />
            <span>
              {warnings === 1
                ? "I have checked the unusual value listed above against the laboratory's report: import it as it is."
                : `I have checked the ${warnings} unusual values listed above against the laboratory's reports: import them as they are.`}
            </span>
          </label>
          <FieldErrorText id="confirm-warnings-error" errors={errors} />
        </div>
      ) : null}
      <FormMessage state={state} />
      {state.status === "ok" ? null : <SubmitButton>{label}</SubmitButton>}
    </form>
  );
}
