import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { describeOutcome, overdueNote, refreshSummary, stalledNote } from "@/lib/jobs/outcome";
import { lastProgressSql, PROGRESS_LAPSE_SECONDS } from "@/lib/jobs/stalled-recompute";
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
  /** Its attempts, and those of the jobs it was queued in place of (a settings recompute given up: lib/jobs/stalled-recompute.ts). */
  attempts: number;
  retryLimit: number;
  /** Queued in place of a settings recompute given up for making no progress (that one listed as cancelled, with why). */
  replacesStalled: boolean;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** A completed job's counts, or a failed attempt's error message, in plain words (lib/jobs/outcome.ts). */
  outcome: string | null;
  /** The administrator who asked for this run ("Run the daily refresh now"), by name; null for a scheduled or queued run. */
  requestedBy: string | null;
  /** A job marked running far longer than such a job takes: that its process may have stopped (lib/jobs/outcome.ts). */
  note: string | null;
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
  expire_seconds: z.number().nullable(),
  running_seconds: z.number().nullable(),
  requested_by: z.string().nullable(),
  last_progress: z.date().nullable(),
  quiet_seconds: z.number().nullable(),
  prior_attempts: z.number().int().nonnegative().nullable(),
  replaces_stalled: z.boolean(),
});

/** A run an administrator asked for: its job names them by id (requestDailyRefresh). */
const REQUESTED = Prisma.sql`COALESCE(data ? 'requestedBy', false)`;

/**
 * Routine runs left off the list, so that the daily refreshes, the runs that sent something and every
 * failure stay in view: a reminders-dispatch run of the 5-minute schedule that found nothing to send, an
 * hourly daily-refresh run that found the figures up to date (one an administrator asked for stays listed),
 * and the hourly removal of expired saved searches once completed.
 */
const ROUTINE_RUN = Prisma.sql`COALESCE(
  (name = 'reminders-dispatch' AND state = 'completed' AND output @> '{"sent": 0, "failed": 0, "interrupted": 0}'::jsonb)
  OR (name = 'daily-refresh' AND state = 'completed' AND output ? 'skipped' AND NOT ${REQUESTED})
  OR (name = 'saved-searches-expire' AND state = 'completed'), false)`;

/** Every job, waiting, running and done (archived ones included), of the queues the application knows. */
function allJobs() {
  const schema = Prisma.raw(`"${JOB_SCHEMA}"`);
  const columns = Prisma.sql`id::text, name, state::text, retry_count, retry_limit, created_on, started_on, completed_on, output, data,
    EXTRACT(epoch FROM expire_in)::float8 AS expire_seconds`;
  return Prisma.sql`(
    SELECT ${columns} FROM ${schema}.job UNION ALL SELECT ${columns} FROM ${schema}.archive
  ) j WHERE name = ANY(${JOB_NAMES}::text[])`;
}

/** The most recent jobs, newest first; routine runs left out. A job still running says for how long, by the database's clock. */
export async function listRecentJobs(viewer: Viewer, limit = 50): Promise<JobRow[]> {
  assertCan(viewer, "jobs.manage");
  const rows = await queryRows(
    db,
    jobRow,
    Prisma.sql`
    SELECT r.*, CASE WHEN r.state = 'active' THEN EXTRACT(epoch FROM now() - r.started_on)::float8 END AS running_seconds, u.name AS requested_by,
      p.last_progress, EXTRACT(epoch FROM now() - p.last_progress)::float8 AS quiet_seconds,
      -- A recompute queued in place of stalled ones: their attempts, and the one it replaces (counts and an id only).
      CASE WHEN jsonb_typeof(r.data->'priorAttempts') = 'number' THEN (r.data->>'priorAttempts')::int END AS prior_attempts,
      (r.name = 'settings-recompute' AND COALESCE(r.data ? 'replaces', false)) AS replaces_stalled
    FROM (SELECT * FROM ${allJobs()} AND NOT ${ROUTINE_RUN} ORDER BY created_on DESC LIMIT ${limit}) r
    -- A running settings recompute's last batch, or its start (lib/jobs/stalled-recompute.ts).
    LEFT JOIN LATERAL (SELECT ${lastProgressSql} AS last_progress WHERE r.state = 'active' AND r.name = 'settings-recompute') p ON true
    LEFT JOIN users u ON u.id::text = r.data->>'requestedBy'
    ORDER BY r.created_on DESC`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    attempts: (r.prior_attempts ?? 0) + r.retry_count + (r.started_on ? 1 : 0),
    retryLimit: (r.prior_attempts ?? 0) + r.retry_limit,
    replacesStalled: r.replaces_stalled,
    createdOn: r.created_on,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    outcome: describeOutcome({ state: r.state, output: r.output, expireSeconds: r.expire_seconds }),
    requestedBy: r.requested_by,
    note:
      overdueNote({ name: r.name, state: r.state, runningSeconds: r.running_seconds, expireSeconds: r.expire_seconds }) ??
      stalledNote({ state: r.state, lastProgressAt: r.last_progress, quietSeconds: r.quiet_seconds }, PROGRESS_LAPSE_SECONDS),
  }));
}

/**
 * When the daily refresh last finished, and what it found, whether listed or not: the hourly runs that find the
 * figures up to date are left off the list, and the page still says that the refresh runs.
 */
export async function lastDailyRefresh(viewer: Viewer): Promise<{ completedOn: Date; outcome: string } | null> {
  assertCan(viewer, "jobs.manage");
  const [row] = await queryRows(
    db,
    z.object({ completed_on: z.date(), output: z.unknown(), expire_seconds: z.number().nullable() }),
    Prisma.sql`SELECT completed_on, output, expire_seconds FROM ${allJobs()} AND name = 'daily-refresh' AND state = 'completed'
      ORDER BY completed_on DESC LIMIT 1`,
  );
  return row ? { completedOn: row.completed_on, outcome: refreshSummary(row.output) } : null;
}

/**
 * "Run now" on /admin/jobs: queues the daily refresh, audited, naming the administrator in the job (by id), so
 * that the run is listed even when it finds nothing to do. False when one is already waiting (it does the same
 * work): that one is marked as asked for instead. The refresh itself does nothing when the data is already up to date.
 */
export async function requestDailyRefresh(actor: AuditActor): Promise<boolean> {
  assertMay(actor, "jobs.manage");
  await db.$transaction((tx) => writeAudit(tx, actor, { action: "job.run_requested", entityType: "Job", entityId: "daily-refresh" }));
  const data = { requestedBy: actor.id };
  if ((await enqueueJob("daily-refresh", data)) !== null) return true;
  const marked = await db.$executeRaw`
    UPDATE ${Prisma.raw(`"${JOB_SCHEMA}".job`)} SET data = COALESCE(data, '{}'::jsonb) || ${JSON.stringify(data)}::jsonb
    WHERE name = 'daily-refresh' AND state = 'created'`;
  // The waiting one started meanwhile: this request queues its own.
  return marked > 0 ? false : (await enqueueJob("daily-refresh", data)) !== null;
}

/** The run holding the daily refresh's lease, if any, and whether the lease has lapsed (its process ended). */
export async function getRefreshRun(viewer: Viewer): Promise<{ since: Date; renewedAt: Date; lapsed: boolean } | null> {
  assertCan(viewer, "jobs.manage");
  const lease = await readLease(db);
  return lease?.token ? { since: lease.since!, renewedAt: lease.renewed_at!, lapsed: lease.lapsed } : null;
}
