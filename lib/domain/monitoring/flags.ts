import type { TestResult } from "../pregnancy/history";
import { DEFAULT_CATALOGUE } from "./catalogue";

/**
 * Abnormal-result flags, in two parts that never contradict each other and that the page shows side by side:
 * - the laboratory's reference range alone decides HIGH or LOW (the range stored with the result: the lab's
 *   own from an HL7 message, else the catalogue's; a missing upper limit takes the default catalogue's,
 *   shown as "default range");
 * - the clinic's levels (clinic settings, or a clinic-added test's own) decide ACTION or CRITICAL only: a
 *   value inside the lab's range that crosses no clinic level is NORMAL.
 * The flag is the more severe of the two. The clinic's default levels and their sources:
 * - Triglycerides: >= 500 mg/dL review or reduce dose (isotretinoin label; AAD acne guideline, Zaenglein
 *   JAAD 2016); >= 800 critical, pancreatitis risk (label).
 * - Total cholesterol >= 240 mg/dL ("high", NCEP ATP III) and LDL >= 190 mg/dL (ACC/AHA 2018 primary
 *   prevention threshold): action.
 * - ALT/AST: > 3x ULN action, > 5x ULN critical (label: stop if hepatitis suspected; Xia et al. JAMA
 *   Dermatol 2022). ULN is the upper limit stored with the result.
 * - A clinic-added test: its own action and critical levels from the lab catalogue.
 * - hCG: any positive result is critical: stop drug, refer (iPLEDGE REMS).
 */
export type Flag = "NORMAL" | "LOW" | "HIGH" | "ACTION" | "CRITICAL";

export interface LabThresholds {
  TG: { action: number; critical: number };
  CHOL: { action: number };
  LDL: { action: number };
  LIVER: { actionTimesUln: number; criticalTimesUln: number };
}

export const DEFAULT_THRESHOLDS: LabThresholds = {
  TG: { action: 500, critical: 800 },
  CHOL: { action: 240 },
  LDL: { action: 190 },
  LIVER: { actionTimesUln: 3, criticalTimesUln: 5 },
};

export interface ResultToFlag {
  analyte: string;
  /** Canonical value and unit (units.ts). */
  valueNumeric: number | null;
  unit?: string | null;
  valueQualitative: TestResult | null;
  refLow: number | null;
  refHigh: number | null;
  /** The upper limit is the catalogue's default, the lab having given none. */
  refHighDefaulted?: boolean;
  /** A clinic-added test's own levels, in its unit. */
  actionHigh?: number | null;
  criticalHigh?: number | null;
}

export interface FlagResult {
  flag: Flag;
  reason: string | null;
}

export const FLAG_SEVERITY: Record<Flag, number> = { NORMAL: 0, LOW: 1, HIGH: 1, ACTION: 2, CRITICAL: 3 };

/** The default catalogue's upper limit for an analyte, used when a result arrives without one. */
export function defaultUpperLimit(analyte: string): number | null {
  return DEFAULT_CATALOGUE.find((e) => e.analyte === analyte && e.refHigh !== null)?.refHigh ?? null;
}

/** The range a result is judged and stored with: a missing upper limit takes the catalogue's default. */
export function effectiveRange(analyte: string, refLow: number | null, refHigh: number | null) {
  if (refHigh !== null) return { refLow, refHigh, refHighDefaulted: false };
  const fallback = defaultUpperLimit(analyte);
  return { refLow, refHigh: fallback, refHighDefaulted: fallback !== null };
}

/** One clinic level: reaching it (or passing it, when strict) gives its flag. */
interface Level {
  name: "action level" | "critical level";
  value: number;
  flag: "ACTION" | "CRITICAL";
  /** "> value" rather than ">= value". */
  strict: boolean;
  note?: string;
}

