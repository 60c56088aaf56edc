import { LOINC } from "./catalogue";
import { CANONICAL_UNITS, UNIT_FACTORS } from "./units";

/**
 * The code a lab result is exported under (docs/DOMAIN.md, "Lab units and limits").
 *
 * A LOINC code names a kind of quantity: 14927-8 is "Triglyceride [Moles/volume] in Serum or Plasma", read in
 * mmol/L. A clinic-added test with such a code may count as an analyte the protocol knows, whose results are
 * stored and exported in the analyte's canonical unit (mg/dL, lib/domain/monitoring/units.ts). Under the test's
 * own code, a receiving system would read 150.6 mg/dL of triglycerides as 150.6 mmol/L. So a canonical value
 * goes out under the mass code of the same component, specimen and method.
 *
 * LOINC long common names, as published in HL7's LOINC expansions (tx.fhir.org): 2093-3 and 14647-2 in the
 * FHIR R4 ValueSet example-expansion; 2085-9 in the FHIR R4 lipid report example (bundle-lipids); 13457-7 and
 * 18262-6 in the FHIR ValueSet lipid-ldl-codes (LOINC 2.80); 2571-8, 14927-8, 14647-2, 14646-4, 39469-2 and
 * 69419-0 in the HL7 Lithuania laboratory guide (HL7LT ig-lt-lab, its LDL-method ValueSet and lipid profiles).
 * 22748-8 ("Cholesterol in LDL [Moles/volume] in Serum or Plasma") names no method: its mass sibling is not
 * 18262-6 ("... by Direct assay") but the method-less 2089-1, which is the LDL fallback below (these two names
 * from laboratories' published code lists only, [S] in DOMAIN.md).
 */
export interface ExportedCoding {
  system: string;
  code: string;
  display: string;
}

const mass = (code: string, display: string): ExportedCoding => ({ system: LOINC, code, display });

const TG_MASS = mass("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma");
const CHOL_MASS = mass("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma");
const HDL_MASS = mass("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma");
const LDL_CALC_MASS = mass("13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation");
const LDL_DIRECT_MASS = mass("18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay");
const LDL_MASS = mass("2089-1", "Cholesterol in LDL [Mass/volume] in Serum or Plasma");

/** Molar LOINC codes and their mass siblings (same component, specimen and method), with the analyte they measure. */
export const MOLAR_TO_MASS: Record<string, { analyte: string; mass: ExportedCoding }> = {
  "14927-8": { analyte: "TG", mass: TG_MASS }, // Triglyceride [Moles/volume] in Serum or Plasma
  "14647-2": { analyte: "CHOL", mass: CHOL_MASS }, // Cholesterol [Moles/volume] in Serum or Plasma
  "14646-4": { analyte: "HDL", mass: HDL_MASS }, // Cholesterol in HDL [Moles/volume] in Serum or Plasma
  "39469-2": { analyte: "LDL", mass: LDL_CALC_MASS }, // Cholesterol in LDL [Moles/volume] in Serum or Plasma by calculation
  "69419-0": { analyte: "LDL", mass: LDL_DIRECT_MASS }, // Cholesterol in LDL [Moles/volume] in Serum or Plasma by Direct assay
};

/**
 * Each analyte's mass code, for a molar test whose code is not in the map: the DOMAIN.md table's code, and for
 * LDL the code that names no method, since the table's two (calculated, direct) each name one.
 */
export const ANALYTE_MASS_CODES: Record<string, ExportedCoding> = { TG: TG_MASS, CHOL: CHOL_MASS, HDL: HDL_MASS, LDL: LDL_MASS };

const sameUnit = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Whether a unit converts to the analyte's canonical one by more than a renaming (mmol/L to mg/dL; not IU/L to U/L). */
const isOtherQuantity = (analyte: string, unit: string) =>
  UNIT_FACTORS.some((f) => f.analytes.includes(analyte) && f.factorHundredths !== 100 && sameUnit(f.unit, unit));

/**
 * The coding a result goes out under instead of its test's own, or null to keep the test's. Only a value in
 * the analyte's canonical unit (`valueUnit`, as stored) is recoded: a molar code of the map becomes its mass
 * sibling; any other code of a test set up in a molar unit becomes the analyte's mass code. A code that
 * already names the canonical kind of quantity (2571-8; ALT's 1742-6 in IU/L) stays.
 */
export function exportedCode(
  test: { code: string; codeSystem: string; analyte: string; unit: string | null },
  valueUnit: string | null,
): ExportedCoding | null {
  const canonical = CANONICAL_UNITS[test.analyte];
  if (!canonical || valueUnit === null || !sameUnit(valueUnit, canonical)) return null;
  const pair = test.codeSystem === LOINC ? MOLAR_TO_MASS[test.code] : undefined;
  if (pair?.analyte === test.analyte) return pair.mass;
  const molar = pair !== undefined || (test.unit !== null && isOtherQuantity(test.analyte, test.unit));
  return molar ? (ANALYTE_MASS_CODES[test.analyte] ?? null) : null;
}
