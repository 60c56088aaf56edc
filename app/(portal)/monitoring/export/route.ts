import { can } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { toSafeCsv } from "@/lib/csv";
import { recordWorklistExport } from "@/lib/data/access-audit";
import { ensureDerivedDataFresh } from "@/lib/data/daily-refresh";
import { getWorklist } from "@/lib/data/monitoring";
import { worklistQuerySchema } from "@/lib/validation/worklist";

/** The filtered worklist as CSV: contact details and items only, never lab values. The export is audited. */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!can(user.role, "monitoring.read")) return new Response("Not available for your role.", { status: 403 });
  const q = worklistQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const today = clinicToday();
  await ensureDerivedDataFresh(undefined, today);
  const { rows } = await getWorklist(today, { kind: q.kind, status: q.status, clinicianId: q.clinician, sort: q.sort }, { limit: 50_000, offset: 0 });
  await recordWorklistExport(
    user,
    rows.map((r) => r.patientId),
    rows.length,
    { kind: q.kind ?? null, status: q.status ?? null, clinician: q.clinician ?? null },
  );

  const csv = toSafeCsv(
    ["Patient", "MRN", "Phone", "Email", "Item", "Due date", "Status", "Days overdue", "Clinician", "Last outreach"],
    rows.map((r) => [
      r.patientName,
      r.mrn,
      r.phone,
      r.email,
      r.item,
      r.dueDate,
      r.status,
      r.daysOverdue,
      r.clinician,
      r.lastOutreach ? `${r.lastOutreach.at.slice(0, 10)} ${r.lastOutreach.by}: ${r.lastOutreach.note}` : "",
    ]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="monitoring-worklist-${today}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
