import type { CodeableConcept, Observation, Quantity } from "@medplum/fhirtypes";
import type { IsoDate } from "@/lib/domain/dates";
import { exportedCode } from "@/lib/domain/monitoring/exported-code";
import {
  BODY_WEIGHT_LOINC,
  COURSE_SYSTEM,
  CUMULATIVE_DOSE_MG,
  CUMULATIVE_DOSE_MG_PER_KG,
  INTERPRETATION,
  ISOTRACK,
  LOINC,
  OBSERVATION_CATEGORY,
  SNOMED,
  UCUM,
} from "./systems";

const category = (code: "laboratory" | "vital-signs" | "therapy", display: string): CodeableConcept[] => [
  { coding: [{ system: OBSERVATION_CATEGORY, code, display }] },
];

/**
 * Units written as valid UCUM codes (unitsofmeasure.org): the canonical and accepted lab units
 * (lib/domain/monitoring/units.ts), the dose and weight units, and common units a clinic may give a test it
 * adds to the catalogue. The catalogue's unit is free text, so any other (x10^9/L, mIU/mL: not UCUM as
 * written) is sent as text only, never labelled UCUM.
 */
const UCUM_CODES = new Set([
  ...["mg/dL", "mmol/L", "U/L", "[IU]/L", "kg", "g", "mg", "mg/kg", "d", "%"],
  ...["g/dL", "g/L", "mg/L", "ug/L", "ug/dL", "ug/mL", "ng/mL", "ng/dL", "pg/mL", "umol/L", "nmol/L", "pmol/L"],
  ...["m[IU]/mL", "m[IU]/L", "[IU]/mL", "10*9/L", "10*12/L", "fL", "pg", "mm/h", "mL/min", "s"],
]);

/** A quantity: with its UCUM code when the unit is one as written, else the unit as text. */
const quantity = (value: number, unit: string | null): Quantity =>
  unit === null || unit === "" ? { value } : UCUM_CODES.has(unit) ? { value, unit, system: UCUM, code: unit } : { value, unit };

export interface LabRow {
  id: string;
  patientId: string;
  code: string;
  codeSystem: string;
  /** The test's name, its analyte and the unit it was set up in (lab_tests): what decides the exported code. */
  name: string;
  analyte: string;
  testUnit: string | null;
  specimenDate: IsoDate;
  enteredAt: Date;
  valueNumeric: number | null;
  valueQualitative: "NEGATIVE" | "POSITIVE" | "INDETERMINATE" | null;
  unit: string | null;
  refLow: number | null;
  refHigh: number | null;
  flag: "NORMAL" | "LOW" | "HIGH" | "ACTION" | "CRITICAL";
  flagReason: string | null;
  /** Voided as entered in error: the Observation stays, as entered-in-error. */
  enteredInError: boolean;
}

/** SNOMED CT qualifier values for qualitative results. */
const QUALITATIVE: Record<NonNullable<LabRow["valueQualitative"]>, { code: string; display: string }> = {
  POSITIVE: { code: "10828004", display: "Positive" },
  NEGATIVE: { code: "260385009", display: "Negative" },
  INDETERMINATE: { code: "82334004", display: "Indeterminate" },
};

/**
 * Our flag as HL7 v3 ObservationInterpretation. Every ACTION or CRITICAL quantitative threshold in
 * lib/domain/monitoring/flags.ts is a high one (triglycerides, LDL, ALT, AST), hence HU and HH; a
 * qualitative result is interpreted by its value.
 */
function interpretation(r: LabRow): CodeableConcept[] {
  const coded = (code: string, display: string): CodeableConcept[] => [{ coding: [{ system: INTERPRETATION, code, display }], text: r.flagReason ?? display }];
  if (r.valueQualitative) {
    if (r.valueQualitative === "POSITIVE") return coded("POS", "Positive");
    if (r.valueQualitative === "INDETERMINATE") return coded("IND", "Indeterminate");
    return coded("NEG", "Negative");
  }
  switch (r.flag) {
    case "NORMAL":
      return coded("N", "Normal");
    case "LOW":
      return coded("L", "Low");
    case "HIGH":
      return coded("H", "High");
    case "ACTION":
      return coded("HU", "Significantly high");
    case "CRITICAL":
      return coded("HH", "Critical high");
  }
}

/**
 * A lab result (US Core Laboratory Result Observation shape): LOINC code, UCUM value, the range in force, our
 * flag. The value and range are canonical (mg/dL for lipids), so a test whose own code names another kind of
 * quantity (14927-8, triglycerides in mmol/L) goes out under the mass code (lib/domain/monitoring/exported-code.ts),
 * the test's name as text.
 */
