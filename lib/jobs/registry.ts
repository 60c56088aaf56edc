import "server-only";
import { z } from "zod";
import { clinicToday } from "@/lib/clinic";
import { db } from "@/lib/db";
import { runDailyRefresh } from "@/lib/data/daily-refresh";
import { deleteExpiredSavedSearches } from "@/lib/data/saved-searches";
import { deleteExpiredKeptSearches } from "@/lib/fhir/kept-searches";
import { recomputeForSettings } from "@/lib/data/recompute-derived";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { SETTINGS_KINDS } from "@/lib/validation/settings";
import type { JobName } from "./queues";

/**
 * Each job is a named handler: its payload's schema and the function that does the work. The worker
 * (lib/jobs/worker.ts) registers every entry with pg-boss, and tests call `run` directly. A handler must be
 * idempotent (pg-boss delivers at least once: a retry after a crash repeats it), returns a small summary
 * with counts only (shown on /admin/jobs), and throws errors whose messages name no patient.
 */
export interface JobHandler<S extends z.ZodType = z.ZodType> {
  data: S;
  run: (data: z.output<S>) => Promise<object>;
}

const defineJob = <S extends z.ZodType>(job: JobHandler<S>): JobHandler => job as unknown as JobHandler;

export const JOB_HANDLERS: Record<JobName, JobHandler> = {
  // The calendar moves: stored summaries and items are brought up to the clinic's today, incrementally.
  "daily-refresh": defineJob({
    data: z.object({}).passthrough(),
    run: async () => (await runDailyRefresh()) ?? { skipped: "already up to date" },
  }),
  // A settings version saved (in force today, or a protocol or pregnancy-prevention version scheduled ahead:
  // recomputeWhenSaved in lib/data/recompute-derived.ts): the derived data it shapes, recomputed in small batches.
  "settings-recompute": defineJob({
    data: z.object({ kind: z.enum(SETTINGS_KINDS as [string, ...string[]]), version: z.number().int() }),
    run: async ({ kind }) => recomputeForSettings(db, kind as (typeof SETTINGS_KINDS)[number], clinicToday()),
  }),
  // Reminders waiting to be sent: each row is claimed before it is sent, so a second delivery of the job
  // (a retry, the cron's next tick, two workers) finds nothing left to send twice.
  "reminders-dispatch": defineJob({
    data: z.object({}).passthrough(),
    run: async () => dispatchQueuedReminders(),
  }),
  // Saved searches past their 12 hours, and FHIR searches kept past their hour: deleted (search terms and
  // parameters, never clinical data).
  "saved-searches-expire": defineJob({
    data: z.object({}).passthrough(),
    run: async () => ({ deleted: await deleteExpiredSavedSearches(), fhirSearches: await deleteExpiredKeptSearches() }),
  }),
};
