import { handleFhir } from "@/lib/fhir/api";

/** Instance operations: GET /fhir/Patient/<id>/$everything. */
export async function GET(request: Request, { params }: { params: Promise<{ type: string; id: string; operation: string }> }) {
  const { type, id, operation } = await params;
  return handleFhir(request, { kind: "operation", type, id, operation });
}
