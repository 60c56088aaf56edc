import PgBoss from "pg-boss";
import type { Tx } from "@/lib/db";
import { JOB_QUEUES, JOB_SCHEMA, type JobName } from "./queues";

/**
 * A pg-boss instance on this database. The application role never migrates pg-boss's schema or creates a
 * queue (both are DDL, done by the owner in `npm run db:migrate`, installJobQueues); it only reads and
 * writes the jobs. `supervise` (archiving, expiry) and `schedule` (cron) run in the worker only.
 */
export function createBoss(connectionString: string, role: "worker" | "sender" | "owner"): PgBoss {
  return new PgBoss({
    connectionString,
    schema: JOB_SCHEMA,
    application_name: `isotrack-jobs-${role}`,
    max: role === "worker" ? 4 : 2,
    migrate: role === "owner",
    supervise: role === "worker",
    schedule: role === "worker",
    // Completed and failed jobs stay listed on /admin/jobs for two weeks.
    archiveCompletedAfterSeconds: 14 * 24 * 3600,
    archiveFailedAfterSeconds: 14 * 24 * 3600,
    deleteAfterDays: 30,
  });
}

/** The delivery rules of a queue, as pg-boss's queue options. */
export function queueOptions(name: JobName): PgBoss.Queue {
  const { retryLimit, retryDelay, retryBackoff, expireInSeconds } = JOB_QUEUES[name];
  return { name, policy: "stately", retryLimit, retryDelay, retryBackoff, expireInSeconds };
}

/** pg-boss's statements on the caller's transaction (its `db` option): they commit or roll back with it. */
export function onTransaction(tx: Tx): PgBoss.Db {
  return {
    // eslint-disable-next-line no-restricted-properties -- pg-boss's own statement, its values bound as parameters
    executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
}
