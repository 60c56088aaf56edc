import { capabilityStatement } from "@/lib/fhir/capability";
import { fhirBase, fhirResponse } from "@/lib/fhir/http";

/** The CapabilityStatement: public, it describes the server and no patient. */
export async function GET(request: Request) {
  return fhirResponse(capabilityStatement(fhirBase(request)));
}
