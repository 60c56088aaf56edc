import type { Metadata } from "next";
import Link from "@/components/link";
import { Pagination } from "@/components/pagination";
import { PhoneNumber } from "@/components/phone-number";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { PATIENT_SORTS, searchPatients, type PatientSort } from "@/lib/data/patients";
import { clinicToday } from "@/lib/clinic";
import { formatCount, formatDateOfBirth } from "@/lib/format";
import { PREGNANCY_CATEGORY_LABELS } from "@/lib/labels";
import { searchForAudit, searchFromParams } from "@/lib/data/saved-searches";
import { SearchForm } from "@/components/search-form";
import { searchPatientsAction } from "./actions";
import { SortableTableHead, type SortableColumn } from "@/components/sortable-table-head";
import { listPage, parseSort } from "@/lib/validation/sort";

export const metadata: Metadata = { title: "Patients" };

const sortable = (key: PatientSort) => ({ key, first: PATIENT_SORTS[key] });
const COLUMNS: SortableColumn<PatientSort>[] = [
  { label: "Name", sort: sortable("name") },
  { label: "MRN", sort: sortable("mrn") },
  { label: "Date of birth (age)", sort: sortable("dob") },
  { label: "Pregnancy potential", sort: sortable("category") },
  { label: "Phone" },
];

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("patients.read");
  const params = await searchParams;
  // The search is a saved search's id in the address; the term is read for its own user only.
  const search = await searchFromParams(user, params, "q");
  const q = search.term;
  const page = listPage(params);
  const sort = parseSort(params, PATIENT_SORTS, "name");
  const today = clinicToday();
  const result = await searchPatients(user, q, page, sort);
  await recordPatientsShown(
    user,
    q ? "patient-search" : "patient-list",
    result.rows.map((r) => r.id),
    { page, sort: `${sort.key}-${sort.dir}`, ...searchForAudit(search) },
  );
  const listParams = { search: search.id ?? undefined };
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Patients</h1>
        {can(user.role, "patients.write") ? (
          <div className="flex gap-2">
            <Link href="/patients/import" className="btn-secondary">
              Import from a spreadsheet
            </Link>
            <Link href="/patients/new" className="btn-primary">
              New patient
            </Link>
          </div>
        ) : null}
      </div>
      <SearchForm
        action={searchPatientsAction}
        name="q"
        label="Search patients"
        hideLabel
        search={search}
        placeholder="Name, MRN or date of birth (YYYY-MM-DD)"
        className="flex max-w-xl flex-wrap items-start gap-2"
        fieldClassName="min-w-0 flex-1"
      >
        <button className="btn-secondary" type="submit">
          Search
        </button>
      </SearchForm>
      <p className="text-sm text-slate-600" aria-live="polite">
        {formatCount(result.total, "patient")}
        {q ? " found" : ""}
      </p>
      {result.rows.length === 0 ? (
        <div className="card text-slate-600">
          {q
            ? "No patient matches this search. Check the spelling, or search by MRN or date of birth."
            : "No patients yet. Create the first one with New patient."}
        </div>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table">
            <SortableTableHead columns={COLUMNS} current={sort} basePath="/patients" params={listParams} />
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/patients/${p.id}`}>
                      {p.lastName}, {p.firstName}
                    </Link>
                  </td>
                  <td className="font-mono whitespace-nowrap">{p.mrn}</td>
                  <td>{formatDateOfBirth(p.dateOfBirth, today)}</td>
                  <td>{PREGNANCY_CATEGORY_LABELS[p.pregnancyCategory]}</td>
                  <td>
                    <PhoneNumber shown={p.phone} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} params={{ ...listParams, sort: sort.key, dir: sort.dir }} basePath="/patients" />
    </div>
  );
}
