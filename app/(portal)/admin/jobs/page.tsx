import type { Metadata } from "next";
import { requirePagePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/clinic-time";
import { getDerivedDataAsOf } from "@/lib/data/daily-refresh";
import { getRefreshRun, lastDailyRefresh, listRecentJobs } from "@/lib/data/jobs";
import { formatDate } from "@/lib/format";
import { JOB_NAME_LABELS } from "@/lib/admin-labels";
import { TableHead } from "@/components/table-head";
import { attemptsText } from "./attempts";
import { jobBadge } from "./job-badge";
import { ReminderDelivery } from "./reminder-delivery";
import { RunDailyRefreshForm } from "./run-now-form";

export const metadata: Metadata = { title: "Background jobs" };

export default async function JobsPage() {
  const user = await requirePagePermission("jobs.manage");
  const [jobs, derived, run, last] = await Promise.all([listRecentJobs(user), getDerivedDataAsOf(), getRefreshRun(user), lastDailyRefresh(user)]);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Background jobs</h1>
        <p className="text-sm text-slate-600">
          The daily refresh brings cumulative doses and monitoring items up to the clinic&apos;s today at its midnight; a settings version in force today is
          applied by a recompute. Patient reminders are sent by a job queued when staff send them, and every 5 minutes for any still waiting. Runs that found
          nothing to do are not listed (a refresh an administrator asked for is). Failed attempts are retried with growing delays; a recompute that makes no
          progress for two minutes is cancelled, and a new run queued in its place.
        </p>
      </div>
      <section className="card space-y-2" aria-labelledby="refresh-heading">
        <h2 id="refresh-heading" className="text-lg font-semibold">
          Daily refresh
        </h2>
        <p className="text-sm" data-testid="refresh-as-of">
          {derived.asOf ? `Figures are as of ${formatDate(derived.asOf)}.` : "Figures have not been computed yet."}
          {run && !run.lapsed ? ` A refresh is running: begun ${formatInstant(run.since)}, last progress at ${formatInstant(run.renewedAt)}.` : ""}
          {run?.lapsed
            ? ` A refresh begun ${formatInstant(run.since)} stopped making progress at ${formatInstant(run.renewedAt)}: the next run takes it over, within minutes.`
            : ""}
        </p>
        <p className="text-sm text-slate-600" data-testid="refresh-last-run">
          {last
            ? `The refresh last finished ${formatInstant(last.completedOn)}: ${last.outcome}.`
            : "The refresh has not finished a run yet: the first is queued when the server starts."}
        </p>
        <RunDailyRefreshForm />
      </section>
      <ReminderDelivery />
      {jobs.length === 0 ? (
        <p className="card text-slate-600">No job to list: runs that found nothing to do are left off.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="table" data-testid="jobs">
            <TableHead columns={["Job", "State", "Queued", "Started", "Finished", "Attempts", "Outcome"]} />
            <tbody className="divide-y divide-slate-100">
              {jobs.map((j) => (
                <tr key={j.id}>
                  <td>
                    {JOB_NAME_LABELS[j.name]}
                    {j.requestedBy ? <span className="block text-xs text-slate-600">Asked for by {j.requestedBy}</span> : null}
                    {j.replacesStalled ? <span className="block text-xs text-slate-600">In place of a run that stopped making progress</span> : null}
                  </td>
                  <td>
                    <span className={`badge ${jobBadge(j).style}`}>{jobBadge(j).label}</span>
                  </td>
                  <td className="whitespace-nowrap text-sm">{formatInstant(j.createdOn)}</td>
                  <td className="whitespace-nowrap text-sm">{j.startedOn ? formatInstant(j.startedOn) : "—"}</td>
                  <td className="whitespace-nowrap text-sm">{j.completedOn ? formatInstant(j.completedOn) : "—"}</td>
                  <td className="text-sm">{attemptsText(j)}</td>
                  <td className={`max-w-md text-sm ${j.state === "failed" || j.state === "retry" ? "text-red-800" : "text-slate-600"}`}>
                    {j.note ? <span className="block text-amber-900">{j.note}</span> : null}
                    {j.outcome ?? (j.note ? null : "—")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
