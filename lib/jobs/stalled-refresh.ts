import "server-only";
import type PgBoss from "pg-boss";
import { z } from "zod";
import { formatInstant } from "@/lib/clinic-time";
import { db } from "@/lib/db";
import { queryRows } from "@/lib/data/query-rows";
import { LEASE_LAPSE_SECONDS, leaseLiveSql } from "@/lib/data/refresh-lease";
import { Prisma } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { onTransaction } from "./boss";
import { jobFailure } from "./failure";
import { JOB_SCHEMA } from "./queues";
import { replaceStalledRecomputeJobs } from "./stalled-recompute";

/**
 * A daily-refresh job whose process was killed stays "active" in pg-boss 10 until its expiry (expireInSeconds,
 * lib/jobs/queues.ts): pg-boss 10.4 has no heartbeat (12.12 added one), a worker's start takes back no job, and
 * only the maintenance (every 2 minutes, in a worker) fails a job active past its expiry. The queue being
 * stately, no other refresh job starts meanwhile, so the figures would stay late for the expiry's hour.
 *
 * The refresh's lease knows sooner (lib/data/refresh-lease.ts): a daily-refresh job active for longer than the
 * lapse while no run holds a live lease has no process behind it (a live run renews its lease with every batch,
 * and a job without one ends in moments). Such a job is failed, for pg-boss to retry it (after 1 to 2 minutes),
 * and a job waiting to start (the worker's start-up one, the hourly one, an administrator's) starts at once.
 * Returns how many. Every worker looks when it starts and every minute (watchStalledRefreshJobs); two looking at
 * once fail a job once (its row is locked until the failure commits, and skipped by the other).
 */
export async function failStalledRefreshJobs(boss: PgBoss): Promise<number> {
  return db.$transaction(async (tx) => {
    const stalled = await queryRows(
      tx,
      z.object({ id: z.string(), renewed_at: z.date().nullable() }),
      Prisma.sql`
      SELECT j.id::text, r.running_renewed_at AS renewed_at
      FROM ${Prisma.raw(`${JOB_SCHEMA}.job`)} j LEFT JOIN daily_refreshes r ON r.id = 1
      WHERE j.name = 'daily-refresh' AND j.state = 'active' AND j.started_on < now() - make_interval(secs => ${LEASE_LAPSE_SECONDS})
        AND NOT EXISTS (SELECT 1 FROM daily_refreshes WHERE id = 1 AND ${leaseLiveSql})
      FOR UPDATE OF j SKIP LOCKED`,
    );
    for (const job of stalled) {
      const since = job.renewed_at ? ` at ${formatInstant(job.renewed_at)}` : "";
      // Retried, unless another job already waits to retry (the queue holds one): then failed, and that one takes over.
      const message = `Its run stopped making progress${since} (the process running it ended); the next run takes the refresh over.`;
      await boss.fail("daily-refresh", job.id, { message }, { db: onTransaction(tx) });
      log.warn({ job: "daily-refresh", id: job.id }, "stalled job failed for a retry");
    }
    return stalled.length;
  });
}

/**
 * Looks for stalled refresh jobs, and stalled settings recomputes (lib/jobs/stalled-recompute.ts), now and every half
 * lapse (a minute), until the worker stops: a killed run's job is given up at most a minute after its lease lapsed
 * (failed, for a retry), or its progress did (cancelled, a new job in its place). A look that fails is logged; the worker runs on.
 */
export async function watchStalledJobs(boss: PgBoss): Promise<void> {
  const look = async () => {
    for (const giveUp of [failStalledRefreshJobs, replaceStalledRecomputeJobs])
      await giveUp(boss).catch((error: unknown) => log.error({ error: jobFailure(error).message }, "stalled jobs not looked for"));
  };
  await look();
  // Unreferenced: the watch never keeps a process alive that is otherwise done.
  const timer = setInterval(() => void look(), (LEASE_LAPSE_SECONDS / 2) * 1000).unref();
  boss.once("stopped", () => clearInterval(timer));
}
