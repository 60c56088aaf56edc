import { can } from "@/lib/auth/permissions";
import { getCurrentUser, recordRouteDenied } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { formatInstant } from "@/lib/clinic-time";
import { toSafeCsv } from "@/lib/csv";
import { searchFromParams } from "@/lib/data/saved-searches";
import { AUDIT_EXPORT_MAX, getAuditReport, patientsNamed, recordAuditRead } from "@/lib/data/audit-report";
import { auditFiltersSchema, toAuditFilters } from "@/lib/validation/audit";

/** The filtered audit trail as CSV (as the viewer's role may read it; at most 10,000 rows), itself audited. */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!can(user.role, "audit.read")) {
    await recordRouteDenied(user, "audit.read");
    return new Response("Not available for your role.", { status: 403 });
  }
  const query = Object.fromEntries(new URL(request.url).searchParams);
  // A patient filter it cannot use (someone else's, expired, a term in the address) exports nothing rather than everything.
  const search = await searchFromParams(user, query, "patient");
  if (search.notice) return new Response(search.notice, { status: 400 });
  const filters = { ...toAuditFilters(auditFiltersSchema.parse(query), search.term), page: 1 };
  const report = await getAuditReport(user, filters, AUDIT_EXPORT_MAX);
  await recordAuditRead(user, "export", { ...filters, action: report.action, kind: report.kind }, search, {
    patientIds: patientsNamed(report.rows),
    rows: report.rows.length,
  });
  const csv = toSafeCsv(
    ["Event", "Time", "Time (UTC)", "User", "Role", "Action", "Record", "Record id", "Patient", "MRN", "Details"],
    report.rows.map((r) => [
      r.id,
      formatInstant(r.occurredAt),
      r.occurredAt.toISOString(),
      r.actorName,
      r.actorRole ?? "",
      // As the role reads it: a hidden action is its group's label (getAuditReport).
      r.action,
      r.entityType,
      r.entityId ?? "",
      r.patient?.name ?? r.patientId ?? "",
      r.patient?.mrn ?? "",
      r.changes ? JSON.stringify(r.changes) : "",
    ]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-trail-${clinicToday()}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
