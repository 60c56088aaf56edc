import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/pagination";
import { can } from "@/lib/auth/permissions";
import { requirePagePermission } from "@/lib/auth/session";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { searchPatients } from "@/lib/data/patients";
import { formatDate } from "@/lib/format";
import { PREGNANCY_CATEGORY_LABELS } from "@/lib/labels";
import { parsePatientSearch } from "@/lib/validation/patient";
import { TableHead } from "@/components/table-head";

export const metadata: Metadata = { title: "Patients" };

export default async function PatientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("patients.read");
  const { q, page, problem } = parsePatientSearch(await searchParams);
  const result = problem ? { rows: [], total: 0, page, pageCount: 1 } : await searchPatients(q, page);
  await recordPatientsShown(
    user,
    q ? "patient-search" : "patient-list",
    result.rows.map((r) => r.id),
    { page, queryLength: q.length },
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-semibold">Patients</h1>
        {can(user.role, "patients.write") ? (
          <Link href="/patients/new" className="btn-primary">
            New patient
          </Link>
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
        {result.total} {result.total === 1 ? "patient" : "patients"}
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
            <TableHead columns={["Name", "MRN", "Date of birth", "Pregnancy potential", "Phone"]} />
            <tbody className="divide-y divide-slate-100">
              {result.rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link className="font-medium text-brand-700 hover:underline" href={`/patients/${p.id}`}>
                      {p.lastName}, {p.firstName}
                    </Link>
                  </td>
                  <td className="font-mono">{p.mrn}</td>
                  <td>{formatDate(p.dateOfBirth)}</td>
                  <td>{PREGNANCY_CATEGORY_LABELS[p.pregnancyCategory]}</td>
                  <td>{p.phone ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={result.page} pageCount={result.pageCount} params={{ q }} basePath="/patients" />
    </div>
  );
}
