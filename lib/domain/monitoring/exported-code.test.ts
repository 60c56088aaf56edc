import { describe, expect, it } from "vitest";
import { exportedCode } from "./exported-code";

const LOINC = "http://loinc.org";
const test = (code: string, analyte: string, unit: string | null, codeSystem = LOINC) => ({ code, codeSystem, analyte, unit });

describe("the code a canonical value is exported under", () => {
  it.each([
    // A molar code of the map: its mass sibling, the same component, specimen and method.
    ["14927-8", "TG", "2571-8", "Triglyceride [Mass/volume] in Serum or Plasma"],
    ["14647-2", "CHOL", "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma"],
    ["14646-4", "HDL", "2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma"],
    ["39469-2", "LDL", "13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation"],
    ["69419-0", "LDL", "18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay"],
  ])("%s (%s, mmol/L) -> %s", (code, analyte, massCode, display) => {
    expect(exportedCode(test(code, analyte, "mmol/L"), "mg/dL")).toEqual({ system: LOINC, code: massCode, display });
  });

  it("a molar code of the map is replaced whatever unit the test was set up in: the code itself names moles", () => {
    expect(exportedCode(test("14927-8", "TG", "mg/dL"), "mg/dL")).toEqual({
      system: LOINC,
      code: "2571-8",
      display: "Triglyceride [Mass/volume] in Serum or Plasma",
    });
  });

  it.each([
    // 22748-8 names no method, so neither method-specific LDL mass code is its sibling: the method-less one.
    ["22748-8", "LDL", LOINC, "2089-1", "Cholesterol in LDL [Mass/volume] in Serum or Plasma"],
    ["99999-9", "TG", LOINC, "2571-8", "Triglyceride [Mass/volume] in Serum or Plasma"],
    ["TG-SI", "TG", "https://lab.example/codes", "2571-8", "Triglyceride [Mass/volume] in Serum or Plasma"],
    ["CHOL-SI", "CHOL", "https://lab.example/codes", "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma"],
    ["HDL-SI", "HDL", "https://lab.example/codes", "2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma"],
  ])("a code outside the map of a test in mmol/L, %s (%s): the analyte's mass code %s", (code, analyte, system, massCode, display) => {
    expect(exportedCode(test(code, analyte, "mmol/L", system), "mg/dL")).toEqual({ system: LOINC, code: massCode, display });
    expect(exportedCode(test(code, analyte, "MMOL/L", system), "mg/dL")?.code).toBe(massCode);
  });

  it("a code of the map counted as another analyte falls back to that analyte's own mass code", () => {
    expect(exportedCode(test("14927-8", "CHOL", "mmol/L"), "mg/dL")?.code).toBe("2093-3");
  });

  it.each([
    ["2571-8", "TG", "mg/dL"],
    ["13457-7", "LDL", "mg/dL"],
    ["3043-7", "TG", "mg/dL"],
    ["1742-6", "ALT", "IU/L"],
    ["1920-8", "AST", "[IU]/L"],
    ["1742-6", "ALT", "U/L"],
  ])("a code that already names the canonical kind of quantity keeps it: %s (%s, %s)", (code, analyte, unit) => {
    expect(exportedCode(test(code, analyte, unit), analyte === "ALT" || analyte === "AST" ? "U/L" : "mg/dL")).toBeNull();
  });

  it("a test counted as no analyte the protocol knows keeps its code, in its own unit", () => {
    expect(exportedCode(test("14927-8", "LIPASE", "mmol/L"), "mmol/L")).toBeNull();
    expect(exportedCode(test("26464-8", "WBC", "10*9/L"), "10*9/L")).toBeNull();
  });

  it("a value not in the canonical unit (none recorded) keeps the test's code", () => {
    expect(exportedCode(test("14927-8", "TG", "mmol/L"), "mmol/L")).toBeNull();
    expect(exportedCode(test("14927-8", "TG", "mmol/L"), null)).toBeNull();
  });
});
