import "server-only";
import type PgBoss from "pg-boss";
import { CLINIC_TIME_ZONE } from "@/lib/clinic";
import { log } from "@/lib/log";
import { createBoss } from "./boss";
import { jobFailure } from "./failure";
import { JOB_HANDLERS } from "./registry";
import { watchStalledJobs } from "./stalled-refresh";
import { JOB_NAMES, JOB_QUEUES, type JobName } from "./queues";

/** Runs one delivered job with its registry handler: the payload checked by the handler's schema. */
export async function runJob(name: JobName, job: PgBoss.Job<object>): Promise<object> {
  const handler = JOB_HANDLERS[name];
  const started = Date.now();
  try {
    const output = await handler.run(handler.data.parse(job.data ?? {}), { id: job.id });
    log.info({ job: name, id: job.id, ms: Date.now() - started }, "job completed");
    return output;
  } catch (error) {
    // What pg-boss records and the jobs page shows: never a database error's text (lib/jobs/failure.ts).
    const failure = jobFailure(error);
    log.warn({ job: name, id: job.id, ms: Date.now() - started, error: failure.message }, "job failed");
    throw failure;
  }
}

/**
 * Works every queue of the registry, one job at a time per queue, and keeps the cron schedules
 * (the daily refresh every hour from the clinic's midnight). Runs inside the server (instrumentation.ts) unless
 * JOBS_WORKER=off, or as its own process (`npm run worker`); several workers share the queues safely.
 * On start it also queues a daily refresh, so a day missed while no worker ran is caught up at once
 * (a refresh already done finds nothing to do), and from then on fails, for a retry, a refresh job whose
 * process was killed once its run's lease has lapsed (lib/jobs/stalled-refresh.ts), and cancels a settings
 * recompute's once its progress has, queuing a new job in its place (lib/jobs/stalled-recompute.ts).
 */
export async function startJobWorker(connectionString = process.env.DATABASE_URL): Promise<PgBoss> {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  const boss = createBoss(connectionString, "worker");
  boss.on("error", (error) => log.error({ error: error.message }, "job queue error"));
  await boss.start();
  try {
    for (const name of JOB_NAMES) {
      await boss.work<object>(name, { batchSize: 1, pollingIntervalSeconds: 2 }, ([job]) => runJob(name, job!));
      const cron = JOB_QUEUES[name].cron;
      if (cron) await boss.schedule(name, cron, {}, { tz: CLINIC_TIME_ZONE });
    }
    // A refresh or recompute job left active by a worker killed mid-run holds its queue until its lease or its progress
    // has lapsed, not its expiry.
    await watchStalledJobs(boss);
    await boss.send("daily-refresh", {});
  } catch (error) {
    // Half started: stop what did start, so that a retry does not leave a second set of pollers behind.
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw error;
  }
  return boss;
}

/**
 * Starts the worker, and keeps trying while it cannot (the database not reachable yet, or not yet
 * migrated): a server started before its database still runs the daily refresh and sends reminders once
 * the database is there, instead of never. Waits `firstDelayMs`, then twice as long after each failure, at
 * most `maxDelayMs`; each failure is logged (and passed to `onFailure`). Resolves with the started worker.
 */
export async function keepStartingJobWorker(
  connectionString = process.env.DATABASE_URL,
  { firstDelayMs = 1000, maxDelayMs = 60_000, onFailure }: { firstDelayMs?: number; maxDelayMs?: number; onFailure?: (error: unknown) => void } = {},
): Promise<PgBoss> {
  for (let delay = firstDelayMs; ; delay = Math.min(delay * 2, maxDelayMs)) {
    try {
      return await startJobWorker(connectionString);
    } catch (error) {
      log.error({ error: error instanceof Error ? error.message : String(error), retryInMs: delay }, "job worker not started; trying again");
      onFailure?.(error);
      // Unreferenced: the wait never keeps a process alive that is otherwise done.
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
}
