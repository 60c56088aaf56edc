import { describe, expect, it } from "vitest";
import { labObservation, type LabRow } from "./observations";

const row = (unit: string | null, over: Partial<LabRow> = {}): LabRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  patientId: "00000000-0000-4000-8000-000000000002",
  code: "26464-8",
  codeSystem: "http://loinc.org",
  name: "White cell count",
  analyte: "WBC",
  testUnit: unit,
  specimenDate: "2026-11-20",
  enteredAt: new Date("2026-11-20T15:00:00Z"),
  valueNumeric: 6.2,
  valueQualitative: null,
  unit,
  refLow: 4,
  refHigh: 11,
  flag: "NORMAL",
  flagReason: null,
  enteredInError: false,
  ...over,
});

describe("lab Observation quantities", () => {
  it("a unit written as a UCUM code is sent with the UCUM system and code, the range too", () => {
    const o = labObservation(row("mg/dL", { code: "2571-8", name: "Triglycerides", valueNumeric: 180, refLow: null, refHigh: 150 }));
    expect(o.valueQuantity).toEqual({ value: 180, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" });
    expect(o.referenceRange).toEqual([{ high: { value: 150, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" } }]);
    expect(labObservation(row("10*9/L")).valueQuantity).toEqual({ value: 6.2, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" });
  });

  it.each(["x10^9/L", "mIU/mL", "cells/uL"])("a clinic's unit %s that is not UCUM as written is sent as text, never labelled UCUM", (unit) => {
    const o = labObservation(row(unit));
    expect(o.valueQuantity).toEqual({ value: 6.2, unit });
    expect(o.referenceRange).toEqual([{ low: { value: 4, unit }, high: { value: 11, unit } }]);
  });

  it("a result without a unit has a bare value", () => {
    expect(labObservation(row(null)).valueQuantity).toEqual({ value: 6.2 });
  });

  it("a result voided as entered in error keeps its content with that status", () => {
    const o = labObservation(row("mg/dL", { enteredInError: true }));
    expect(o.status).toBe("entered-in-error");
    expect(o.valueQuantity?.value).toBe(6.2);
  });
});

describe("lab Observation codes", () => {
  const tg = (over: Partial<LabRow>) => row("mg/dL", { analyte: "TG", valueNumeric: 150.6, refLow: 0, refHigh: 132.9, flag: "HIGH", ...over });

  it("a triglyceride test in mmol/L (LOINC 14927-8) exports its mg/dL value under the mass code 2571-8, its name as text", () => {
    const o = labObservation(tg({ code: "14927-8", name: "Triglycerides (SI)", testUnit: "mmol/L" }));
    expect(o.code).toEqual({
      coding: [{ system: "http://loinc.org", code: "2571-8", display: "Triglyceride [Mass/volume] in Serum or Plasma" }],
      text: "Triglycerides (SI)",
    });
    expect(o.valueQuantity).toEqual({ value: 150.6, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" });
    expect(o.referenceRange).toEqual([
      {
        low: { value: 0, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" },
        high: { value: 132.9, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" },
      },
    ]);
  });

  it("an LDL test in mmol/L with a code outside the map exports the method-less LDL mass code", () => {
    const o = labObservation(tg({ analyte: "LDL", code: "22748-8", name: "LDL (mmol/L)", testUnit: "mmol/L" }));
    expect(o.code).toEqual({
      coding: [{ system: "http://loinc.org", code: "2089-1", display: "Cholesterol in LDL [Mass/volume] in Serum or Plasma" }],
      text: "LDL (mmol/L)",
    });
  });

  it("a test whose code names the canonical unit keeps its own code and name", () => {
    const o = labObservation(tg({ code: "2571-8", name: "Triglycerides", testUnit: "mg/dL" }));
    expect(o.code).toEqual({ coding: [{ system: "http://loinc.org", code: "2571-8", display: "Triglycerides" }], text: "Triglycerides" });
    expect(labObservation(row("10*9/L")).code).toEqual({
      coding: [{ system: "http://loinc.org", code: "26464-8", display: "White cell count" }],
      text: "White cell count",
    });
  });
});
