import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { JOB_NAMES, JOB_SCHEMA, JOB_STATES, type JobName } from "@/lib/jobs/queues";
import { writeAudit, type AuditActor } from "./audit";
import { queryRows } from "./query-rows";
import { readLease } from "./refresh-lease";
import { assertCan, assertMay, type Viewer } from "./viewer";

/**
 * The background jobs for administrators (/admin/jobs): recent jobs of every queue with their state, and
 * for a failure its error message only (handlers' messages name no patient; payloads are never shown).
 */
export interface JobRow {
  id: string;
  name: JobName;
  state: (typeof JOB_STATES)[number];
  attempts: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** A completed job's counts, or a failed attempt's error message. */
  outcome: string | null;
}

const jobRow = z.object({
  id: z.string(),
  name: z.enum(JOB_NAMES as [JobName, ...JobName[]]),
  state: z.enum(JOB_STATES),
  retry_count: z.number(),
  retry_limit: z.number(),
  created_on: z.date(),
  started_on: z.date().nullable(),
  completed_on: z.date().nullable(),
  output: z.unknown(),
});

const MAX_OUTCOME = 300;

/** What a job left: an error's message, or a handler's summary of counts, on one line. */
export function describeOutcome(state: JobRow["state"], output: unknown): string | null {
  if (output === null || output === undefined) return null;
  if (typeof output !== "object") return String(output).slice(0, MAX_OUTCOME);
  const message = (output as { message?: unknown }).message;
  if (state === "failed" || state === "retry" || typeof message === "string") return typeof message === "string" ? message.slice(0, MAX_OUTCOME) : "Failed.";
  return Object.entries(output as Record<string, unknown>)
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v) || v === null)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ")
    .slice(0, MAX_OUTCOME);
}

/**
 * Routine runs left off the list, so that the daily refreshes, the runs that sent something and every
 * failure stay in view: a reminders-dispatch run of the 5-minute schedule that found nothing to send, an
 * hourly daily-refresh run that found the figures up to date, and the hourly removal of expired saved
 * searches once completed.
 */
const ROUTINE_RUN = Prisma.sql`COALESCE(
  (name = 'reminders-dispatch' AND state = 'completed' AND output @> '{"sent": 0, "failed": 0, "interrupted": 0}'::jsonb)
  OR (name = 'daily-refresh' AND state = 'completed' AND output ? 'skipped')
  OR (name = 'saved-searches-expire' AND state = 'completed'), false)`;

/** The most recent jobs, waiting, running and done (archived ones included), newest first; routine runs left out. */
export async function listRecentJobs(viewer: Viewer, limit = 50): Promise<JobRow[]> {
  assertCan(viewer, "jobs.manage");
  const schema = Prisma.raw(`"${JOB_SCHEMA}"`);
  const rows = await queryRows(
    db,
    jobRow,
    Prisma.sql`
    SELECT * FROM (
      SELECT id::text, name, state::text, retry_count, retry_limit, created_on, started_on, completed_on, output FROM ${schema}.job
      UNION ALL
      SELECT id::text, name, state::text, retry_count, retry_limit, created_on, started_on, completed_on, output FROM ${schema}.archive
    ) j WHERE name = ANY(${JOB_NAMES}::text[]) AND NOT ${ROUTINE_RUN}
    ORDER BY created_on DESC LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    attempts: r.retry_count + (r.started_on ? 1 : 0),
    retryLimit: r.retry_limit,
    createdOn: r.created_on,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    outcome: describeOutcome(r.state, r.output),
  }));
}

/**
 * "Run now" on /admin/jobs: queues the daily refresh, audited. False when one is already waiting (it
 * does the same work). The refresh itself does nothing when the data is already up to date.
 */
export async function requestDailyRefresh(actor: AuditActor): Promise<boolean> {
  assertMay(actor, "jobs.manage");
  await db.$transaction((tx) => writeAudit(tx, actor, { action: "job.run_requested", entityType: "Job", entityId: "daily-refresh" }));
  return (await enqueueJob("daily-refresh", {})) !== null;
}

/** The run holding the daily refresh's lease, if any, and whether the lease has lapsed (its process ended). */
export async function getRefreshRun(viewer: Viewer): Promise<{ since: Date; renewedAt: Date; lapsed: boolean } | null> {
  assertCan(viewer, "jobs.manage");
  const lease = await readLease(db);
  return lease?.token ? { since: lease.since!, renewedAt: lease.renewed_at!, lapsed: lease.lapsed } : null;
}
