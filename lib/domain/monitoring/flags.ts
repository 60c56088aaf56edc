import type { TestResult } from "../pregnancy/history";
import { DEFAULT_CATALOGUE } from "./catalogue";

/**
 * Abnormal-result flags, in two parts that the page shows side by side:
 * - the laboratory's reference range decides HIGH or LOW (the range stored with the result: the lab's own
 *   from an HL7 message, else the catalogue's; a missing upper limit takes the default catalogue's, shown
 *   as "catalogue default");
 * - the clinic's levels (clinic settings) decide the rest, so a result is flagged at the most severe of both.
 * The clinic's default levels and their sources:
 * - Triglycerides: > 150 mg/dL high (NCEP ATP III); >= 500 review or reduce dose (isotretinoin label,
 *   AAD acne guideline, Zaenglein JAAD 2016); >= 800 critical, pancreatitis risk (label).
 * - Total cholesterol >= 240, LDL >= 160 high and >= 190 action, HDL < 40 low (NCEP ATP III; ACC/AHA 2018).
 * - ALT/AST: > 3x ULN action, > 5x ULN critical (label: stop if hepatitis suspected; Xia et al. JAMA
 *   Dermatol 2022). ULN is the upper limit stored with the result.
 * - A clinic-added test: its own action and critical levels from the lab catalogue.
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

/** One clinic level: crossing it (above, or below for a low level) gives its flag. */
interface Level {
  name: string;
  value: number;
  flag: Flag;
  /** "> value" rather than ">= value" (or "< value" for a low level, always strict). */
  strict: boolean;
  low?: boolean;
  note?: string;
}

function clinicLevels(r: ResultToFlag, t: LabThresholds): Level[] {
  const own: Level[] = [];
  if (r.actionHigh != null) own.push({ name: "action level", value: r.actionHigh, flag: "ACTION", strict: false });
  if (r.criticalHigh != null) own.push({ name: "critical level", value: r.criticalHigh, flag: "CRITICAL", strict: false });
  switch (r.analyte) {
    case "TG":
      return [
        { name: "clinic high level", value: t.TG.high, flag: "HIGH", strict: true },
        { name: "action level", value: t.TG.action, flag: "ACTION", strict: false },
        { name: "critical level", value: t.TG.critical, flag: "CRITICAL", strict: false },
        ...own,
      ];
    case "CHOL":
      return [{ name: "clinic high level", value: t.CHOL.high, flag: "HIGH", strict: false }, ...own];
    case "LDL":
      return [
        { name: "clinic high level", value: t.LDL.high, flag: "HIGH", strict: false },
        { name: "action level", value: t.LDL.action, flag: "ACTION", strict: false },
        ...own,
      ];
    case "HDL":
      return [{ name: "clinic low level", value: t.HDL.low, flag: "LOW", strict: true, low: true }, ...own];
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

const crosses = (v: number, l: Level) => (l.low ? v < l.value : l.strict ? v > l.value : v >= l.value);
const levelText = (l: Level) => `${l.name} ${l.value}${l.note ? ` (${l.note})` : ""}`;

function rangeText(low: number | null, high: number | null) {
  return `${low ?? ""}–${high ?? ""}`;
}

/**
 * The flag and the sentence shown with it, e.g. "210 mg/dL · above the lab range 0–200 · below the clinic
 * high level 240": the flag is the most severe of the range's verdict and the clinic levels crossed.
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
  const raise = (f: Flag) => {
    if (FLAG_SEVERITY[f] > FLAG_SEVERITY[flag]) flag = f;
  };
  const parts = [`${v}${r.unit ? ` ${r.unit}` : ""}`];
  if (r.refLow !== null || r.refHigh !== null) {
    const range = `the lab range ${rangeText(r.refLow, r.refHigh)}${r.refHighDefaulted ? " (catalogue default)" : ""}`;
    if (r.refHigh !== null && v > r.refHigh) {
      raise("HIGH");
      parts.push(`above ${range}`);
    } else if (r.refLow !== null && v < r.refLow) {
      raise("LOW");
      parts.push(`below ${range}`);
    } else parts.push(`within ${range}`);
  }
  const levels = clinicLevels(r, t);
  const crossed = levels.filter((l) => crosses(v, l));
  for (const l of crossed) raise(l.flag);
  const worst = crossed.sort((a, b) => FLAG_SEVERITY[b.flag] - FLAG_SEVERITY[a.flag])[0];
  if (worst) parts.push(`${worst.low ? "below" : "at or above"} the ${levelText(worst)}`);
  const next = levels
    .filter((l) => !l.low && !crosses(v, l) && (!worst || FLAG_SEVERITY[l.flag] > FLAG_SEVERITY[worst.flag]))
    .sort((a, b) => a.value - b.value)[0];
  if (next) parts.push(`below the ${levelText(next)}`);
  const lowLevel = levels.find((l) => l.low && !crosses(v, l));
  if (lowLevel && !worst) parts.push(`at or above the ${levelText(lowLevel)}`);
  return { flag, reason: flag === "NORMAL" && parts.length === 1 ? null : parts.join(" · ") };
}

/**
 * The level a trend chart draws as its action line: the clinic's triglyceride action threshold. Other
 * analytes have none to draw (the liver's is a multiple of each result's own upper limit).
 */
export function actionLineFor(analyte: string, t: LabThresholds): number | null {
  return analyte === "TG" ? t.TG.action : null;
}
