"use client";

import { useActionState } from "react";
import { FormMessage, SelectField, SubmitButton, fieldErrorsOf } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import { commitImportAction, uploadImportAction } from "./actions";

export function UploadImportForm({ kinds }: { kinds: { value: string; label: string }[] }) {
  const [state, action] = useActionState(uploadImportAction, IDLE);
  const fileErrors = fieldErrorsOf(state, "file");
  return (
    <form action={action} className="card grid gap-3 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-semibold sm:col-span-2">Upload a file</h2>
      <SelectField name="kind" label="The file holds" state={state} options={[{ value: "", label: "Choose…" }, ...kinds]} defaultValue="" />
      <div>
        <label htmlFor="file" className="label">
          CSV file (UTF-8, at most 2 MB)
        </label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          className="input"
          aria-invalid={fileErrors ? true : undefined}
          aria-describedby={fileErrors ? "file-error" : undefined}
        />
        {fileErrors ? (
          <p id="file-error" className="mt-1 text-sm text-red-700">
            {fileErrors[0]}
          </p>
        ) : null}
      </div>
      <div className="space-y-2 sm:col-span-2">
        <FormMessage state={state} />
        <SubmitButton>Upload and preview</SubmitButton>
      </div>
    </form>
  );
}

export function CommitImportForm({ batchId, label }: { batchId: string; label: string }) {
  const [state, action] = useActionState(commitImportAction, IDLE);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="batchId" value={batchId} />
      <FormMessage state={state} />
      {state.status === "ok" ? null : <SubmitButton>{label}</SubmitButton>}
    </form>
  );
}