export function labObservation(r: LabRow): Observation {
  const range =
    r.refLow !== null || r.refHigh !== null
      ? [{ ...(r.refLow !== null ? { low: quantity(r.refLow, r.unit) } : {}), ...(r.refHigh !== null ? { high: quantity(r.refHigh, r.unit) } : {}) }]
      : undefined;
  const value: Partial<Observation> = r.valueQualitative
    ? { valueCodeableConcept: { coding: [{ system: SNOMED, ...QUALITATIVE[r.valueQualitative] }], text: QUALITATIVE[r.valueQualitative].display } }
    : r.valueNumeric !== null
      ? { valueQuantity: quantity(r.valueNumeric, r.unit) }
      : { dataAbsentReason: { text: "No value recorded" } };
  return {
    resourceType: "Observation",
    id: r.id,
    status: r.enteredInError ? "entered-in-error" : "final",
    category: category("laboratory", "Laboratory"),
    code: {
      coding: [
        exportedCode({ code: r.code, codeSystem: r.codeSystem, analyte: r.analyte, unit: r.testUnit }, r.unit) ?? {
          system: r.codeSystem,
          code: r.code,
          display: r.name,
        },
      ],
      text: r.name,
    },
    subject: { reference: `Patient/${r.patientId}` },
    effectiveDateTime: r.specimenDate,
    issued: r.enteredAt.toISOString(),
    ...value,
    interpretation: interpretation(r),
    ...(range ? { referenceRange: range } : {}),
  };
}

export const weightObservationId = (weightId: string) => `weight-${weightId}`;

/**
 * A body weight (FHIR vital signs: LOINC 29463-7, kg). Stored in grams, so kg has at most three decimals.
 * One voided as entered in error is entered-in-error (no cumulative dose uses it).
 */
export function weightObservation(w: { id: string; patientId: string; measuredOn: IsoDate; grams: number; enteredInError: boolean }): Observation {
  return {
    resourceType: "Observation",
    id: weightObservationId(w.id),
    status: w.enteredInError ? "entered-in-error" : "final",
    category: category("vital-signs", "Vital Signs"),
    code: { coding: [{ system: LOINC, code: BODY_WEIGHT_LOINC, display: "Body weight" }], text: "Body weight" },
    subject: { reference: `Patient/${w.patientId}` },
    effectiveDateTime: w.measuredOn,
    valueQuantity: { value: w.grams / 1000, unit: "kg", system: UCUM, code: "kg" },
  };
}

export const cumulativeObservationId = (courseId: string, code: typeof CUMULATIVE_DOSE_MG | typeof CUMULATIVE_DOSE_MG_PER_KG) => `${courseId}.${code}`;

/**
 * A course's cumulative isotretinoin dose as two Observations of the local code system: total mg (exact,
 * integer) and mg/kg by the clinic's weight policy (rounded to 0.01). The effective period runs from the
 * course start to its last day or the day of the request; in-progress courses are "preliminary", because
 * the figure grows every dosing day.
 */
export function cumulativeDoseObservations(c: {
  courseId: string;
  patientId: string;
  startDate: IsoDate;
  through: IsoDate;
  ended: boolean;
  totalMg: number;
  mgPerKg: number;
  weightPolicy: "COURSE_START" | "PER_DAY";
}): Observation[] {
  const base = {
    resourceType: "Observation" as const,
    status: c.ended ? ("final" as const) : ("preliminary" as const),
    category: category("therapy", "Therapy"),
    subject: { reference: `Patient/${c.patientId}` },
    effectivePeriod: { start: c.startDate, end: c.through > c.startDate ? c.through : c.startDate },
    // The course, by the identifier its MedicationRequests carry as groupIdentifier.
    focus: [{ identifier: { system: COURSE_SYSTEM, value: c.courseId }, display: "Isotretinoin course" }],
  };
  const method = {
    text: c.weightPolicy === "COURSE_START" ? "Total mg divided by the weight at course start" : "Each day's mg divided by that day's weight, summed",
  };
  return [
    {
      ...base,
      id: cumulativeObservationId(c.courseId, CUMULATIVE_DOSE_MG),
      code: { coding: [{ system: ISOTRACK, code: CUMULATIVE_DOSE_MG, display: "Cumulative isotretinoin dose (mg)" }], text: "Cumulative isotretinoin dose" },
      valueQuantity: quantity(c.totalMg, "mg"),
    },
    {
      ...base,
      id: cumulativeObservationId(c.courseId, CUMULATIVE_DOSE_MG_PER_KG),
      code: {
        coding: [{ system: ISOTRACK, code: CUMULATIVE_DOSE_MG_PER_KG, display: "Cumulative isotretinoin dose per kg body weight (mg/kg)" }],
        text: "Cumulative isotretinoin dose per kg",
      },
      method,
      valueQuantity: quantity(Math.round(c.mgPerKg * 100) / 100, "mg/kg"),
    },
  ];
}
