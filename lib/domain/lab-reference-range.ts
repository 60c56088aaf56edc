import { PLAUSIBILITY } from "./monitoring/plausibility";
import { CANONICAL_UNITS, toCanonical } from "./monitoring/units";

/**
 * Whether a laboratory's reference range can judge its result. A range is numbers read in a unit: HL7 v2.5.1
 * chapter 7, OBX-7 "References Range" ("lower limit-upper limit", "> lower limit", "< upper limit") gives
 * the limits without a unit of their own, in the unit of the result (OBX-6), and a laboratory that writes one
 * after them ("0-200 mg/dL") names it. Read in any other unit than the value's, a range means something else:
 * total cholesterol 0-200, a range in mg/dL, read in mmol/L is 0–7734 mg/dL, and every value reads as within
 * it. So a laboratory's range is not used (the clinic's range of the test, the catalogue's, applies instead,
 * docs/DOMAIN.md "Flag rules") when:
 * - it is written in another unit than the value's (U/L and IU/L read the same: units.ts);
 * - its lower limit is above its upper limit;
 * - in the value's unit, converted to the canonical one, a limit lies outside the usual values of the test
 *   (plausibility.ts, the limits hand entry asks to confirm a value beyond). A reference interval is the
 *   central 95 % of the values of healthy reference individuals (CLSI EP28-A3c, Defining, Establishing, and
 *   Verifying Reference Intervals in the Clinical Laboratory, 2010), so each of its limits is itself a usual
 *   value of the test; one beyond them is the range of another unit. A lower limit of 0 is how laboratories
 *   write a range with none ("0-200") and is always accepted.
 * Analytes without plausibility limits (clinic-added tests, recorded in their own unit only) are judged by
 * the first two rules alone.
 */

/** A laboratory's range as read from its text: the limits, and the unit written after them, if any. */
export interface SentRange {
  low: number | null;
  high: number | null;
  unit: string | null;
}

export type LabRangeNotUsed = { reason: "UNIT_DIFFERS" | "REVERSED" | "NOT_PLAUSIBLE"; why: string };

/** "0–200", "≤ 150", "≥ 40", as the flag's sentence writes a range (flags.ts). */
export const rangeText = (low: number | null, high: number | null) =>
  low !== null && high !== null ? `${low}–${high}` : high !== null ? `≤ ${high}` : `≥ ${low}`;

/** Two spellings of one unit for this analyte: the same text, or the same factor to its canonical unit. */
function sameUnit(analyte: string, a: string, b: string): boolean {
  if (a.trim().toLowerCase() === b.trim().toLowerCase()) return true;
  if (!CANONICAL_UNITS[analyte]) return false;
  const [x, y] = [toCanonical(analyte, 1000, a), toCanonical(analyte, 1000, b)];
  return x.ok && y.ok && x.value === y.value;
}

/** Why a limit in canonical units is no usual value of the test, or null. */
function unusualLimit(analyte: string, which: "lower" | "upper", value: number, unit: string): string | null {
  const usual = PLAUSIBILITY[analyte]?.usual;
  if (!usual || (which === "lower" && value === 0)) return null;
  if (value > usual.max) return `its ${which} limit above the usual values of the test (at most ${usual.max} ${unit})`;
  if (value < usual.min) return `its ${which} limit below the usual values of the test (at least ${usual.min} ${unit})`;
  return null;
}

/**
 * Why the laboratory's range (`range`) cannot judge a value of this test in `valueUnit` (the unit it was sent or
 * chosen in), or null when it can. `test.unit`: the catalogue's unit of the test, the one a clinic-added test
 * is recorded in.
 */
export function labRangeNotUsed(test: { analyte: string; unit: string | null }, range: SentRange, valueUnit: string | null): LabRangeNotUsed | null {
  if (range.low === null && range.high === null) return null;
  if (range.unit !== null && (valueUnit === null || !sameUnit(test.analyte, range.unit, valueUnit)))
    return { reason: "UNIT_DIFFERS", why: `its unit is not the result's (${valueUnit?.trim() || "none"})` };
  if (range.low !== null && range.high !== null && range.low > range.high) return { reason: "REVERSED", why: "its lower limit is above its upper limit" };
  const canonical = (v: number | null) => {
    if (v === null) return null;
    const c = toCanonical(test.analyte, v, valueUnit, test.unit);
    return c.ok ? c : null;
  };
  const [low, high] = [canonical(range.low), canonical(range.high)];
  // A unit the test does not take: the value itself is refused in it, before any range judges it.
  if ((range.low !== null && !low) || (range.high !== null && !high)) return null;
  const unit = (high ?? low)!.unit;
  const beyond = (high && unusualLimit(test.analyte, "upper", high.value, unit)) ?? (low && unusualLimit(test.analyte, "lower", low.value, unit)) ?? null;
  if (!beyond) return null;
  const converted = `${rangeText(low?.value ?? null, high?.value ?? null)} ${unit}`;
  const read = valueUnit && !sameUnit(test.analyte, valueUnit, unit) ? `read in ${valueUnit.trim()}, it is ${converted}` : `it is ${converted}`;
  return { reason: "NOT_PLAUSIBLE", why: `${read}, ${beyond}` };
}
