import { can } from "@/lib/auth/permissions";
import { getCurrentUser, recordRouteDenied } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { clinicDateTime } from "@/lib/clinic-time";
import { toSafeCsv } from "@/lib/csv";
import { recordWorklistExport } from "@/lib/data/access-audit";
import { searchForAudit, searchFromParams } from "@/lib/data/saved-searches";
import { getPatientWorklist } from "@/lib/data/worklist";
import { doNotContactList, ITEM_STATUS_LABELS } from "@/lib/labels";
import { worklistQuerySchema } from "@/lib/validation/worklist";

/**
 * The filtered worklist as CSV, one line per patient: contact details, do-not-contact choices and open
 * items (kind, due date, status), never lab values. Its figures are the page's: days since the earliest
 * due date ("N days ago"), days overdue past the grace days, the last contact on the clinic's clock. The
 * export is audited.
 */
export async function GET(request: Request) {
  const user = await getCurrentUser();
  if (!user) return new Response("Sign in first.", { status: 401 });
  if (!can(user.role, "monitoring.read")) {
    await recordRouteDenied(user, "monitoring.read");
    return new Response("Not available for your role.", { status: 403 });
  }
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const q = worklistQuerySchema.parse(query);
  // A search it cannot use (someone else's, expired, a term in the address) exports nothing rather than everything.
  const search = await searchFromParams(user, query, "q");
  if (search.notice) return new Response(search.notice, { status: 400 });
  const today = clinicToday();
  const { rows } = await getPatientWorklist(
    user,
    today,
    { search: search.term || undefined, kind: q.kind, status: q.status, clinicianId: q.clinician, sort: q.sort, dir: q.dir, page: 1 },
    50_000,
  );
  await recordWorklistExport(
    user,
    rows.map((r) => r.patientId),
    rows.length,
    { kind: q.kind ?? null, status: q.status ?? null, clinician: q.clinician ?? null, ...searchForAudit(search) },
  );

  const csv = toSafeCsv(
    [
      "Patient",
      "MRN",
      "Phone",
      "Email",
      "Do not contact",
      "Open items",
      "Earliest due",
      "Days since earliest due",
      "Days overdue",
      "Clinician",
      "Last contact",
    ],
    rows.map((r) => [
      r.patientName,
      r.mrn,
      // As the page shows it ("(201) 555-0123"): a spreadsheet would read "+12015550123" as a number.
      r.phoneShown?.text ?? null,
      r.email,
      doNotContactList(r).join("; "),
      r.items.map((i) => `${i.label} (due ${i.dueDate}, ${ITEM_STATUS_LABELS[i.status]})`).join("; "),
      r.firstDue,
      r.daysSinceFirstDue,
      r.daysOverdue,
      r.clinician,
      // The clinic's wall clock, as the page shows it (a spreadsheet reads "2026-11-24 08:38").
      r.lastContactAt ? clinicDateTime(new Date(r.lastContactAt)) : "",
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
