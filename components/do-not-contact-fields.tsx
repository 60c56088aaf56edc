import { DO_NOT_CONTACT_LABELS } from "@/lib/labels";

export interface DoNotContact {
  doNotEmail: boolean;
  doNotText: boolean;
  doNotCall: boolean;
}

const FIELDS = [
  ["doNotEmail", DO_NOT_CONTACT_LABELS.EMAIL],
  ["doNotText", DO_NOT_CONTACT_LABELS.SMS],
  ["doNotCall", DO_NOT_CONTACT_LABELS.PHONE],
] as const;

/**
 * The channels a patient asked not to be contacted on, as checkboxes. `submitted` is what the form last
 * sent when it was refused (the values are kept), otherwise the stored choices are shown.
 */
export function DoNotContactFields({ idPrefix, values, submitted }: { idPrefix: string; values: Partial<DoNotContact>; submitted?: Record<string, string> }) {
  return (
    <fieldset>
      <legend className="label">Do not contact by</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {FIELDS.map(([name, label]) => (
          <label
            key={`${name}-${submitted ? (submitted[name] ?? "off") : "stored"}`}
            htmlFor={`${idPrefix}-${name}`}
            className="flex items-center gap-2 text-sm"
          >
            <input id={`${idPrefix}-${name}`} type="checkbox" name={name} defaultChecked={submitted ? submitted[name] === "on" : !!values[name]} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
