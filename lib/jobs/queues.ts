/**
 * The background jobs' queues: names and delivery rules, with no handler (lib/jobs/registry.ts pairs each
 * name with its handler). `npm run db:migrate` creates each queue as the owner role (pg-boss makes a table
 * per queue), so a new kind of job is one entry here and one line in the registry.
 *
 * Every queue is "stately": at most one job waiting and one running per queue, so a second request while
 * one waits is the same job (a settings save during a recompute queues exactly one more). Handlers are
 * idempotent on top of that: a job delivered twice finds its work done and changes nothing.
 */
export const JOB_QUEUES = {
  "daily-refresh": {
    /** Retries after 1, 2, 4 minutes (backoff): a database restart at midnight does not skip a day. */
    retryLimit: 5,
    retryDelay: 60,
    retryBackoff: true,
    /**
     * How long a live run may take before pg-boss fails its job (the handler goes on, under its lease): an hour,
     * many times the longest pass measured (a protocol recompute: 29 s at 50,000 patients, docs/performance-history.md).
     * Not how soon a run whose process was killed is retried: pg-boss 10 keeps such a job active until this expiry,
     * but the worker fails it once the run's lease has lapsed, two minutes after its last batch (lib/jobs/stalled-refresh.ts).
     */
    expireInSeconds: 3600,
    /**
     * Five-field cron, in the clinic's time zone: every hour from its midnight. The first run of the day
     * does the work and the others find the figures up to date (two index probes). pg-boss sends a
     * scheduled job only within the minute of its time, so a run at midnight alone would skip the day when
     * that minute is missed (the database restarting, no worker up) or never comes (zones whose clocks go
     * from 23:59:59 to 01:00: Santiago, Havana, Asunción, Cairo).
     */
    cron: "0 * * * *",
    /** Its lease tells whether a run still makes progress (the jobs page says so from it). */
    longRunSeconds: null,
  },
  /**
   * A recompute takes seconds (29 s for a protocol version at 50,000 patients). Each of its batches records its
   * progress on the job: the worker cancels a job that has made none for two minutes (the process running it ended,
   * or is held up), queuing a new one in its place (lib/jobs/stalled-recompute.ts), long before this expiry, and the
   * jobs page says so from it. The retries are those of the recompute, not of each job: a job in place of another has
   * those left.
   */
  "settings-recompute": { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600, cron: null, longRunSeconds: null },
  /**
   * Sends the queued reminders: queued by the worklist's action once its rows are committed, and every
   * 5 minutes as a safety net (rows left QUEUED by a mail-server outage, or a request whose job could not
   * be queued). A job that finds the mail server unreachable fails and is retried after 1, 2, 4… minutes.
   *
   * Five minutes' expiry: a job whose server stopped mid-run stays "active" until then (pg-boss 10 has no
   * heartbeat), and the queue being stately, no other reminders run starts meanwhile. A message takes seconds,
   * and a run stops sending after REMINDERS_RUN_BUDGET_MS (lib/jobs/registry.ts), leaving the rest to a run it
   * queues, so a live run ends well within it. Were one to outlive it all the same, pg-boss fails the job and the
   * handler goes on; a reminder is still sent at most once: each is claimed before it is sent, and its claim
   * renewed before each send (INTERRUPTED_AFTER_MS, lib/data/reminder-delivery.ts).
   */
  "reminders-dispatch": { retryLimit: 6, retryDelay: 60, retryBackoff: true, expireInSeconds: 300, cron: "*/5 * * * *", longRunSeconds: 180 },
  /** Deletes the saved searches that have expired (lib/data/saved-searches.ts), every hour: search terms are kept no longer than they are used. */
  "saved-searches-expire": { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 600, cron: "0 * * * *", longRunSeconds: 120 },
} as const satisfies Record<string, QueueRules>;

export interface QueueRules {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
  cron: string | null;
  /**
   * Far longer than a run of this queue takes: a job marked running for longer is shown on /admin/jobs as one whose
   * process may have stopped (lib/jobs/outcome.ts). Null where the run itself tells (the daily refresh's lease, a
   * settings recompute's progress).
   */
  longRunSeconds: number | null;
}

export type JobName = keyof typeof JOB_QUEUES;
export const JOB_NAMES = Object.keys(JOB_QUEUES) as JobName[];

/** pg-boss's own schema, beside the application's tables. */
export const JOB_SCHEMA = "pgboss";

/** pg-boss's job states, as stored. */
export const JOB_STATES = ["created", "retry", "active", "completed", "cancelled", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];
