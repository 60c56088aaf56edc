import type { TestResult } from "../pregnancy/history";

/**
 * Abnormal-result flags. Every threshold is a clinic setting; the defaults and their sources:
 * - Triglycerides: > 150 mg/dL high (NCEP ATP III); >= 500 review or reduce dose (isotretinoin label,
 *   AAD acne guideline, Zaenglein JAAD 2016); >= 800 critical, pancreatitis risk (label).
 * - Total cholesterol >= 240, LDL >= 160 high and >= 190 action, HDL < 40 low (NCEP ATP III; ACC/AHA 2018).
 * - ALT/AST: > ULN high, > 3x ULN action, > 5x ULN critical (label: stop if hepatitis suspected; Xia et al.
 *   JAMA Dermatol 2022). ULN is the reference range stored with the result.
 * - hCG: any positive result is critical: stop drug, refer (iPLEDGE REMS).
 */
export type Flag = "NORMAL" | "LOW" | "HIGH" | "ACTION" | "CRITICAL";

export interface LabThresholds {
  TG: { high: number; action: number; critical: number };
  CHOL: { high: number };
  LDL: { high: number; action: number };
  HDL: { low: number };
  LIVER: { actionTimesUln: number; criticalTimesUln: number };
}

export const DEFAULT_THRESHOLDS: LabThresholds = {
  TG: { high: 150, action: 500, critical: 800 },
  CHOL: { high: 240 },
  LDL: { high: 160, action: 190 },
  HDL: { low: 40 },
  LIVER: { actionTimesUln: 3, criticalTimesUln: 5 },
};

export interface ResultToFlag {
  analyte: string;
  valueNumeric: number | null;
  valueQualitative: TestResult | null;
  refLow: number | null;
  refHigh: number | null;
}

export interface FlagResult {
  flag: Flag;
  reason: string | null;
}

const ok: FlagResult = { flag: "NORMAL", reason: null };

export function flagResult(r: ResultToFlag, t: LabThresholds = DEFAULT_THRESHOLDS): FlagResult {
  if (r.analyte === "HCG") {
    if (r.valueQualitative === "POSITIVE") return { flag: "CRITICAL", reason: "Positive pregnancy test: stop isotretinoin and refer." };
    if (r.valueQualitative === "INDETERMINATE") return { flag: "ACTION", reason: "Indeterminate pregnancy test: repeat before prescribing." };
    return ok;
  }
  const v = r.valueNumeric;
  if (v === null) return ok;
  switch (r.analyte) {
    case "TG":
      if (v >= t.TG.critical) return { flag: "CRITICAL", reason: `Triglycerides >= ${t.TG.critical} mg/dL: pancreatitis risk.` };
      if (v >= t.TG.action) return { flag: "ACTION", reason: `Triglycerides >= ${t.TG.action} mg/dL: review or reduce dose.` };
      if (v > t.TG.high) return { flag: "HIGH", reason: `Triglycerides above ${t.TG.high} mg/dL.` };
      return ok;
    case "CHOL":
      return v >= t.CHOL.high ? { flag: "HIGH", reason: `Total cholesterol >= ${t.CHOL.high} mg/dL.` } : ok;
    case "LDL":
      if (v >= t.LDL.action) return { flag: "ACTION", reason: `LDL >= ${t.LDL.action} mg/dL.` };
      return v >= t.LDL.high ? { flag: "HIGH", reason: `LDL >= ${t.LDL.high} mg/dL.` } : ok;
    case "HDL":
      return v < t.HDL.low ? { flag: "LOW", reason: `HDL below ${t.HDL.low} mg/dL.` } : ok;
    case "ALT":
    case "AST": {
      const uln = r.refHigh;
      if (uln === null || uln <= 0) return ok;
      if (v > t.LIVER.criticalTimesUln * uln) return { flag: "CRITICAL", reason: `${r.analyte} above ${t.LIVER.criticalTimesUln}x the upper limit of normal.` };
      if (v > t.LIVER.actionTimesUln * uln) return { flag: "ACTION", reason: `${r.analyte} above ${t.LIVER.actionTimesUln}x the upper limit of normal.` };
      if (v > uln) return { flag: "HIGH", reason: `${r.analyte} above the upper limit of normal.` };
      return ok;
    }
    default:
      // A test the clinic added: its own reference range.
      if (r.refHigh !== null && v > r.refHigh) return { flag: "HIGH", reason: "Above the reference range." };
      if (r.refLow !== null && v < r.refLow) return { flag: "LOW", reason: "Below the reference range." };
      return ok;
  }
}

/**
 * The level a trend chart draws as its action line: the clinic's triglyceride action threshold. Other
 * analytes have none to draw (the liver's is a multiple of each result's own upper limit).
 */
export function actionLineFor(analyte: string, t: LabThresholds): number | null {
  return analyte === "TG" ? t.TG.action : null;
}

export const FLAG_SEVERITY: Record<Flag, number> = { NORMAL: 0, LOW: 1, HIGH: 1, ACTION: 2, CRITICAL: 3 };
