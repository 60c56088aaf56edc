import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Pagination } from "@/components/pagination";
import { requirePagePermission } from "@/lib/auth/session";
import { clinicToday } from "@/lib/clinic";
import { getLabAlerts } from "@/lib/data/labs";
import { recordPatientsShown } from "@/lib/data/access-audit";
import { getWorklist } from "@/lib/data/monitoring";
import { getCourseSummaryPage } from "@/lib/data/course-summaries";
import { ensureDerivedDataFresh } from "@/lib/data/daily-refresh";
import { formatDate, formatMgPerKg, formatPercent } from "@/lib/format";
import { DOSE_CLASS_LABELS, LAB_FLAG_LABELS } from "@/lib/labels";
import { FLAG_STYLE } from "@/components/badge-styles";
import { TableHead } from "@/components/table-head";

export const metadata: Metadata = { title: "Dashboard" };

const COURSES_PER_PAGE = 25;

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePagePermission("dashboard.read");
  const requestedPage = z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .catch(1)
    .parse((await searchParams).page);
  const today = clinicToday();
  await ensureDerivedDataFresh(undefined, today);
  const [courses, alerts, overdue] = await Promise.all([
    getCourseSummaryPage({ limit: COURSES_PER_PAGE, offset: (requestedPage - 1) * COURSES_PER_PAGE }),
    getLabAlerts(user),
    getWorklist(today, { status: "OVERDUE", sort: "days" }, { limit: 10, offset: 0 }),
  ]);
  const shown = [...alerts.critical, ...alerts.abnormal, ...overdue.rows, ...courses.rows].map((r) => r.patientId);
  await recordPatientsShown(user, "dashboard", shown, { page: requestedPage });
  const pageCount = Math.max(1, Math.ceil(courses.total / COURSES_PER_PAGE));
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h1 className="text-2xl font-semibold">Dashboard</h1>
        <p className="text-sm text-slate-600">As of {formatDate(today)}</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-4">
        <Count label="Critical alerts" value={alerts.criticalCount} testId="count-critical" tone={alerts.criticalCount ? "critical" : undefined} />
        <Count label="Abnormal results to review" value={alerts.abnormalCount} testId="count-abnormal" />
        <Count label="Overdue monitoring" value={overdue.total} testId="count-overdue" />
        <Count label="Courses near or past target" value={courses.nearTarget} testId="count-near-target" />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <AlertList title="Critical alerts" testId="critical-alerts" empty="No critical result awaiting review." rows={alerts.critical} />
        <AlertList title="Abnormal results awaiting review" testId="abnormal-results" empty="Every abnormal result has been reviewed." rows={alerts.abnormal} />
      </div>
      <section aria-labelledby="overdue-heading" className="card">
        <div className="flex items-center justify-between">
          <h2 id="overdue-heading" className="text-lg font-semibold">
            Overdue monitoring
          </h2>
          <Link href="/monitoring?status=OVERDUE" className="text-sm text-brand-700 hover:underline">
            Open the worklist
          </Link>
        </div>
        {overdue.total === 0 ? (
          <p className="mt-2 text-slate-600">Nothing overdue.</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100" data-testid="overdue-list">
            {overdue.rows.map((r) => (
              <li key={`${r.patientId}-${r.itemKey}`} className="flex flex-wrap justify-between gap-2 py-2 text-sm">
                <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                  {r.patientName}
                </Link>
                <span>{r.item}</span>
                <span className="text-red-700">{r.daysOverdue} days overdue</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="active-heading" className="card overflow-x-auto p-0">
        <h2 id="active-heading" className="px-4 pt-4 text-lg font-semibold">
          Active courses <span className="text-sm font-normal text-slate-500">({courses.total}, furthest along first)</span>
        </h2>
        {courses.total === 0 ? (
          <p className="p-4 text-slate-600">No course in progress. Start one from a patient&apos;s page.</p>
        ) : (
          <table className="table" data-testid="active-courses">
            <TableHead columns={["Patient", "Regimen", "Cumulative", "Progress", "Target date", "28-day class"]} />
            <tbody className="divide-y divide-slate-100">
              {courses.rows.map((c) => (
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
                    {formatMgPerKg(c.mgPerKg)} <span className="text-slate-500">/ {c.targetMgPerKg}</span>
                  </td>
                  <td className="min-w-32">
                    <div className="h-2 rounded-full bg-slate-200" aria-hidden="true">
                      <div
                        className={`h-2 rounded-full ${c.progressPercent >= 100 ? "bg-red-600" : c.progressPercent >= 90 ? "bg-amber-500" : "bg-brand-600"}`}
                        style={{ width: `${Math.min(100, c.progressPercent)}%` }}
                      />
                    </div>
                    <span className="text-xs">{formatPercent(c.progressPercent)}</span>
                  </td>
                  <td>{c.remainingMg === 0 ? `Reached ${formatDate(c.targetReachedOn)}` : c.status === "PAUSED" ? "—" : formatDate(c.projectedTargetDate)}</td>
                  <td>{DOSE_CLASS_LABELS[c.doseClass]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Pagination page={requestedPage} pageCount={pageCount} params={{}} basePath="/dashboard" />
    </div>
  );
}

function AlertList({
  title,
  rows,
  empty,
  testId,
}: {
  title: string;
  rows: Awaited<ReturnType<typeof getLabAlerts>>["critical"];
  empty: string;
  testId: string;
}) {
  return (
    <section className="card" aria-label={title}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="mt-2 text-slate-600">{empty}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100" data-testid={testId}>
          {rows.map((r) => (
            <li key={r.id} className="py-2 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <span className={`badge ${FLAG_STYLE[r.flag]}`}>{LAB_FLAG_LABELS[r.flag]}</span>
                <Link href={`/patients/${r.patientId}`} className="font-medium text-brand-700 hover:underline">
                  {r.patientName}
                </Link>
                <Link
                  href={`/patients/${r.patientId}?labs=all#lab-${r.id}`}
                  className="text-slate-600 underline-offset-2 hover:underline"
                  data-testid="alert-result-link"
                >
                  {r.test}, {formatDate(r.specimenDate)}
                </Link>
              </div>
              {r.reason ? <p className="text-slate-700">{r.reason}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Count({ label, value, testId, tone }: { label: string; value: number; testId?: string; tone?: "critical" }) {
  return (
    <div className={`card ${tone === "critical" ? "border-red-300 bg-red-50" : ""}`}>
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-3xl font-semibold" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}
