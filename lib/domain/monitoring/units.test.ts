import { describe, expect, it } from "vitest";
import { acceptedUnits, toCanonical, unitChoices } from "./units";
import { checkPlausibility } from "./plausibility";

describe("conversion to the canonical unit (hand-computed)", () => {
  it.each([
    // 2.4 x 88.57 = 212.568 -> 212.6
    ["TG", 2.4, "mmol/L", 212.6],
    // 1.7 x 88.57 = 150.569 -> 150.6
    ["TG", 1.7, "mmol/l", 150.6],
    // 5.65 x 88.57 = 500.4205 -> 500.4
    ["TG", 5.65, "mmol/L", 500.4],
    // 5.17 x 38.67 = 199.9239 -> 199.9
    ["CHOL", 5.17, "mmol/L", 199.9],
    // 6.2 x 38.67 = 239.754 -> 239.8
    ["CHOL", 6.2, "mmol/L", 239.8],
    // 4.9 x 38.67 = 189.483 -> 189.5
    ["LDL", 4.9, "mmol/L", 189.5],
    // 1.03 x 38.67 = 39.8301 -> 39.8
    ["HDL", 1.03, "mmol/L", 39.8],
    // 0.5 x 38.67 = 19.335 -> 19.3 (half up at the second decimal is not reached)
    ["HDL", 0.5, "mmol/L", 19.3],
    ["TG", 180, "mg/dL", 180],
    ["TG", 180, "MG/DL", 180],
    ["ALT", 55, "IU/L", 55],
    ["AST", 41, "U/L", 41],
  ] as const)("%s %d %s -> %d", (analyte, value, unit, expected) => {
    expect(toCanonical(analyte, value, unit)).toEqual({ ok: true, value: expected, unit: analyte === "ALT" || analyte === "AST" ? "U/L" : "mg/dL" });
  });

  it("refuses a unit the analyte does not accept, naming the accepted ones", () => {
    expect(toCanonical("TG", 2, "g/L")).toEqual({ ok: false, message: "The unit g/L is not accepted for this test: use mg/dL or mmol/L." });
    expect(toCanonical("ALT", 2, "mmol/L").ok).toBe(false);
  });

  it("leaves a clinic-added analyte as entered", () => {
    expect(toCanonical("LOINC:1989-3", 31.5, "ng/mL")).toEqual({ ok: true, value: 31.5, unit: "ng/mL" });
    expect(acceptedUnits("LOINC:1989-3")).toBeNull();
  });

  it("refuses a clinic-added test's value in a unit other than the test's own, which its range and levels are in", () => {
    expect(toCanonical("LOINC:1989-3", 40, "nmol/L", "ng/mL")).toEqual({ ok: false, message: "The unit nmol/L is not accepted for this test: use ng/mL." });
    expect(toCanonical("LOINC:1989-3", 31.5, "NG/ML", "ng/mL")).toEqual({ ok: true, value: 31.5, unit: "ng/mL" });
    expect(toCanonical("LOINC:1989-3", 31.5, null, "ng/mL")).toEqual({ ok: true, value: 31.5, unit: "ng/mL" });
    expect(toCanonical("LOINC:1989-3", 31.5, "ng/mL", null)).toEqual({ ok: true, value: 31.5, unit: "ng/mL" });
    expect(acceptedUnits("TG")).toEqual(["mg/dL", "mmol/L"]);
  });

  it("offers a test's units to choose from: the analyte's, IU/L once, else the test's own, none without one", () => {
    expect(unitChoices({ analyte: "TG", unit: "mg/dL" })).toEqual(["mg/dL", "mmol/L"]);
    expect(unitChoices({ analyte: "ALT", unit: "U/L" })).toEqual(["U/L", "IU/L"]);
    expect(unitChoices({ analyte: "LOINC:1989-3", unit: "ng/mL" })).toEqual(["ng/mL"]);
    expect(unitChoices({ analyte: "LOINC:1989-3", unit: null })).toEqual([]);
  });
});

describe("physiological limits", () => {
  it.each([
    ["AST", 99999, "IMPOSSIBLE", "99999 U/L is above the physiological limit of 20000 U/L."],
    ["ALT", 20001, "IMPOSSIBLE", "20001 U/L is above the physiological limit of 20000 U/L."],
    ["ALT", 20000, "UNUSUAL", "20000 U/L is unusually high (above 1000 U/L)."],
    ["ALT", 1000, "OK", null],
    ["TG", 0.5, "IMPOSSIBLE", "0.5 mg/dL is below the physiological limit of 1 mg/dL."],
    ["TG", 2001, "UNUSUAL", "2001 mg/dL is unusually high (above 2000 mg/dL)."],
    ["HDL", 10, "UNUSUAL", "10 mg/dL is unusually low (below 15 mg/dL)."],
    ["HDL", 301, "IMPOSSIBLE", "301 mg/dL is above the physiological limit of 300 mg/dL."],
    ["CHOL", 200, "OK", null],
    ["LOINC:1989-3", 99999, "OK", null],
  ] as const)("%s %d -> %s", (analyte, value, kind, message) => {
    const unit = analyte === "ALT" || analyte === "AST" ? "U/L" : "mg/dL";
    const r = checkPlausibility(analyte, value, unit);
    expect(r.kind).toBe(kind);
    if (message) expect(r).toMatchObject({ message });
  });
});
