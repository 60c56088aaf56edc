/**
 * The default LOINC-coded test catalogue (docs/DOMAIN.md "Labs and thresholds"; codes from loinc.org).
 * Reference ranges are typical adult ranges; each clinic edits its own and every result stores the
 * range in force when it was entered.
 */
export const LOINC = "http://loinc.org";

export type Analyte = "TG" | "CHOL" | "LDL" | "HDL" | "ALT" | "AST" | "HCG";

export interface CatalogueEntry {
  code: string;
  name: string;
  analyte: Analyte | string;
  kind: "QUANTITATIVE" | "QUALITATIVE";
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  sortOrder: number;
}

export const DEFAULT_CATALOGUE: CatalogueEntry[] = [
  { code: "2571-8", name: "Triglycerides", analyte: "TG", kind: "QUANTITATIVE", unit: "mg/dL", refLow: 0, refHigh: 150, sortOrder: 10 },
  { code: "2093-3", name: "Total cholesterol", analyte: "CHOL", kind: "QUANTITATIVE", unit: "mg/dL", refLow: 0, refHigh: 200, sortOrder: 20 },
  { code: "13457-7", name: "LDL cholesterol (calculated)", analyte: "LDL", kind: "QUANTITATIVE", unit: "mg/dL", refLow: 0, refHigh: 130, sortOrder: 30 },
  { code: "18262-6", name: "LDL cholesterol (direct)", analyte: "LDL", kind: "QUANTITATIVE", unit: "mg/dL", refLow: 0, refHigh: 130, sortOrder: 31 },
  { code: "2085-9", name: "HDL cholesterol", analyte: "HDL", kind: "QUANTITATIVE", unit: "mg/dL", refLow: 40, refHigh: null, sortOrder: 40 },
  { code: "1742-6", name: "ALT", analyte: "ALT", kind: "QUANTITATIVE", unit: "U/L", refLow: 7, refHigh: 40, sortOrder: 50 },
  { code: "1920-8", name: "AST", analyte: "AST", kind: "QUANTITATIVE", unit: "U/L", refLow: 8, refHigh: 40, sortOrder: 60 },
  { code: "2106-3", name: "hCG, urine (qualitative)", analyte: "HCG", kind: "QUALITATIVE", unit: null, refLow: null, refHigh: null, sortOrder: 70 },
  { code: "2118-8", name: "hCG, serum (qualitative)", analyte: "HCG", kind: "QUALITATIVE", unit: null, refLow: null, refHigh: null, sortOrder: 71 },
];

/**
 * hCG tests a laboratory may send that the catalogue does not record (it records the qualitative urine and
 * serum tests, docs/DOMAIN.md): quantitative serum hCG and beta-hCG (LOINC 19080-1, 21198-7, 2119-6).
 */
export const OTHER_HCG_CODES: readonly string[] = ["19080-1", "21198-7", "2119-6"];
