import type { Bundle, OperationOutcome, Resource } from "@medplum/fhirtypes";
import { FHIR_JSON } from "./systems";

/** Every FHIR response: FHIR JSON, never cached (patient data). */
export function fhirResponse(body: Resource, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": `${FHIR_JSON}; charset=utf-8`, "Cache-Control": "no-store", ...headers },
  });
}

type IssueCode = "login" | "forbidden" | "not-found" | "invalid" | "not-supported" | "exception" | "throttled" | "too-costly";

/** An error as an OperationOutcome. The text is ours: it never carries a token, a value or patient data. */
export function outcomeResponse(status: number, code: IssueCode, text: string, headers: Record<string, string> = {}): Response {
  const body: OperationOutcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code, details: { text } }] };
  return fhirResponse(body, status, headers);
}

/** The API's base address as the client called it ("https://clinic.example/fhir"). */
export const fhirBase = (request: Request) => `${new URL(request.url).origin}/fhir`;

/** A searchset Bundle of every match (the $everything operation: one patient's whole record). */
export function searchsetBundle(base: string, selfUrl: string, resources: Resource[]): Bundle {
  return pagedSearchset(base, selfUrl, resources, null);
}

/**
 * A searchset Bundle of one page of the matches: `total` counts them all, and the self, first, previous and
 * next links carry the same search with its `_offset` moved (FHIR R4 3.1.1.5.6 paging).
 */
export function pagedSearchset(base: string, selfUrl: string, resources: Resource[], page: { offset: number; count: number } | null): Bundle {
  const shown = page ? resources.slice(page.offset, page.offset + page.count) : resources;
  const link: NonNullable<Bundle["link"]> = [{ relation: "self", url: selfUrl }];
  if (page) {
    const at = (offset: number) => {
      const url = new URL(selfUrl);
      url.searchParams.set("_count", String(page.count));
      url.searchParams.set("_offset", String(offset));
      return url.toString();
    };
    link.push({ relation: "first", url: at(0) });
    if (page.offset > 0) link.push({ relation: "previous", url: at(Math.max(0, page.offset - page.count)) });
    if (page.offset + page.count < resources.length) link.push({ relation: "next", url: at(page.offset + page.count) });
  }
  return {
    resourceType: "Bundle",
    type: "searchset",
    timestamp: new Date().toISOString(),
    total: resources.length,
    link,
    entry: shown.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: "match" } })),
  };
}
