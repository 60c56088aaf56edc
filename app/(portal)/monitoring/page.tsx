import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { listActiveDermatologists } from "@/lib/data/users";
import { ACTIONABLE_STATUSES } from "@/lib/domain/monitoring/items";
import { ensureDerivedDataFresh } from "@/lib/data/daily-refresh";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { getWorklist } from "@/lib/data/monitoring";
import { formatDate } from "@/lib/format";
import { ITEM_KIND_LABELS, ITEM_STATUS_LABELS, toOptions, WORKLIST_SORT_LABELS } from "@/lib/labels";
import { ITEM_STATUS_STYLE } from "@/components/badge-styles";
import { worklistQuerySchema } from "@/lib/validation/worklist";
import { OutreachInline } from "./outreach-inline";
import { TableHead } from "@/components/table-head";

export const metadata: Metadata = { title: "Monitoring worklist" };
const PAGE_SIZE = 25;

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("monitoring.read");
  const q = worklistQuerySchema.parse(await searchParams);
  const today = clinicToday();
  await ensureDerivedDataFresh(undefined, today);
  const [{ rows: pageRows, total }, clinicians] = await Promise.all([
    getWorklist(today, { kind: q.kind, status: q.status, clinicianId: q.clinician, sort: q.sort }, { limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE }),
    listActiveDermatologists(),
  ]);
  await recordPatientsShown(
    user,
    "worklist",
    pageRows.map((r) => r.patientId),
    { page: q.page, kind: q.kind ?? null, status: q.status ?? null },
  );
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const params = { kind: q.kind, status: q.status, clinician: q.clinician, sort: q.sort };
  const exportQuery = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Monitoring worklist</h1>
          <p className="text-sm text-slate-600">Overdue, due and due-soon items across the clinic, as of {formatDate(today)}.</p>
        </div>
        <a className="btn-secondary" href={`/monitoring/export?${exportQuery}`} download>
          Export CSV
        </a>
      </div>
      <form className="card flex flex-wrap items-end gap-3" action="/monitoring">
        <Select name="kind" label="Item" value={q.kind} options={toOptions(ITEM_KIND_LABELS)} />
        <Select name="status" label="Status" value={q.status} options={ACTIONABLE_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABELS[s] }))} />
        <Select name="clinician" label="Clinician" value={q.clinician} options={clinicians.map((c) => ({ value: c.id, label: c.name }))} />
        <div>
          <label htmlFor="sort" className="label">
            Sort by
          </label>
          <select id="sort" name="sort" defaultValue={q.sort} className="input">
            {toOptions(WORKLIST_SORT_LABELS).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button className="btn-primary" type="submit">
          Apply
        </button>
      </form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {total} {total === 1 ? "item" : "items"}
      </p>
      {pageRows.length === 0 ? (
        <p className="card text-slate-600">Nothing to chase: no item matches these filters.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table" data-testid="worklist">
            <TableHead columns={["Patient", "Contact", "Item", "Due", "Status", "Clinician", "Outreach"]} />
            <tbody className="divide-y divide-slate-100">
              {pageRows.map((r) => (
                <tr key={`${r.patientId}-${r.itemKey}`}>
                  <td>
                    <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                      {r.patientName}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{r.mrn}</div>
                  </td>
                  <td className="text-sm">
                    <div>{r.phone ?? "—"}</div>
                    <div className="text-slate-500">{r.email ?? ""}</div>
                  </td>
                  <td>
                    {r.item}
                    <div className="max-w-xs text-xs text-slate-500">{r.reason}</div>
                  </td>
                  <td className="whitespace-nowrap">{formatDate(r.dueDate)}</td>
                  <td>
                    <span className={`badge ${ITEM_STATUS_STYLE[r.status]}`}>{ITEM_STATUS_LABELS[r.status]}</span>
                    {r.status === "OVERDUE" ? <div className="text-xs text-red-700">{r.daysOverdue} days</div> : null}
                  </td>
                  <td>{r.clinician}</td>
                  <td className="min-w-56">
                    {r.lastOutreach ? (
                      <p className="text-xs text-slate-600" data-testid="last-outreach">
                        {formatDate(r.lastOutreach.at.slice(0, 10))}, {r.lastOutreach.by}: {r.lastOutreach.note}
                      </p>
                    ) : null}
                    <OutreachInline patientId={r.patientId} itemKey={r.itemKey} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={q.page} pageCount={pageCount} params={params} basePath="/monitoring" />
    </div>
  );
}

function Select({ name, label, value, options }: { name: string; label: string; value?: string; options: { value: string; label: string }[] }) {
  return (
    <div>
      <label htmlFor={name} className="label">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ""} className="input">
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
