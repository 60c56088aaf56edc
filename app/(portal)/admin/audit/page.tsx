import type { Metadata } from "next";
import { Pagination } from "@/components/pagination";
import { requirePagePermission } from "@/lib/auth/session";
import { CLINIC_TIME_ZONE } from "@/lib/clinic";
import { formatCount } from "@/lib/format";
import { AUDIT_PAGE_SIZE, AUDIT_SORTS, getAuditReport, patientsNamed, recordAuditRead, type AuditSort } from "@/lib/data/audit-report";
import { openChainReport } from "@/lib/data/audit-verify";
import { searchFromParams } from "@/lib/data/saved-searches";
import { SearchForm } from "@/components/search-form";
import { auditFiltersSchema, toAuditFilters } from "@/lib/validation/audit";
import { searchAuditTrailAction } from "./actions";
import { SortableTableHead, type SortableColumn } from "@/components/sortable-table-head";
import { listHref, parseSort } from "@/lib/validation/sort";
import { VerificationResult } from "./verification-result";
import { VerifyChainButton } from "./verify-focus";
import { AuditRowCells } from "./audit-rows";
import { ActionSelect, ActorSelect } from "./filter-fields";
import { KindFilter } from "./kind-filter";

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
  await recordAuditRead(user, "view", { ...filters, action: report.action, kind: report.kind }, search, { patientIds: patientsNamed(report.rows) });
  const params = { from: f.from, to: f.to, actor: f.actor, action: report.action, kind: report.kind, search: search.id ?? undefined };
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
            {/* The kind shown stays chosen while the other filters change (a kind is for a patient's report only). */}
            {report.kind ? <input type="hidden" name="kind" value={report.kind} /> : null}
            <ActorSelect actors={report.actors} value={f.actor} />
            <ActionSelect role={user.role} value={report.action} />
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
      {report.kinds ? <KindFilter kinds={report.kinds} current={report.kind} params={{ ...params, sort: sort.key, dir: sort.dir }} /> : null}
      <div className="card overflow-x-auto p-0">
        <table className="table" data-testid="audit-table">
          <SortableTableHead columns={COLUMNS} current={sort} basePath="/admin/audit" params={params} />
          <tbody className="divide-y divide-slate-100">
            {report.rows.map((r) => (
              <AuditRowCells key={r.id} r={r} />
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={f.page} pageCount={report.pageCount} params={{ ...params, sort: sort.key, dir: sort.dir }} basePath="/admin/audit" />
    </div>
  );
}
