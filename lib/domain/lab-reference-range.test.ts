import { describe, expect, it } from "vitest";
import { labRangeNotUsed } from "./lab-reference-range";

const CHOL = { analyte: "CHOL", unit: "mg/dL" };
const TG = { analyte: "TG", unit: "mg/dL" };
const HDL = { analyte: "HDL", unit: "mg/dL" };
const ALT = { analyte: "ALT", unit: "U/L" };
const range = (low: number | null, high: number | null, unit: string | null = null) => ({ low, high, unit });

describe("a laboratory's range, read in the value's unit (limits hand-computed)", () => {
  it.each([
    // Read in the unit it was written in, each limit a usual value of the test (or a lower limit of 0).
    ["cholesterol 0-200 mg/dL", CHOL, range(0, 200), "mg/dL"],
    // 3.0 x 38.67 = 116.0, 5.0 x 38.67 = 193.4 mg/dL.
    ["cholesterol 3.0-5.0 mmol/L", CHOL, range(3, 5), "mmol/L"],
    // 1.7 x 88.57 = 150.6 mg/dL.
    ["triglycerides <1.7 mmol/L", TG, range(null, 1.7), "mmol/L"],
    // 1.0 x 38.67 = 38.7 mg/dL.
    ["HDL >1.0 mmol/L", HDL, range(1, null), "mmol/L"],
    ["HDL >39 mg/dL", HDL, range(39, null), "mg/dL"],
    ["ALT 7-56 U/L", ALT, range(7, 56), "U/L"],
    // U/L and IU/L are one unit (units.ts).
    ["ALT 7-56 U/L for a value in IU/L", ALT, range(7, 56, "U/L"), "IU/L"],
    ["cholesterol 0-200 mg/dL written so", CHOL, range(0, 200, "MG/DL"), "mg/dL"],
    ["no limits", CHOL, range(null, null, "mg/dL"), "mmol/L"],
    ["a clinic-added test, no usual values", { analyte: "VITD", unit: "ng/mL" }, range(30, 100000), "ng/mL"],
  ])("%s: used", (_, test, sent, unit) => {
    expect(labRangeNotUsed(test, sent, unit)).toBeNull();
  });

  it.each([
    // 200 x 38.67 = 7734.0 mg/dL: the range in mg/dL read in mmol/L.
    [
      "cholesterol 0-200 read in mmol/L",
      CHOL,
      range(0, 200),
      "mmol/L",
      "read in mmol/L, it is 0–7734 mg/dL, its upper limit above the usual values of the test (at most 500 mg/dL)",
    ],
    // 150 x 88.57 = 13285.5 mg/dL.
    [
      "triglycerides <150 read in mmol/L",
      TG,
      range(null, 150),
      "mmol/L",
      "read in mmol/L, it is ≤ 13285.5 mg/dL, its upper limit above the usual values of the test (at most 2000 mg/dL)",
    ],
    // The range in mmol/L read in mg/dL.
    [
      "cholesterol 3.0-5.2 read in mg/dL",
      CHOL,
      range(3, 5.2),
      "mg/dL",
      "it is 3–5.2 mg/dL, its upper limit below the usual values of the test (at least 80 mg/dL)",
    ],
    // 40 x 38.67 = 1546.8 mg/dL.
    [
      "HDL >40 read in mmol/L",
      HDL,
      range(40, null),
      "mmol/L",
      "read in mmol/L, it is ≥ 1546.8 mg/dL, its lower limit above the usual values of the test (at most 120 mg/dL)",
    ],
    ["HDL >1.0 read in mg/dL", HDL, range(1, null), "mg/dL", "it is ≥ 1 mg/dL, its lower limit below the usual values of the test (at least 15 mg/dL)"],
    ["ALT 0-4000", ALT, range(0, 4000), "U/L", "it is 0–4000 U/L, its upper limit above the usual values of the test (at most 1000 U/L)"],
  ])("%s: not plausible", (_, test, sent, unit, why) => {
    expect(labRangeNotUsed(test, sent, unit)).toEqual({ reason: "NOT_PLAUSIBLE", why });
  });

  it("written in another unit than the value's: not used, whatever its limits", () => {
    expect(labRangeNotUsed(CHOL, range(0, 200, "mg/dL"), "mmol/L")).toEqual({ reason: "UNIT_DIFFERS", why: "its unit is not the result's (mmol/L)" });
    expect(labRangeNotUsed({ analyte: "VITD", unit: "ng/mL" }, range(30, 100, "nmol/L"), "ng/mL")).toMatchObject({ reason: "UNIT_DIFFERS" });
    expect(labRangeNotUsed({ analyte: "VITD", unit: null }, range(30, 100, "ng/mL"), null)).toEqual({
      reason: "UNIT_DIFFERS",
      why: "its unit is not the result's (none)",
    });
  });

  it("upside down: not used", () => {
    expect(labRangeNotUsed(CHOL, range(200, 0), "mg/dL")).toEqual({ reason: "REVERSED", why: "its lower limit is above its upper limit" });
  });

  it("in a unit the test does not take: left to the value's refusal", () => {
    expect(labRangeNotUsed(CHOL, range(0, 200), "g/L")).toBeNull();
  });
});
