import { formatInstant } from "@/lib/clinic-time";
import { formatDate } from "@/lib/format";
import { JOB_QUEUES, type JobName, type JobState } from "./queues";

/**
 * What /admin/jobs says of a job, in plain words: what it left (an error's message, or a handler's summary of
 * counts), and, for one marked running far longer than such a job takes, that its process may have stopped.
 * Only messages and counts are read, never a job's payload: handlers' messages name no patient
 * (lib/jobs/failure.ts), nor do pg-boss's own.
 */

const MAX_OUTCOME = 300;

/** "4 minutes", "1 minute", "45 seconds", "2 hours". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const [n, unit] = s < 60 ? [s, "second"] : s < 7200 ? [Math.floor(s / 60), "minute"] : [Math.floor(s / 3600), "hour"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/**
 * pg-boss's own failures, which name no reason an administrator can act on: its maintenance failing a job still
 * marked running past its queue's expiry (whose process stopped, or that still runs, unseen), and a worker giving
 * up waiting for its handler at the expiry (the handler may go on; the job is retried).
 */
function pgBossMessage(message: string, expireSeconds: number | null): string | null {
  const limit = expireSeconds ? ` of ${duration(expireSeconds)}` : "";
  if (message === "job failed by timeout in active state") return `Stopped: it ran past its time limit${limit} (the server running it may have stopped).`;
  const exceeded = /^handler execution exceeded (\d+)ms/.exec(message);
  if (exceeded) return `Given up: it ran past its time limit of ${duration(Number(exceeded[1]) / 1000)} (a run still going carries on).`;
  return null;
}

/** The message of a failure as pg-boss stores it: `{ message }` (an Error), or `{ value: { message } }` / `{ value: "…" }` (its own). */
function failureMessage(output: object): string | null {
  const { message, value } = output as { message?: unknown; value?: unknown };
  if (typeof message === "string") return message;
  if (typeof value === "string") return value;
  const inner = typeof value === "object" && value !== null ? (value as { message?: unknown }).message : undefined;
  return typeof inner === "string" ? inner : null;
}

/** What a job left, on one line: a failure's reason, or a handler's summary ("sent: 3, failed: 0"); a refresh with nothing to do, "Already up to date". */
export function describeOutcome(job: { state: JobState; output: unknown; expireSeconds?: number | null }): string | null {
  const { state, output } = job;
  if (output === null || output === undefined) return null;
  if (typeof output !== "object") return String(output).slice(0, MAX_OUTCOME);
  const message = failureMessage(output);
  if (state === "failed" || state === "retry" || message !== null) {
    if (message === null) return "Failed.";
    return (pgBossMessage(message, job.expireSeconds ?? null) ?? message).slice(0, MAX_OUTCOME);
  }
  const entries = Object.entries(output as Record<string, unknown>);
  // A run that had nothing to do says why, as a sentence ("already up to date").
  const [only] = entries;
  if (entries.length === 1 && only![0] === "skipped" && typeof only![1] === "string") {
    const why = only![1];
    return `${why.charAt(0).toUpperCase()}${why.slice(1)}`.slice(0, MAX_OUTCOME);
  }
  return entries
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v) || v === null)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ")
    .slice(0, MAX_OUTCOME);
}

/** What a completed daily refresh did, as a sentence's end: "brought the figures up to 23 Nov 2026", "Already up to date". */
export function refreshSummary(output: unknown): string {
  const { asOf, stopped } = (typeof output === "object" && output !== null ? output : {}) as { asOf?: unknown; stopped?: unknown };
  if (typeof asOf === "string" && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) return `brought the figures up to ${formatDate(asOf)}`;
  if (typeof stopped === "string") return "stopped, another run having taken it over";
  return describeOutcome({ state: "completed", output }) ?? "done";
}

/**
 * For a job marked running for far longer than a run of its queue takes (JOB_QUEUES' longRunSeconds): that the
 * process running it may have stopped (a server stopped mid-run leaves its job marked running), and when it is
 * given up and retried (its expiry). Null otherwise, and for a queue whose runs say for themselves (the daily
 * refresh's lease, on the same page; a settings recompute's progress: stalledNote).
 */
export function overdueNote(job: { name: JobName; state: JobState; runningSeconds: number | null; expireSeconds: number | null }): string | null {
  const usual = JOB_QUEUES[job.name].longRunSeconds;
  if (job.state !== "active" || usual === null || job.runningSeconds === null || job.runningSeconds <= usual) return null;
  const limit = job.expireSeconds ?? JOB_QUEUES[job.name].expireInSeconds;
  const next =
    job.runningSeconds < limit
      ? `It is given up once it has run ${duration(limit)} (its time limit), then retried.`
      : "It is past its time limit: it is given up and retried within minutes.";
  return `Running for ${duration(job.runningSeconds)}, far longer than this job takes (at most ${duration(usual)}): the server running it may have stopped. ${next}`;
}

/**
 * For a running job that records its progress (a settings recompute: lib/jobs/stalled-recompute.ts) and has made
 * none for `lapseSeconds`: since when, and that it is given up (by the worker's next look) and run again. Null while it
 * makes progress, and once it no longer runs.
 */
export function stalledNote(job: { state: JobState; lastProgressAt: Date | null; quietSeconds: number | null }, lapseSeconds: number): string | null {
  if (job.state !== "active" || job.lastProgressAt === null || job.quietSeconds === null || job.quietSeconds < lapseSeconds) return null;
  return `No progress since ${formatInstant(job.lastProgressAt)} (${duration(job.quietSeconds)}): the server running it may have stopped. It is given up within a minute, and a new run queued in its place.`;
}
