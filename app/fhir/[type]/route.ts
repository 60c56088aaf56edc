import { handleFhir } from "@/lib/fhir/api";

/** Search: GET /fhir/Patient?identifier=<MRN>, GET /fhir/<type>?patient=<id>[&code=…][&date=ge…][&_count=…&_offset=…]. */
export async function GET(request: Request, { params }: { params: Promise<{ type: string }> }) {
  const { type } = await params;
  return handleFhir(request, { kind: "search", type, params: new URL(request.url).searchParams });
}
