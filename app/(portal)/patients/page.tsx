import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { PATIENT_SORTS, searchPatients, type PatientSort } from "@/lib/data/patients";
import { clinicToday } from "@/lib/clinic";
import { formatCount, formatDateOfBirth } from "@/lib/format";
import { PREGNANCY_CATEGORY_LABELS } from "@/lib/labels";
import { parsePatientSearch } from "@/lib/validation/patient";
import { SortableTableHead, type SortableColumn } from "@/components/sortable-table-head";
import { parseSort } from "@/lib/validation/sort";

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
  const { q, page, problem } = parsePatientSearch(params);
  const sort = parseSort(params, PATIENT_SORTS, "name");
  const today = clinicToday();
  const result = problem ? { rows: [], total: 0, page, pageCount: 1 } : await searchPatients(user, q, page, sort);
  await recordPatientsShown(
    user,
    q ? "patient-search" : "patient-list",
    result.rows.map((r) => r.id),
    { page, queryLength: q.length, sort: `${sort.key}-${sort.dir}` },
  );
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
      <form role="search" className="flex max-w-xl gap-2" action="/patients">
        <label htmlFor="q" className="sr-only">
          Search patients
        </label>
        <input id="q" name="q" defaultValue={q} className="input" placeholder="Name, MRN or date of birth (YYYY-MM-DD)" />
        <button className="btn-secondary" type="submit">
          Search
        </button>
      </form>
      {problem ? (
        <p className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" role="status" data-testid="search-problem">
          {problem}
        </p>
      ) : null}
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
            <SortableTableHead columns={COLUMNS} current={sort} basePath="/patients" params={{ q: q || undefined }} />
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/patients/${p.id}`}>
                      {p.lastName}, {p.firstName}
                    </Link>
                  </td>
                  <td className="font-mono">{p.mrn}</td>
                  <td>{formatDateOfBirth(p.dateOfBirth, today)}</td>
                  <td>{PREGNANCY_CATEGORY_LABELS[p.pregnancyCategory]}</td>
                  <td>{p.phone ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} params={{ q, sort: sort.key, dir: sort.dir }} basePath="/patients" />
    </div>
  );
}
