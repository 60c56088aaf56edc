import "server-only";
import { z } from "zod";
import { clinicToday } from "@/lib/clinic";
import { db } from "@/lib/db";
import { runDailyRefresh } from "@/lib/data/daily-refresh";
import { RefreshTakenOver, RefreshUnderWay } from "@/lib/data/refresh-lease";
import { deleteExpiredSavedSearches } from "@/lib/data/saved-searches";
import { deleteExpiredKeptSearches } from "@/lib/fhir/kept-searches";
import { recomputeForSettings } from "@/lib/data/recompute-derived";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { SETTINGS_KINDS } from "@/lib/validation/settings";
import { enqueueJob } from "./enqueue";
import { progressGuard, RecomputeGivenUp } from "./stalled-recompute";
import { Prisma } from "@/lib/generated/prisma/client";
import { JOB_SCHEMA, type JobName } from "./queues";

/**
 * Each job is a named handler: its payload's schema and the function that does the work. The worker
 * (lib/jobs/worker.ts) registers every entry with pg-boss, and tests call `run` directly. A handler must be
 * idempotent (pg-boss delivers at least once: a retry after a crash repeats it), returns a small summary
 * with counts only (shown on /admin/jobs), and throws errors whose messages name no patient.
 */
export interface JobHandler<S extends z.ZodType = z.ZodType> {
  data: S;
  /** `job`: the delivered job (its id), when a worker delivers it. */
  run: (data: z.output<S>, job?: { id: string }) => Promise<object>;
}

/** Whether a job of this queue waits to be retried (the running job itself is active, never counted). */
async function waitingToRetry(name: JobName): Promise<boolean> {
  const rows = await db.$queryRaw<unknown[]>`SELECT 1 FROM ${Prisma.raw(`${JOB_SCHEMA}.job`)} WHERE name = ${name} AND state = 'retry' LIMIT 1`;
  return rows.length > 0;
}

/**
 * How long one reminders-dispatch run sends for: two minutes (a message takes seconds; one that hangs gives up
 * within the mailer's timeouts, lib/reminders/mailer.ts), so that a live run ends well within its queue's
 * five-minute expiry (lib/jobs/queues.ts), and a job still marked running past that was a stopped server's.
 */
export const REMINDERS_RUN_BUDGET_MS = 120_000;

const defineJob = <S extends z.ZodType>(job: JobHandler<S>): JobHandler => job as unknown as JobHandler;

export const JOB_HANDLERS: Record<JobName, JobHandler> = {
  // The calendar moves: stored summaries and items are brought up to the clinic's today, incrementally.
  // While another run's lease is live, the job fails with RefreshUnderWay and is retried; but a queue keeps one
  // job waiting to retry (stately), so a second one (the worker's start-up job, the hourly one) would be failed
  // for good: it stands aside for the one already waiting. A run whose lease another took over ends there, listed
  // with why: the run holding the lease brings the figures up to date (its job is retried should it stop too).
  "daily-refresh": defineJob({
    data: z.object({}).passthrough(),
    run: async () => {
      try {
        return (await runDailyRefresh()) ?? { skipped: "already up to date" };
      } catch (error) {
        if (error instanceof RefreshUnderWay && (await waitingToRetry("daily-refresh"))) return { skipped: "another run holds it; a retry waits" };
        if (error instanceof RefreshTakenOver) return { stopped: error.message };
        throw error;
      }
    },
  }),
  // A settings version saved (in force today, or a protocol or pregnancy-prevention version scheduled ahead:
  // recomputeWhenSaved in lib/data/recompute-derived.ts): the derived data it shapes, recomputed in small batches,
  // each recording its progress on the job (lib/jobs/stalled-recompute.ts). A run whose job was given up meanwhile
  // ends there: the job in its place recomputes. Its return completes nothing, nor would an error fail anything: the
  // job it ran was cancelled (or, given up at its time limit, failed by pg-boss's work loop already).
  "settings-recompute": defineJob({
    data: z.object({ kind: z.enum(SETTINGS_KINDS as [string, ...string[]]), version: z.number().int() }),
    run: async ({ kind }, job) => {
      try {
        const progress = job ? await progressGuard(job.id) : undefined;
        return await recomputeForSettings(db, kind as (typeof SETTINGS_KINDS)[number], clinicToday(), progress);
      } catch (error) {
        if (error instanceof RecomputeGivenUp) return { stopped: error.message };
        throw error;
      }
    },
  }),
  // Reminders waiting to be sent: each row is claimed before it is sent, so a second delivery of the job
  // (a retry, the cron's next tick, two workers) finds nothing left to send twice. A run sends for a bounded
  // time, well within its queue's expiry, and queues the next run for what is left (the queue holds it until
  // this one ends).
  "reminders-dispatch": defineJob({
    data: z.object({}).passthrough(),
    run: async () => {
      const result = await dispatchQueuedReminders({ budgetMs: REMINDERS_RUN_BUDGET_MS });
      if (result.continued) await enqueueJob("reminders-dispatch");
      return result;
    },
  }),
  // Saved searches past their 12 hours, and FHIR searches kept past their hour: deleted (search terms and
  // parameters, never clinical data).
  "saved-searches-expire": defineJob({
    data: z.object({}).passthrough(),
    run: async () => ({ deleted: await deleteExpiredSavedSearches(), fhirSearches: await deleteExpiredKeptSearches() }),
  }),
};
