/** The resource types the API serves. */
export const FHIR_TYPES = ["Patient", "Observation", "MedicationRequest", "Flag", "Task"] as const;
export type FhirType = (typeof FHIR_TYPES)[number];

export const isFhirType = (value: string): value is FhirType => (FHIR_TYPES as readonly string[]).includes(value);
