import type { CapabilityStatement } from "@medplum/fhirtypes";
import { KEPT_SEARCH_MINUTES, KEPT_SEARCH_PARAM, PAGING_PARAMS, SEARCH_PARAMS } from "./search";
import { FHIR_TYPES } from "./types";

const PARAM_TYPES: Record<string, "token" | "reference" | "date" | "number"> = {
  identifier: "token",
  patient: "reference",
  code: "token",
  category: "token",
  status: "token",
  date: "date",
  authoredon: "date",
  _count: "number",
  _offset: "number",
};

/** What the API offers, for GET /fhir/metadata (public: it describes the server, not a patient). */
export function capabilityStatement(base: string): CapabilityStatement {
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-11-25",
    publisher: "Isotrack",
    kind: "instance",
    software: { name: "Isotrack" },
    implementation: { description: "Isotrack read-only FHIR API", url: base },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json"],
    rest: [
      {
        mode: "server",
        documentation: `Search by GET, or by POST to <type>/_search with a form body. The links of a search sent by POST carry no parameter of the search, only ${KEPT_SEARCH_PARAM} (the search, kept ${KEPT_SEARCH_MINUTES} minutes for the client that sent it), _count and _offset: follow them with GET, or post them.`,
        security: {
          description:
            "Send an API client's token as 'Authorization: Bearer <token>'. An administrator creates clients under Admin > API clients; each reads what its role reads in the portal.",
        },
        resource: FHIR_TYPES.map((type) => ({
          type,
          interaction: [{ code: "read" as const }, { code: "search-type" as const }],
          searchParam: [...SEARCH_PARAMS[type], ...PAGING_PARAMS].map((name) => ({ name, type: PARAM_TYPES[name]! })),
          ...(type === "Patient" ? { operation: [{ name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything" }] } : {}),
        })),
      },
    ],
  };
}
