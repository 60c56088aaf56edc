import type { Metadata } from "next";
import Link from "@/components/link";
import { formatClinicTime } from "@/lib/clinic-time";
import { deliveryMode, reminderConfig } from "@/lib/reminders/config";
import { Pagination } from "@/components/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { listActiveDermatologists } from "@/lib/data/users";
import { ACTIONABLE_STATUSES } from "@/lib/domain/monitoring/items";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { getOutreachHistory, getPatientWorklist } from "@/lib/data/worklist";
import { getDerivedDataAsOf } from "@/lib/data/daily-refresh";
import { FiguresAsOf } from "@/components/figures-as-of";
import { formatDate } from "@/lib/format";
import { visibleItemKinds } from "@/lib/data/item-visibility";
import { ITEM_KIND_LABELS, ITEM_STATUS_LABELS, SORT_DIRECTION_LABELS, toOptions, WORKLIST_COLUMN_LABELS } from "@/lib/labels";
import { searchForAudit, searchFromParams } from "@/lib/data/saved-searches";
import { SearchForm } from "@/components/search-form";
import { worklistQuerySchema, type WorklistParams } from "@/lib/validation/worklist";
import { searchWorklistAction } from "./actions";
import { BulkReminders } from "./_components/bulk-reminders";
import { SortHeader } from "./_components/sort-header";
import { WorklistCard } from "./_components/worklist-card";
import { WORKLIST_GRID } from "./_components/worklist-grid";
import { worklistHref } from "./_components/worklist-url";

export const metadata: Metadata = { title: "Monitoring worklist" };
const PAGE_SIZE = 25;

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("monitoring.read");
  const raw = await searchParams;
  // The search is a saved search's id in the address; the term is read for its own user only.
  const search = await searchFromParams(user, raw, "q");
  const q: WorklistParams = { ...worklistQuerySchema.parse(raw), search: search.id ?? undefined };
  const today = clinicToday();
  const [worklist, clinicians, derived] = await Promise.all([
    getPatientWorklist(
      user,
      today,
      { search: search.term || undefined, kind: q.kind, status: q.status, clinicianId: q.clinician, sort: q.sort, dir: q.dir, page: q.page },
      PAGE_SIZE,
    ),
    listActiveDermatologists(),
    getDerivedDataAsOf(),
  ]);
  const { rows, total, pageCount } = worklist;
  const params: WorklistParams = { ...q, page: worklist.page };
  const ids = rows.map((r) => r.patientId);
  const [history] = await Promise.all([
    getOutreachHistory(user, ids),
    recordPatientsShown(user, "worklist", ids, { page: worklist.page, kind: q.kind ?? null, status: q.status ?? null, ...searchForAudit(search) }),
  ]);
  const exportHref = worklistHref({ ...params, page: 1 }, {}, "/monitoring/export");
  const canEditContact = can(user.role, "patients.write");
  // Only the kinds the role gets: a dermatologist's own item is not even a choice for office staff.
  const kindOptions = visibleItemKinds(user.role).map((k) => ({ value: k, label: ITEM_KIND_LABELS[k] }));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Monitoring worklist</h1>
          <p className="text-sm text-slate-600">Patients with overdue, due and due-soon items, as of {formatDate(today)}.</p>
        </div>
        <a className="btn-secondary" href={exportHref} download>
          Export CSV
        </a>
      </div>
      <FiguresAsOf today={today} {...derived} />
      <SearchForm
        action={searchWorklistAction}
        name="q"
        label="Search"
        search={search}
        placeholder="Name, MRN or phone"
        className="card grid gap-3 sm:grid-cols-2 lg:flex lg:flex-wrap lg:items-end"
        fieldClassName="lg:w-64"
      >
        <Select name="kind" label="Item" value={q.kind} options={kindOptions} />
        <Select name="status" label="Status" value={q.status} options={ACTIONABLE_STATUSES.map((s) => ({ value: s, label: ITEM_STATUS_LABELS[s] }))} />
        <Select name="clinician" label="Clinician" value={q.clinician} options={clinicians.map((c) => ({ value: c.id, label: c.name }))} />
        <Select name="sort" label="Sort by" value={q.sort} options={toOptions(WORKLIST_COLUMN_LABELS)} blank={false} />
        <Select name="dir" label="Order" value={q.dir} options={toOptions(SORT_DIRECTION_LABELS)} blank={false} />
        <button className="btn-primary" type="submit">
          Apply
        </button>
      </SearchForm>
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="worklist-count">
        {total} {total === 1 ? "patient" : "patients"}
      </p>
      {rows.length === 0 ? (
        <EmptyWorklist filtered={Boolean(search.term || q.kind || q.status || q.clinician)} clearHref={worklistHref({ sort: q.sort, dir: q.dir, page: 1 })} />
      ) : (
        <>
          <OutboxNote />
          <BulkReminders
            names={Object.fromEntries(rows.map((r) => [r.patientId, r.patientName]))}
            blocked={Object.fromEntries(rows.map((r) => [r.patientId, r.reminderBlocked]))}
          />
          <div className={`hidden px-3 text-sm font-semibold text-slate-600 ${WORKLIST_GRID}`} data-testid="worklist-sort">
            <span className="sr-only">Select</span>
            <SortHeader column="name" params={params} className="col-start-2" />
            <SortHeader column="mrn" params={params} />
            <span>Contact</span>
            <SortHeader column="items" params={params} />
            <SortHeader column="due" params={params} />
            <SortHeader column="clinician" params={params} />
            <SortHeader column="contact" params={params} />
          </div>
          <ul className="space-y-3" data-testid="worklist" aria-label="Patients to contact">
            {rows.map((r) => (
              <WorklistCard
                key={r.patientId}
                p={r}
                lastContact={r.lastContactAt ? formatClinicTime(new Date(r.lastContactAt)) : "Never"}
                history={(history.get(r.patientId) ?? []).map((e) => ({ ...e, when: formatClinicTime(new Date(e.at)) }))}
                canEditContact={canEditContact}
              />
            ))}
          </ul>
        </>
      )}
      <Pagination page={worklist.page} pageCount={pageCount} params={{ ...params, page: undefined }} basePath="/monitoring" />
    </div>
  );
}

