import { handleFhir } from "@/lib/fhir/api";

/** Read: GET /fhir/<type>/<id>. */
export async function GET(request: Request, { params }: { params: Promise<{ type: string; id: string }> }) {
  const { type, id } = await params;
  return handleFhir(request, { kind: "read", type, id });
}
