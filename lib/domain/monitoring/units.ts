/**
 * Units. Each analyte the protocol knows has one canonical UCUM unit; flags, charts, the protocol and the
 * FHIR export read the canonical value, and a result also keeps the value and unit as entered or received.
 *
 * Conversion factors (mmol/L to mg/dL): molar mass / 10.
 * - Triglycerides x 88.57 (triolein, 885.7 g/mol), cholesterol, LDL and HDL x 38.67 (cholesterol,
 *   386.65 g/mol): NCEP ATP III report (Circulation 2002;106:3143), "to convert to mmol/L divide by 88.57 /
 *   38.67"; the same factors in the SI conversion table of AMA Manual of Style (JAMA units).
 * - U/L and IU/L are the same enzyme activity unit as laboratories report ALT and AST (IFCC, 1 U = 1 umol/min);
 *   the factor is 1.
 * UCUM spellings: mg/dL, mmol/L, U/L (unitsofmeasure.org); "[IU]/L" is UCUM's form of IU/L.
 */
export const CANONICAL_UNITS: Record<string, string> = {
  TG: "mg/dL",
  CHOL: "mg/dL",
  LDL: "mg/dL",
  HDL: "mg/dL",
  ALT: "U/L",
  AST: "U/L",
};

/** Factor from the unit to the canonical unit, in hundredths (8857 = x 88.57), so the arithmetic is exact. */
export const UNIT_FACTORS: { analytes: string[]; unit: string; factorHundredths: number }[] = [
  { analytes: ["TG"], unit: "mmol/L", factorHundredths: 8857 },
  { analytes: ["CHOL", "LDL", "HDL"], unit: "mmol/L", factorHundredths: 3867 },
  { analytes: ["ALT", "AST"], unit: "IU/L", factorHundredths: 100 },
  { analytes: ["ALT", "AST"], unit: "[IU]/L", factorHundredths: 100 },
];

/** The units a result of this analyte may be given in, canonical first; null: the analyte has no canonical unit. */
export function acceptedUnits(analyte: string): string[] | null {
  const canonical = CANONICAL_UNITS[analyte];
  if (!canonical) return null;
  return [canonical, ...UNIT_FACTORS.filter((f) => f.analytes.includes(analyte)).map((f) => f.unit)];
}

/**
 * The units a person chooses from for a result of a catalogue test: the analyte's accepted units, canonical
 * first (IU/L once, not again as UCUM's [IU]/L), else the test's own unit (a clinic-added test); none for a
 * test without a unit.
 */
export const unitChoices = (test: { analyte: string; unit: string | null }): string[] =>
  test.unit ? (acceptedUnits(test.analyte)?.filter((u) => u !== "[IU]/L") ?? [test.unit]) : [];

/** Units compare as written by UCUM, but laboratories vary the case (MG/DL, mmol/l). */
const sameUnit = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export type Canonical = { ok: true; value: number; unit: string } | { ok: false; message: string };

/**
 * The canonical value of a result, rounded half up to one decimal (the precision laboratories report in
 * mg/dL). Analytes without a canonical unit (clinic-added tests) keep their value, in the test's own unit
 * (`testUnit`, the unit its range and its action and critical levels are in): a value in another unit has no
 * conversion here and would be judged by levels in the wrong unit, so it is refused (hand entry) or queued
 * (HL7). Values carry at most 3 decimals.
 */
export function toCanonical(analyte: string, value: number, unit: string | null, testUnit: string | null = null): Canonical {
  const canonical = CANONICAL_UNITS[analyte];
  if (!canonical) {
    const given = unit?.trim() ? unit : null;
    if (testUnit?.trim() && given !== null && !sameUnit(given, testUnit))
      return { ok: false, message: `The unit ${given} is not accepted for this test: use ${testUnit}.` };
    return { ok: true, value, unit: testUnit?.trim() ? testUnit : (given ?? "") };
  }
  if (unit === null || unit.trim() === "" || sameUnit(unit, canonical)) return { ok: true, value, unit: canonical };
  const factor = UNIT_FACTORS.find((f) => f.analytes.includes(analyte) && sameUnit(f.unit, unit));
  if (!factor) return { ok: false, message: `The unit ${unit} is not accepted for this test: use ${acceptedUnits(analyte)!.join(" or ")}.` };
  if (factor.factorHundredths === 100) return { ok: true, value, unit: canonical };
  // value in thousandths x factor in hundredths = hundred-thousandths; round half up to tenths.
  const product = Math.round(value * 1000) * factor.factorHundredths;
  return { ok: true, value: Math.floor((product + 5000) / 10000) / 10, unit: canonical };
}
