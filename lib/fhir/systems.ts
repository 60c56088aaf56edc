/**
 * Code systems and identifier namespaces the FHIR API uses. Standard ones are the HL7 R4 canonical URIs;
 * ISOTRACK is this product's own code system for what no standard code names (README, "FHIR API").
 */
export const LOINC = "http://loinc.org";
export const UCUM = "http://unitsofmeasure.org";
export const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
export const SNOMED = "http://snomed.info/sct";
export const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
export const INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
export const FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
export const IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";

/** Local code system: cumulative dose codes, pregnancy-prevention flags, monitoring item kinds. */
export const ISOTRACK = "https://isotrack.example/fhir/CodeSystem/isotrack";
/** Identifier namespaces: the clinic's medical record numbers and treatment courses. */
export const MRN_SYSTEM = "https://isotrack.example/fhir/sid/mrn";
export const COURSE_SYSTEM = "https://isotrack.example/fhir/sid/course";

/** Isotretinoin, RxNorm ingredient 6064. */
export const ISOTRETINOIN = { system: RXNORM, code: "6064", display: "isotretinoin" } as const;
/** SNOMED CT 26643006 "Oral route". */
export const ORAL_ROUTE = { system: SNOMED, code: "26643006", display: "Oral route" } as const;

export const BODY_WEIGHT_LOINC = "29463-7";
export const CUMULATIVE_DOSE_MG = "cumulative-dose-mg";
export const CUMULATIVE_DOSE_MG_PER_KG = "cumulative-dose-mg-per-kg";

export const FHIR_JSON = "application/fhir+json";
