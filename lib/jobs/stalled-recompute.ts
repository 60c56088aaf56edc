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
 * with no progress for PROGRESS_LAPSE_SECONDS (since it started, or since its last batch) is given up: the worker
 * cancels it and queues a new job in its place, when it starts and every minute (watchStalledJobs,
 * lib/jobs/stalled-refresh.ts). A run whose job was given up while it still goes (stalled, not dead) stops before its
 * next batch is written, and the new job's run recomputes all again, alone.
 *
 * Not pg-boss's retry: it retries under the same job id, and pg-boss completes or fails a job by id (its SQL asks
 * only `state = 'active'`, or `state < 'completed'`), so a stalled run that ends would complete or fail its retry's
 * attempt (node_modules/pg-boss/src/plans.js: completeJobs, failJobsById). A cancelled job is out of reach of both,
 * and of its run's progress (progressGuard).
 */

/**
 * The daily refresh's lapse, for the same reasons (lib/data/refresh-lease.ts): a live run records progress at least
 * once per batch, whose transaction Prisma ends after 60 seconds, and before its first the query selecting its patients.
 */
export const PROGRESS_LAPSE_SECONDS = LEASE_LAPSE_SECONDS;

const JOB = Prisma.raw(`${JOB_SCHEMA}.job`);

/** A job's last sign of life, in SQL on its pg-boss row: its last batch, or its start (a retry's progress is its own). */
export const lastProgressSql = Prisma.sql`GREATEST(started_on, (data->>'progressAt')::timestamptz)`;

/** A recompute whose job is no longer its own (given up, and another run in its place): it stops, its batch rolled back. */
export class RecomputeGivenUp extends Error {
  constructor() {
    super(
      `This run stopped before its next batch: its job was given up, after ${PROGRESS_LAPSE_SECONDS / 60} minutes without progress or at its time limit. The run in its place recomputes everything.`,
    );
    this.name = "RecomputeGivenUp";
  }
}

/**
 * What each batch of the recompute of job `jobId` does last in its transaction: records progress while the job is
 * still this run's, the attempt it started as (a job retried by pg-boss, at its time limit, keeps its id and starts
 * anew: its own started_on, kept as the database's text, to the microsecond). Throws RecomputeGivenUp when the job is
 * no longer running already (cancelled for a new job, or failed).
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
 * What a job queued in place of stalled ones carries in its data, beside the stalled job's own (kind, version):
 * `replaces`, the id of the job it replaces, and `priorAttempts`, the attempts the jobs it replaces made, so that the
 * jobs page counts the attempts of the whole recompute and the queue's retries are not granted anew by each.
 */
const replacement = z.object({ priorAttempts: z.number().int().nonnegative().catch(0) });

const stalledJob = z.object({
  id: z.string(),
  last: z.date(),
  data: z.record(z.string(), z.unknown()).nullable(),
  singleton_key: z.string().nullable(),
  retry_count: z.number().int(),
  retry_limit: z.number().int(),
});

/**
 * Gives up each settings-recompute job active with no progress for the lapse: cancels it, with why (its output), and
 * queues a new job in its place, with the same data and key, in the same transaction; the new job starts at once
 * (the queue's active place is free). A job already waiting for that kind (a settings version saved meanwhile) does
 * the same work: none is queued, that one takes its place. A job on its last attempt (those it replaces counted) is
 * failed for good instead: a recompute that never makes progress is not queued again and again. A live batch holds
 * its job's row until it commits: such a job is skipped (it is alive), as is one another worker is giving up at the
 * same moment. Returns how many.
 */
export async function replaceStalledRecomputeJobs(boss: PgBoss): Promise<number> {
  return db.$transaction(async (tx) => {
    const stalled = await queryRows(
      tx,
      stalledJob,
      Prisma.sql`
      SELECT id::text, ${lastProgressSql} AS last, data, singleton_key, retry_count, retry_limit FROM ${JOB}
      WHERE name = 'settings-recompute' AND state = 'active' AND ${lastProgressSql} < now() - make_interval(secs => ${PROGRESS_LAPSE_SECONDS})
      FOR UPDATE SKIP LOCKED`,
    );
    const onTx = { db: onTransaction(tx) };
    for (const job of stalled) {
      const stopped = `Its run stopped making progress at ${formatInstant(job.last)} (the process running it ended, or is held up)`;
      const attemptsLeft = job.retry_limit - job.retry_count;
      if (attemptsLeft <= 0) {
        await boss.fail("settings-recompute", job.id, { message: `${stopped}, on its last attempt: it is not run again.` }, onTx);
        log.warn({ job: "settings-recompute", id: job.id }, "stalled job failed on its last attempt");
        continue;
      }
      await boss.cancel("settings-recompute", job.id, onTx);
      const { progressAt: _, ...data } = job.data ?? {};
      const priorAttempts = replacement.parse(data).priorAttempts + job.retry_count + 1;
      const newId = await boss.send(
        "settings-recompute",
        { ...data, priorAttempts, replaces: job.id },
        { ...(job.singleton_key ? { singletonKey: job.singleton_key } : {}), retryLimit: attemptsLeft - 1, ...onTx },
      );
      const message = newId
        ? `${stopped}: cancelled, and a new run queued in its place. This run, should it go on, writes nothing more.`
        : `${stopped}: cancelled; the recompute already waiting takes its place. This run, should it go on, writes nothing more.`;
      await tx.$executeRaw`UPDATE ${JOB} SET output = ${JSON.stringify({ message })}::jsonb WHERE id = ${job.id}::uuid AND state = 'cancelled'`;
      log.warn({ job: "settings-recompute", id: job.id, newId }, "stalled job cancelled, a new one in its place");
    }
    return stalled.length;
  });
}
