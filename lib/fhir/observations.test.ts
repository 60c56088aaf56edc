import { describe, expect, it } from "vitest";
import { labObservation, type LabRow } from "./observations";

const row = (unit: string | null, over: Partial<LabRow> = {}): LabRow => ({
  id: "00000000-0000-4000-8000-000000000001",
  patientId: "00000000-0000-4000-8000-000000000002",
  code: "26464-8",
  codeSystem: "http://loinc.org",
  name: "White cell count",
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
