import type pg from "pg";
import { createBoss, queueOptions } from "./boss";
import { JOB_NAMES, JOB_SCHEMA } from "./queues";

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * As the owner role, after the migrations: installs or migrates pg-boss's schema, creates each queue of
 * lib/jobs/queues.ts (or brings its rules up to date), and grants the application role what pg-boss needs
 * at run time: reading and writing its tables, never DDL. Idempotent, like the rest of db:migrate.
 */
export async function installJobQueues(ownerUrl: string, client: pg.Client, appRole: string | undefined): Promise<void> {
  const boss = createBoss(ownerUrl, "owner");
  boss.on("error", () => {}); // errors surface as the rejected calls below
  await boss.start();
  try {
    for (const name of JOB_NAMES) {
      // A worker starting meanwhile (a server started before its migration) reads the tables a new queue's
      // partition is attached to: PostgreSQL may end one of the two as a deadlock. The worker retries its
      // start; the queue is created again here, which is idempotent.
      await retryOnDeadlock(async () => {
        if (await boss.getQueue(name)) await boss.updateQueue(name, queueOptions(name));
        else await boss.createQueue(name, queueOptions(name));
      });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  if (!appRole) return;
  const app = ident(appRole);
  const schema = ident(JOB_SCHEMA);
  await client.query("BEGIN");
  try {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${app}`);
    await client.query(`REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC, ${app}`);
    await client.query(`GRANT USAGE ON SCHEMA ${schema} TO ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${app}`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/** Runs `step` again when PostgreSQL ends it as a deadlock (SQLSTATE 40P01), up to 5 times in all. */
export async function retryOnDeadlock<T>(step: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (error) {
      if (i >= attempts || (error as { code?: string } | null)?.code !== "40P01") throw error;
    }
  }
}
