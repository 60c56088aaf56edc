import { handleFhir } from "@/lib/fhir/api";
import { outcomeResponse } from "@/lib/fhir/http";

/** Read: GET /fhir/<type>/<id>. */
export async function GET(request: Request, { params }: { params: Promise<{ type: string; id: string }> }) {
  const { type, id } = await params;
  return handleFhir(request, { kind: "read", type, id });
}

/**
 * Search by POST: /fhir/<type>/_search with the parameters as a form body (FHIR R4 3.1.1.5.6), so that an
 * MRN or a patient id never appears in a URL, a proxy's log or a browser history. The search is kept for the
 * client, and the Bundle's links name it by id (lib/fhir/kept-searches.ts) rather than spell it out. The body
 * is read only after the token and the rate limit let the call through (handleFhir): a caller without a
 * valid token gets its 401 with nothing of the body read.
 */
export async function POST(request: Request, { params }: { params: Promise<{ type: string; id: string }> }) {
  const { type, id } = await params;
  if (id !== "_search") return outcomeResponse(405, "not-supported", "This API is read-only: POST is accepted only for <type>/_search.");
  return handleFhir(request, { kind: "posted-search", type });
}
