import { can } from "@/lib/auth/permissions";
import { getCurrentUser, recordRouteDenied } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { recordFhirExport } from "@/lib/data/access-audit";
import { fhirBase, fhirResponse, outcomeResponse, searchsetBundle } from "@/lib/fhir/http";
import { patientEverything } from "@/lib/fhir/record";
import { uuid } from "@/lib/validation/common";

/**
 * The patient's whole record as a FHIR R4 Bundle, as Patient/$everything builds it, with the viewer's own
 * role visibility. For dermatologists and nurses (lab results and treatment); the download is audited.
 * The file name carries the patient's id only.
 */
export async function GET(request: Request, { params }: { params: Promise<{ patientId: string }> }) {
  const user = await getCurrentUser();
  if (!user) return outcomeResponse(401, "login", "Sign in first.");
  const lacking = (["labs.read", "courses.read"] as const).find((p) => !can(user.role, p));
  if (lacking) {
    await recordRouteDenied(user, lacking);
    return outcomeResponse(403, "forbidden", "Exporting a whole record is not available for your role.");
  }
  const parsed = uuid.safeParse((await params).patientId);
  if (!parsed.success) return outcomeResponse(404, "not-found", "Patient not found.");
  const patientId = parsed.data;
  const resources = await patientEverything(user, patientId, clinicToday());
  if (!resources) return outcomeResponse(404, "not-found", "Patient not found.");
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  await recordFhirExport(user, patientId, counts);
  return fhirResponse(searchsetBundle(fhirBase(request), `${fhirBase(request)}/Patient/${patientId}/$everything`, resources), 200, {
    "Content-Disposition": `attachment; filename="patient-${patientId}-fhir.json"`,
  });
}
