import { JOB_STATE_LABELS } from "@/lib/admin-labels";
import type { JobRow } from "@/lib/data/jobs";

const STATE_STYLE: Record<keyof typeof JOB_STATE_LABELS, string> = {
  created: "bg-slate-100 text-slate-800",
  retry: "bg-amber-100 text-amber-900",
  active: "bg-sky-100 text-sky-900",
  completed: "bg-emerald-100 text-emerald-900",
  cancelled: "bg-slate-100 text-slate-600",
  failed: "bg-red-100 text-red-900",
};

/**
 * A job's state as /admin/jobs shows it. A reminders run that completed but recorded some reminders as
 * not sent (its summary's `failed` count) is shown in amber with that number, not as a plain success, so
 * that an administrator notices and staff can follow up. So is a daily refresh that stopped because another
 * run took its lapsed lease over (its summary's `stopped`): it did not bring the figures up to date itself.
 */
export function jobBadge(job: Pick<JobRow, "name" | "state" | "outcome">): { label: string; style: string } {
  if (job.name === "daily-refresh" && job.state === "completed" && job.outcome?.startsWith("stopped: "))
    return { label: "Stopped, taken over", style: "bg-amber-100 text-amber-900" };
  const notSent = job.name === "reminders-dispatch" && job.state === "completed" ? Number(/(?:^|, )failed: (\d+)(?:,|$)/.exec(job.outcome ?? "")?.[1] ?? 0) : 0;
  if (notSent > 0) return { label: `${JOB_STATE_LABELS.completed}, ${notSent} not sent`, style: "bg-amber-100 text-amber-900" };
  return { label: JOB_STATE_LABELS[job.state], style: STATE_STYLE[job.state] };
}