/**
 * No patient on the list: with a search or a filter, one link back to the whole list (its order kept), so
 * nobody has to empty the box and reset each filter by hand; without any, the list is simply empty.
 */
function EmptyWorklist({ filtered, clearHref }: { filtered: boolean; clearHref: string }) {
  return (
    <p className="card text-slate-600" data-testid="worklist-empty">
      {filtered ? (
        <>
          No patient matches this search or these filters.{" "}
          <Link href={clearHref} className="font-semibold text-brand-700 underline">
            Clear the search and filters
          </Link>
        </>
      ) : (
        "Nothing to chase: no patient has an overdue, due or due-soon item."
      )}
    </p>
  );
}

function Select({
  name,
  label,
  value,
  options,
  blank = true,
}: {
  name: string;
  label: string;
  value?: string;
  options: { value: string; label: string }[];
  blank?: boolean;
}) {
  return (
    <div>
      <label htmlFor={name} className="label">
        {label}
      </label>
      <select id={name} name={name} defaultValue={value ?? ""} className="input">
        {blank ? <option value="">All</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Reminders that only reach the server's outbox folder are said so where they are sent (lib/reminders/config.ts):
 * text messages always, as no text-message gateway is built in, and emails without a mail server (SMTP_URL). A
 * reminder shown as sent was written there; /admin/jobs says where.
 */
function OutboxNote() {
  let email: "smtp" | "outbox" = "outbox";
  try {
    email = deliveryMode(reminderConfig()).email.via;
  } catch {
    // A setting that cannot be read: /admin/jobs names it; nothing is sent either way.
  }
  return (
    <p className="text-sm text-amber-900" data-testid="reminder-outbox-note">
      {email === "smtp"
        ? "Text-message reminders are not sent to patients: each is written to the server's outbox folder, as no text-message gateway is set up."
        : "Reminders are not sent to patients: no mail server or text-message gateway is set up, so each is written to the server's outbox folder."}
    </p>
  );
}
