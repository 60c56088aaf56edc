import { QUALITATIVE_RESULT_LABELS } from "@/lib/labels";

// How a result, its entered value and its reference range read: in the results table and the entry form.

/** A result's value: the number with its unit, or the qualitative answer. */
export const valueText = (l: { valueNumeric: number | null; unit: string | null; valueQualitative: keyof typeof QUALITATIVE_RESULT_LABELS | null }) =>
  l.valueNumeric !== null ? `${l.valueNumeric} ${l.unit ?? ""}` : l.valueQualitative ? QUALITATIVE_RESULT_LABELS[l.valueQualitative].toLowerCase() : "—";

/** The value as entered or received, when its unit was converted to the canonical one. */
export const enteredText = (l: { enteredValue: number | null; enteredUnit: string | null; unit: string | null }) =>
  l.enteredValue !== null && l.enteredUnit && l.enteredUnit !== l.unit ? `entered as ${l.enteredValue} ${l.enteredUnit}` : null;

/**
 * A reference range, open at either end, with its unit: in the entry form the nurse may enter another
 * unit than the one the range is in.
 */
export const rangeText = (low: number | null, high: number | null, unit: string | null = null) => {
  const range = low !== null && high !== null ? `${low}-${high}` : high !== null ? `≤ ${high}` : low !== null ? `≥ ${low}` : null;
  return range === null ? "—" : unit ? `${range} ${unit}` : range;
};
