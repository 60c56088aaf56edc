import type { Metadata } from "next";
import { Pagination } from "@/components/pagination";
import { requirePagePermission } from "@/lib/auth/session";
import { CLINIC_TIME_ZONE } from "@/lib/clinic";
import { formatInstant } from "@/lib/clinic-time";
import { formatCount } from "@/lib/format";
import { AUDIT_PAGE_SIZE, AUDIT_SORTS, getAuditReport, patientsNamed, recordAuditRead, type AuditSort } from "@/lib/data/audit-report";
import { openChainReport } from "@/lib/data/audit-verify";
import { actionFilterOptions } from "@/lib/data/audit-action-groups";
import { searchFromParams } from "@/lib/data/saved-searches";
import { SearchForm } from "@/components/search-form";
import { auditFiltersSchema, toAuditFilters } from "@/lib/validation/audit";
import { searchAuditTrailAction } from "./actions";
import { SortableTableHead, type SortableColumn } from "@/components/sortable-table-head";
import { listHref, parseSort } from "@/lib/validation/sort";
import { VerificationResult } from "./verification-result";
import { VerifyChainButton } from "./verify-focus";

export const metadata: Metadata = { title: "Audit trail" };

const COLUMNS: SortableColumn<AuditSort>[] = [
  { label: "#" },
  { label: "Time", sort: { key: "time", first: AUDIT_SORTS.time } },
  { label: "User", sort: { key: "role", first: AUDIT_SORTS.role } },
  { label: "Action", sort: { key: "action", first: AUDIT_SORTS.action } },
  { label: "Record" },
  { label: "Patient" },
  { label: "Details" },
];

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("audit.read");
  const query = await searchParams;
  const f = auditFiltersSchema.parse(query);
  // The patient filter is a saved search's id in the address; the term is read for its own user only.
  const search = await searchFromParams(user, query, "patient");
  const sort = parseSort(query, AUDIT_SORTS, "time");
  const filters = toAuditFilters(f, search.term);
  const report = await getAuditReport(user, filters, AUDIT_PAGE_SIZE, sort);
  // A GET runs no verification: it shows the result the form's POST sealed for this administrator, if any.
  const sealed = typeof query.chain === "string" ? query.chain.slice(0, 2000) : null;
  const verified = sealed ? openChainReport(sealed, user.id) : null;
  await recordAuditRead(user, "view", { ...filters, action: report.action }, search, { patientIds: patientsNamed(report.rows) });
  const params = { from: f.from, to: f.to, actor: f.actor, action: report.action, search: search.id ?? undefined };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Audit trail</h1>
      <SearchForm
        action={searchAuditTrailAction}
        name="patient"
        label="Patient"
        search={search}
        placeholder="Name, MRN or id"
        hint="Name (Last, First), MRN, or the record id's first 8 characters."
        className="card flex flex-wrap items-end gap-3"
        inputClassName="input w-64"
        before={
          <>
            <div>
              <label className="label" htmlFor="from">
                From
              </label>
              <input className="input" type="date" id="from" name="from" defaultValue={f.from} />
            </div>
            <div>
              <label className="label" htmlFor="to">
                To
              </label>
              <input className="input" type="date" id="to" name="to" defaultValue={f.to} />
            </div>
            <div>
              <label className="label" htmlFor="actor">
                User
              </label>
              <select className="input" id="actor" name="actor" defaultValue={f.actor ?? ""}>
                <option value="">Anyone</option>
                {report.users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label className="label" htmlFor="action">
                Action
              </label>
              <select className="input" id="action" name="action" defaultValue={report.action ?? ""}>
                <option value="">Any</option>
                {actionFilterOptions(user.role).map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </select>
            </div>
          </>
        }
      >
        <button className="btn-primary" type="submit">
          Filter
        </button>
        <VerifyChainButton />
      </SearchForm>
      <VerificationResult shown={verified} stale={sealed !== null && verified === null} />
      <p className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
        <span>
          {formatCount(report.total, "event")}
          {report.patientMatches === 0 ? " (no patient matches that search)" : ""}
          {report.patientMatches !== null && report.patientMatches > 20 ? " (the search matches more than 20 patients: the first 20 are shown; narrow it)" : ""}
          . Times in {CLINIC_TIME_ZONE}.
        </span>
        <a className="btn-secondary text-xs" href={listHref("/admin/audit/export", params)}>
          Download CSV
        </a>
      </p>
      <div className="card overflow-x-auto p-0">
        <table className="table" data-testid="audit-table">
          <SortableTableHead columns={COLUMNS} current={sort} basePath="/admin/audit" params={params} />
          <tbody className="divide-y divide-slate-100">
            {report.rows.map((r) => (
              <tr key={r.id}>
                <td className="font-mono text-xs">{r.id}</td>
                <td className="whitespace-nowrap">
                  <time dateTime={r.occurredAt.toISOString()}>{formatInstant(r.occurredAt)}</time>
                </td>
                <td>
                  {r.actorName} {r.actorRole ? <span className="text-xs text-slate-500">({r.actorRole.toLowerCase()})</span> : null}
                </td>
                <td className="font-mono text-xs">{r.action}</td>
                <td className="text-xs">
                  {r.entityType} <span className="font-mono text-slate-500">{r.entityId?.slice(0, 8)}</span>
                </td>
                <td className="text-xs">
                  {r.patient ? (
                    <>
                      {r.patient.name} <span className="font-mono text-slate-500">{r.patient.mrn}</span>
                    </>
                  ) : r.patientId ? (
                    <span className="font-mono">{r.patientId.slice(0, 8)}</span>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="max-w-md text-xs">
                  {r.changes ? (
                    // A disclosure: readable with the keyboard and a screen reader, not only on hover.
                    <details>
                      <summary className="cursor-pointer truncate font-mono">{JSON.stringify(r.changes).slice(0, 60)}</summary>
                      <pre className="mt-1 font-mono whitespace-pre-wrap break-all">{JSON.stringify(r.changes, null, 2)}</pre>
                    </details>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={f.page} pageCount={report.pageCount} params={{ ...params, sort: sort.key, dir: sort.dir }} basePath="/admin/audit" />
    </div>
  );
}
