"use client";

import { useActionState } from "react";
import { Field, FormMessage, SelectField, SubmitButton } from "@/components/form";
import { IDLE } from "@/lib/validation/action-result";
import type { SettingsKind } from "@/lib/validation/settings";
import { isMilliField } from "@/lib/validation/settings-milli";
import { saveClinicSettingsAction } from "./actions";

/** Field name (nested keys joined by "."), label, and an optional list of choices. */
export type SettingsField = { name: string; label: string; options?: { value: string; label: string }[]; type?: "date" };

export function SettingsForm({
  kind,
  version,
  title,
  fields,
  current,
  effectiveFrom,
  effectiveHint,
}: {
  kind: SettingsKind;
  /** The latest saved version of the kind (0: none), which the save is checked against. */
  version: number;
  title: string;
  fields: SettingsField[];
  current: Record<string, string>;
  /** The first day the save accepts (today, or the day of a version already scheduled), and the default. */
  effectiveFrom: string;
  /** Says which days the save accepts. */
  effectiveHint: string;
}) {
  const [state, action] = useActionState(saveClinicSettingsAction, IDLE);
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-3" noValidate aria-label={`New version: ${title}`}>
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="version" value={version} />
      {fields.map((f) =>
        f.options ? (
          <SelectField key={f.name} id={`${kind}-${f.name}`} name={f.name} label={f.label} state={state} options={f.options} defaultValue={current[f.name]} />
        ) : (
          <Field
            key={f.name}
            id={`${kind}-${f.name}`}
            name={f.name}
            label={f.label}
            state={state}
            {...(f.type === "date" ? { type: "date" } : { inputMode: isMilliField(f.name) ? ("decimal" as const) : ("numeric" as const) })}
            defaultValue={current[f.name]}
          />
        ),
      )}
      <Field
        id={`${kind}-effectiveFrom`}
        name="effectiveFrom"
        label="Takes effect on"
        type="date"
        min={effectiveFrom}
        hint={effectiveHint}
        state={state}
        defaultValue={effectiveFrom}
      />
      <div className="sm:col-span-3">
        <FormMessage state={state} />
        <SubmitButton>Save as a new version</SubmitButton>
      </div>
    </form>
  );
}