function clinicLevels(r: ResultToFlag, t: LabThresholds): Level[] {
  const own: Level[] = [];
  if (r.actionHigh != null) own.push({ name: "action level", value: r.actionHigh, flag: "ACTION", strict: false });
  if (r.criticalHigh != null) own.push({ name: "critical level", value: r.criticalHigh, flag: "CRITICAL", strict: false });
  switch (r.analyte) {
    case "TG":
      return [
        { name: "action level", value: t.TG.action, flag: "ACTION", strict: false },
        { name: "critical level", value: t.TG.critical, flag: "CRITICAL", strict: false },
        ...own,
      ];
    case "CHOL":
      return [{ name: "action level", value: t.CHOL.action, flag: "ACTION", strict: false }, ...own];
    case "LDL":
      return [{ name: "action level", value: t.LDL.action, flag: "ACTION", strict: false }, ...own];
    case "ALT":
    case "AST": {
      const uln = r.refHigh;
      if (uln === null || uln <= 0) return own;
      const times = (k: number) => Math.round(k * uln * 1000) / 1000;
      return [
        { name: "action level", value: times(t.LIVER.actionTimesUln), flag: "ACTION", strict: true, note: `${t.LIVER.actionTimesUln}× ULN` },
        { name: "critical level", value: times(t.LIVER.criticalTimesUln), flag: "CRITICAL", strict: true, note: `${t.LIVER.criticalTimesUln}× ULN` },
        ...own,
      ];
    }
    default:
      return own;
  }
}

const crosses = (v: number, l: Level) => (l.strict ? v > l.value : v >= l.value);
const levelText = (l: Level) => `${l.name} ${l.value}${l.note ? ` (${l.note})` : ""}`;

function rangeText(low: number | null, high: number | null) {
  return low !== null && high !== null ? `${low}–${high}` : high !== null ? `≤ ${high}` : `≥ ${low}`;
}

/**
 * The flag and the sentence shown with it, e.g. "210 mg/dL · above the lab range 0–200 · below the action
 * level 240": the lab range's verdict (HIGH, LOW or within), then the most severe clinic level reached, then
 * the next clinic level not reached. The flag is the more severe of the range's verdict and that level.
 */
export function flagResult(input: ResultToFlag, t: LabThresholds = DEFAULT_THRESHOLDS): FlagResult {
  const r = input.refHigh === null ? { ...input, ...effectiveRange(input.analyte, input.refLow, null) } : input;
  if (r.analyte === "HCG") {
    if (r.valueQualitative === "POSITIVE") return { flag: "CRITICAL", reason: "Positive pregnancy test: stop isotretinoin and refer." };
    if (r.valueQualitative === "INDETERMINATE") return { flag: "ACTION", reason: "Indeterminate pregnancy test: repeat before prescribing." };
    return { flag: "NORMAL", reason: null };
  }
  const v = r.valueNumeric;
  if (v === null) return { flag: "NORMAL", reason: null };
  let flag: Flag = "NORMAL";
  const parts = [`${v}${r.unit ? ` ${r.unit}` : ""}`];
  if (r.refLow !== null || r.refHigh !== null) {
    const range = `the ${r.refHighDefaulted ? "default range" : "lab range"} ${rangeText(r.refLow, r.refHigh)}`;
    if (r.refHigh !== null && v > r.refHigh) {
      flag = "HIGH";
      parts.push(`above ${range}`);
    } else if (r.refLow !== null && v < r.refLow) {
      flag = "LOW";
      parts.push(`below ${range}`);
    } else parts.push(`within ${range}`);
  }
  const levels = clinicLevels(r, t).sort((a, b) => a.value - b.value || FLAG_SEVERITY[a.flag] - FLAG_SEVERITY[b.flag]);
  const reached = levels.filter((l) => crosses(v, l)).sort((a, b) => FLAG_SEVERITY[b.flag] - FLAG_SEVERITY[a.flag])[0];
  if (reached) {
    flag = reached.flag;
    parts.push(`${reached.strict ? "above" : "at or above"} the ${levelText(reached)}`);
  }
  const next = levels.find((l) => !crosses(v, l) && (!reached || FLAG_SEVERITY[l.flag] > FLAG_SEVERITY[reached.flag]));
  if (next) parts.push(`${next.strict ? "at or below" : "below"} the ${levelText(next)}`);
  return { flag, reason: flag === "NORMAL" && parts.length === 1 ? null : parts.join(" · ") };
}

/**
 * The level a trend chart draws as its action line: the clinic's triglyceride action threshold. Other
 * analytes have none to draw (the liver's is a multiple of each result's own upper limit).
 */
export function actionLineFor(analyte: string, t: LabThresholds): number | null {
  return analyte === "TG" ? t.TG.action : null;
}
