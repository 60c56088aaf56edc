import { describe, expect, it } from "vitest";
import { flagResult, type ResultToFlag } from "./flags";

const r = (analyte: string, v: number, unit: string, refLow: number | null, refHigh: number | null, extra: Partial<ResultToFlag> = {}): ResultToFlag => ({
  analyte,
  valueNumeric: v,
  unit,
  valueQualitative: null,
  refLow,
  refHigh,
  ...extra,
});

const clinicTest = { actionHigh: 150, criticalHigh: 200 };

/**
 * The flag and the sentence beside it always say the same thing: the lab range decides high or low, the
 * clinic's levels decide action or critical, and a value inside the lab's range is never called high.
 */
describe("flag agreement", () => {
  it.each([
    [r("CHOL", 210, "mg/dL", 0, 200), "HIGH", "210 mg/dL · above the lab range 0–200 · below the action level 240"],
    [r("CHOL", 190, "mg/dL", 0, 200), "NORMAL", "190 mg/dL · within the lab range 0–200 · below the action level 240"],
    [r("CHOL", 245, "mg/dL", 0, 250), "ACTION", "245 mg/dL · within the lab range 0–250 · at or above the action level 240"],
    [r("TG", 140, "mg/dL", 0, 130), "HIGH", "140 mg/dL · above the lab range 0–130 · below the action level 500"],
    // Above the old clinic "high" level (150) but inside this lab's range: normal.
    [r("TG", 180, "mg/dL", 0, 200), "NORMAL", "180 mg/dL · within the lab range 0–200 · below the action level 500"],
    [r("TG", 600, "mg/dL", 0, 150), "ACTION", "600 mg/dL · above the lab range 0–150 · at or above the action level 500 · below the critical level 800"],
    [r("TG", 850, "mg/dL", 0, 150), "CRITICAL", "850 mg/dL · above the lab range 0–150 · at or above the critical level 800"],
    [r("LDL", 160, "mg/dL", 0, 170), "NORMAL", "160 mg/dL · within the lab range 0–170 · below the action level 190"],
    [
      r("ALT", 130, "U/L", 7, 40),
      "ACTION",
      "130 U/L · above the lab range 7–40 · above the action level 120 (3× ULN) · at or below the critical level 200 (5× ULN)",
    ],
    [r("ALT", 50, "U/L", 7, 56), "NORMAL", "50 U/L · within the lab range 7–56 · at or below the action level 168 (3× ULN)"],
    // No upper limit: the catalogue's default (40) is used and named as such; 1000 is far above 5 x 40.
    [r("ALT", 1000, "U/L", null, null), "CRITICAL", "1000 U/L · above the default range ≤ 40 · above the critical level 200 (5× ULN)"],
    [r("AST", 1000, "U/L", 8, null), "CRITICAL", "1000 U/L · above the default range 8–40 · above the critical level 200 (5× ULN)"],
    [r("HDL", 35, "mg/dL", 40, null), "LOW", "35 mg/dL · below the lab range ≥ 40"],
    // Below the old clinic "low" level (40) but inside this lab's range: normal.
    [r("HDL", 38, "mg/dL", 35, null), "NORMAL", "38 mg/dL · within the lab range ≥ 35"],
    // A clinic-added test with its own levels.
    [r("LOINC:1989-3", 12, "ng/mL", 30, 100, clinicTest), "LOW", "12 ng/mL · below the lab range 30–100 · below the action level 150"],
    [
      r("LOINC:1989-3", 160, "ng/mL", 30, 100, clinicTest),
      "ACTION",
      "160 ng/mL · above the lab range 30–100 · at or above the action level 150 · below the critical level 200",
    ],
    [r("LOINC:1989-3", 210, "ng/mL", 30, 100, clinicTest), "CRITICAL", "210 ng/mL · above the lab range 30–100 · at or above the critical level 200"],
  ] as const)("%o -> %s", (input, flag, reason) => {
    expect(flagResult(input)).toEqual({ flag, reason });
  });
});
