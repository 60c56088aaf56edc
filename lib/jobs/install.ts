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
      if (await boss.getQueue(name)) await boss.updateQueue(name, queueOptions(name));
      else await boss.createQueue(name, queueOptions(name));
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
