import { formatDate } from "@/lib/format";
import type { SettingsField } from "./settings-forms";

/** A setting's value as the page shows it: a choice by its label, a date in the app's format, else as the form has it. */
export function settingShown(field: SettingsField, value: string | undefined): string {
  if (value === undefined) return "—";
  const option = field.options?.find((o) => o.value === value);
  if (option) return option.label;
  return field.type === "date" ? formatDate(value) : value;
}

export interface SettingChange {
  label: string;
  from: string;
  to: string;
}

/** The fields a version sets otherwise than the one before it (flat values, as the form has them), in the form's order. */
export function versionChanges(fields: readonly SettingsField[], before: Record<string, string>, after: Record<string, string>): SettingChange[] {
  return fields
    .filter((f) => before[f.name] !== after[f.name])
    .map((f) => ({ label: f.label, from: settingShown(f, before[f.name]), to: settingShown(f, after[f.name]) }));
}
