import { describe, expect, it } from "vitest";
import { flagResult, type ResultToFlag } from "./flags";

const num = (analyte: string, v: number, refHigh: number | null = null, refLow: number | null = null): ResultToFlag => ({
  analyte,
  valueNumeric: v,
  valueQualitative: null,
  refLow,
  refHigh,
});

describe("lab flags", () => {
  it.each([
    // No range given: the catalogue's default upper limit (TG 150, CHOL 200, LDL 130, ALT 40) decides HIGH.
    [num("TG", 150), "NORMAL"],
    [num("TG", 151), "HIGH"],
    [num("TG", 499), "HIGH"],
    [num("TG", 500), "ACTION"],
    [num("TG", 799), "ACTION"],
    [num("TG", 800), "CRITICAL"],
    // The lab's range decides high, not the clinic: 180 is inside 0-200.
    [num("TG", 180, 200, 0), "NORMAL"],
    [num("TG", 140, 130, 0), "HIGH"],
    [num("CHOL", 239, 240), "NORMAL"],
    [num("CHOL", 239), "HIGH"],
    [num("CHOL", 240, 250), "ACTION"],
    [num("LDL", 159, 160), "NORMAL"],
    [num("LDL", 160, 170), "NORMAL"],
    [num("LDL", 160), "HIGH"],
    [num("LDL", 190, 200), "ACTION"],
    [num("HDL", 40, null, 40), "NORMAL"],
    [num("HDL", 39, null, 40), "LOW"],
    [num("HDL", 39, null, 35), "NORMAL"],
    [num("ALT", 40, 40), "NORMAL"],
    [num("ALT", 41, 40), "HIGH"],
    [num("ALT", 120, 40), "HIGH"],
    [num("ALT", 121, 40), "ACTION"],
    [num("AST", 200, 40), "ACTION"],
    [num("AST", 201, 40), "CRITICAL"],
    [num("ALT", 500, null), "CRITICAL"],
    [num("VITD", 10, 100, 30), "LOW"],
    [num("VITD", 101, 100, 30), "HIGH"],
    [num("VITD", 50, 100, 30), "NORMAL"],
  ] as const)("%o -> %s", (input, flag) => {
    expect(flagResult(input).flag).toBe(flag);
  });

  it.each([
    ["POSITIVE", "CRITICAL"],
    ["NEGATIVE", "NORMAL"],
    ["INDETERMINATE", "ACTION"],
  ] as const)("hCG %s -> %s", (q, flag) => {
    expect(flagResult({ analyte: "HCG", valueNumeric: null, valueQualitative: q, refLow: null, refHigh: null }).flag).toBe(flag);
  });

  it("uses configured thresholds", () => {
    const t = {
      TG: { action: 400, critical: 1000 },
      CHOL: { action: 240 },
      LDL: { action: 190 },
      LIVER: { actionTimesUln: 3, criticalTimesUln: 5 },
    };
    expect(flagResult(num("TG", 450), t).flag).toBe("ACTION");
    expect(flagResult(num("TG", 450)).flag).toBe("HIGH");
  });
});
