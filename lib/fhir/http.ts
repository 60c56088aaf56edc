import type { Bundle, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { FHIR_JSON } from "./systems";

/** Every FHIR response: FHIR JSON, never cached (patient data). */
export function fhirResponse(body: Resource, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": `${FHIR_JSON}; charset=utf-8`, "Cache-Control": "no-store", ...headers },
  });
}

type IssueCode = "login" | "forbidden" | "not-found" | "invalid" | "not-supported" | "exception";

/** An error as an OperationOutcome. The text is ours: it never carries a token, a value or patient data. */
export function outcomeResponse(status: number, code: IssueCode, text: string, headers: Record<string, string> = {}): Response {
  const body: OperationOutcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code, details: { text } }] };
  return fhirResponse(body, status, headers);
}

/** The API's base address as the client called it ("https://clinic.example/fhir"). */
export const fhirBase = (request: Request) => `${new URL(request.url).origin}/fhir`;

/** A searchset Bundle: every match, unpaged (a search never leaves one patient's record). */
export function searchsetBundle(base: string, selfUrl: string, resources: Resource[]): Bundle {
  return {
    resourceType: "Bundle",
    type: "searchset",
    timestamp: new Date().toISOString(),
    total: resources.length,
    link: [{ relation: "self", url: selfUrl }],
    entry: resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: "match" } })),
  };
}
