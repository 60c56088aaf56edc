/**
 * Physiological limits, in each analyte's canonical unit (units.ts). A value outside the possible range
 * is refused with the limit named (a typing slip such as AST 99999); a value outside the usual range but
 * still possible needs an explicit confirmation.
 *
 * Sources: the possible ranges lie beyond the extremes reported in the literature. Triglycerides above
 * 10,000 mg/dL occur in familial chylomicronemia (lipoprotein lipase deficiency; Burnett, Hooper & Hegele,
 * GeneReviews "Familial Lipoprotein Lipase Deficiency"); aminotransferases above 10,000 U/L occur in
 * ischaemic and acetaminophen hepatitis (Kwo, Cohen & Lim, ACG Clinical Guideline: Evaluation of Abnormal
 * Liver Chemistries, Am J Gastroenterol 2017). Total cholesterol above 1,000 mg/dL is seen only in
 * cholestasis with lipoprotein X; HDL and LDL cannot exceed the total. The usual ranges are this product's
 * choice of where a value is rare enough to ask for a second look: above the ACG guideline's "severe"
 * aminotransferase band (> 15x ULN, about 600 U/L; here 1,000), and well beyond the NCEP ATP III "very
 * high" categories for lipids (triglycerides >= 500 mg/dL; here 2,000).
 */
export interface PlausibilityLimits {
  possible: { min: number; max: number };
  usual: { min: number; max: number };
}

export const PLAUSIBILITY: Record<string, PlausibilityLimits> = {
  TG: { possible: { min: 1, max: 30000 }, usual: { min: 20, max: 2000 } },
  CHOL: { possible: { min: 20, max: 2000 }, usual: { min: 80, max: 500 } },
  LDL: { possible: { min: 1, max: 1500 }, usual: { min: 20, max: 400 } },
  HDL: { possible: { min: 1, max: 300 }, usual: { min: 15, max: 120 } },
  ALT: { possible: { min: 0, max: 20000 }, usual: { min: 3, max: 1000 } },
  AST: { possible: { min: 0, max: 20000 }, usual: { min: 5, max: 1000 } },
};

export type Plausibility = { kind: "OK" } | { kind: "UNUSUAL"; message: string } | { kind: "IMPOSSIBLE"; message: string };

/** Where a canonical value lies against the analyte's limits; analytes without limits are always OK. */
export function checkPlausibility(analyte: string, value: number, unit: string): Plausibility {
  const l = PLAUSIBILITY[analyte];
  if (!l) return { kind: "OK" };
  const shown = `${value} ${unit}`;
  if (value > l.possible.max) return { kind: "IMPOSSIBLE", message: `${shown} is above the physiological limit of ${l.possible.max} ${unit}.` };
  if (value < l.possible.min) return { kind: "IMPOSSIBLE", message: `${shown} is below the physiological limit of ${l.possible.min} ${unit}.` };
  if (value > l.usual.max) return { kind: "UNUSUAL", message: `${shown} is unusually high (above ${l.usual.max} ${unit}).` };
  if (value < l.usual.min) return { kind: "UNUSUAL", message: `${shown} is unusually low (below ${l.usual.min} ${unit}).` };
  return { kind: "OK" };
}
