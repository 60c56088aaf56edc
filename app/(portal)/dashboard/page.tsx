import type { Metadata } from "next";
import Link from "next/link";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { getActiveCourseSummaries } from "@/lib/data/treatment";
import { DOSE_CLASS_LABELS, formatDate, formatMgPerKg, formatPercent } from "@/lib/format";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  await requirePagePermission("dashboard.read");
  const today = clinicToday();
  const courses = (await getActiveCourseSummaries(today)).sort((a, b) => b.summary.progressPercent - a.summary.progressPercent);
  const nearTarget = courses.filter((c) => c.summary.progressPercent >= 90);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="text-sm text-slate-600">As of {formatDate(today)}</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Count label="Courses in progress" value={courses.length} />
        <Count label="Near or past target (≥ 90 %)" value={nearTarget.length} testId="count-near-target" />
        <Count label="Paused" value={courses.filter((c) => c.status === "PAUSED").length} />
      </div>
      <section aria-labelledby="active-heading" className="card overflow-x-auto p-0">
        <h2 id="active-heading" className="px-4 pt-4 text-lg font-semibold">
          Active courses
        </h2>
        {courses.length === 0 ? (
          <p className="p-4 text-slate-600">No course in progress. Start one from a patient&apos;s page.</p>
        ) : (
          <table className="table" data-testid="active-courses">
            <thead className="bg-slate-50">
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Regimen</th>
                <th scope="col">Cumulative</th>
                <th scope="col">Progress</th>
                <th scope="col">Target date</th>
                <th scope="col">28-day class</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {courses.map((c) => (
                <tr key={c.courseId}>
                  <td>
                    <Link href={`/patients/${c.patientId}`} className="font-medium text-brand-700 hover:underline">
                      {c.patientName}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">{c.mrn}</div>
                  </td>
                  <td>
                    {c.status === "PAUSED" ? <span className="badge mr-1 bg-amber-100 text-amber-900">Paused</span> : null}
                    {c.regimen}
                  </td>
                  <td>
                    {formatMgPerKg(c.summary.mgPerKg)} <span className="text-slate-500">/ {c.summary.targetMgPerKg}</span>
                  </td>
                  <td className="min-w-32">
                    <div className="h-2 rounded-full bg-slate-200" aria-hidden="true">
                      <div className={`h-2 rounded-full ${c.summary.progressPercent >= 100 ? "bg-red-600" : c.summary.progressPercent >= 90 ? "bg-amber-500" : "bg-brand-600"}`} style={{ width: `${Math.min(100, c.summary.progressPercent)}%` }} />
                    </div>
                    <span className="text-xs">{formatPercent(c.summary.progressPercent)}</span>
                  </td>
                  <td>{c.summary.remainingMg === 0 ? `Reached ${formatDate(c.summary.targetReachedOn)}` : c.status === "PAUSED" ? "—" : formatDate(c.summary.projectedTargetDate)}</td>
                  <td>{DOSE_CLASS_LABELS[c.summary.doseClass]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function Count({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="card">
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-semibold" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}
