import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { formatInstant } from "@/lib/clinic-time";
import { db } from "@/lib/db";
import { queryRows } from "@/lib/data/query-rows";
import type { BatchGuard } from "@/lib/data/recompute-derived";
import { LEASE_LAPSE_SECONDS } from "@/lib/data/refresh-lease";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { onTransaction } from "./boss";
import { JOB_SCHEMA } from "./queues";

/**
 * A settings recompute runs as its pg-boss job, "active" while it runs: that is its only mark of running. A worker
 * killed mid-run leaves the job active until its expiry (an hour: lib/jobs/queues.ts; pg-boss 10 has no heartbeat),
 * and the stately queue starts no other recompute of that kind meanwhile. So each batch of a recompute records its
 * progress on its job (data.progressAt, the batch's own time of commit), in the batch's transaction, and a job active
 * with no progress for PROGRESS_LAPSE_SECONDS (since it started, or since its last batch) has no process behind it:
 * the worker fails it for pg-boss to retry it (after 30 s, then longer), when it starts and every minute
 * (watchStalledJobs, lib/jobs/stalled-refresh.ts). A run whose job was given up (so failed, or failed by pg-boss at its
 * expiry) while it still goes stops before its next batch is written, even once the job's retry has started: that
 * retry recomputes all again, alone.
 */

/**
 * The daily refresh's lapse, for the same reasons (lib/data/refresh-lease.ts): a live run records progress at least
 * once per batch, whose transaction Prisma ends after 60 seconds, and before its first the query selecting its patients.
 */
export const PROGRESS_LAPSE_SECONDS = LEASE_LAPSE_SECONDS;

const JOB = Prisma.raw(`${JOB_SCHEMA}.job`);

/** A job's last sign of life, in SQL on its pg-boss row: its last batch, or its start (a retry's progress is its own). */
export const lastProgressSql = Prisma.sql`GREATEST(started_on, (data->>'progressAt')::timestamptz)`;

/** A recompute whose job is no longer its own (given up, and perhaps retried): it stops, its batch rolled back. */
export class RecomputeGivenUp extends Error {
  constructor() {
    super(
      `This run stopped before its next batch: its job was given up, after ${PROGRESS_LAPSE_SECONDS / 60} minutes without progress or at its time limit. Its retry recomputes everything.`,
    );
    this.name = "RecomputeGivenUp";
  }
}

/**
 * What each batch of the recompute of job `jobId` does last in its transaction: records progress while the job is
 * still this run's, the attempt it started as (a retry keeps the job's id, and starts anew: its own started_on, kept
 * as the database's text, to the microsecond). Throws RecomputeGivenUp when the job is no longer running already.
 */
export async function progressGuard(jobId: string): Promise<BatchGuard> {
  const [attempt] = await queryRows(
    db,
    z.object({ started_on: z.string() }),
    Prisma.sql`SELECT started_on::text FROM ${JOB} WHERE name = 'settings-recompute' AND id = ${jobId}::uuid AND state = 'active'`,
  );
  if (!attempt) throw new RecomputeGivenUp();
  return {
    before: async () => {},
    after: async (tx) => {
      const recorded = await tx.$executeRaw`
        UPDATE ${JOB} SET data = COALESCE(data, '{}'::jsonb) || jsonb_build_object('progressAt', clock_timestamp())
        WHERE name = 'settings-recompute' AND id = ${jobId}::uuid AND state = 'active' AND started_on = ${attempt.started_on}::timestamptz`;
      if (recorded === 0) throw new RecomputeGivenUp();
    },
  };
}

/**
 * Fails, for a retry, each settings-recompute job active with no progress for the lapse. A live batch holds its job's
 * row until it commits: such a job is skipped (it is alive), as is one another worker is failing at the same moment.
 * Returns how many.
 */
export async function failStalledRecomputeJobs(boss: PgBoss): Promise<number> {
  return db.$transaction(async (tx) => {
    const stalled = await queryRows(
      tx,
      z.object({ id: z.string(), last: z.date() }),
      Prisma.sql`
      SELECT id::text, ${lastProgressSql} AS last FROM ${JOB}
      WHERE name = 'settings-recompute' AND state = 'active' AND ${lastProgressSql} < now() - make_interval(secs => ${PROGRESS_LAPSE_SECONDS})
      FOR UPDATE SKIP LOCKED`,
    );
    for (const job of stalled) {
      const message = `Its run stopped making progress at ${formatInstant(job.last)} (the process running it ended); it is retried.`;
      await boss.fail("settings-recompute", job.id, { message }, { db: onTransaction(tx) });
      log.warn({ job: "settings-recompute", id: job.id }, "stalled job failed for a retry");
    }
    return stalled.length;
  });
}
