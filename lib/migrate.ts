import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { z } from "zod";
import { parseRows } from "./data/query-rows";
import { installJobQueues } from "./jobs/install";

/**
 * Applies prisma/migrations/<name>/migration.sql in order and records each in `_prisma_migrations`
 * with Prisma's sha256 checksum, so that `prisma migrate status|deploy` on an online machine agrees.
 * Each migration runs in its own transaction; an advisory lock keeps concurrent runners from racing.
 */
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../prisma/migrations");
const LOCK_ID = 72707369;

export interface MigrateOptions {
  /** The application's login role: after the migrations, it is granted exactly what the app needs. */
  appRole?: string;
}

export async function migrate(connectionString: string, log: (msg: string) => void = () => {}, options: MigrateOptions = {}): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = await client.query(`SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`);
    const doneByName = new Map(parseRows(z.object({ migration_name: z.string(), checksum: z.string() }), done.rows).map((r) => [r.migration_name, r.checksum]));
    const names = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const name of names) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = doneByName.get(name);
      if (previous) {
        if (previous !== checksum) throw new Error(`Migration ${name} was edited after it was applied`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(name);
      log(`applied ${name}`);
    }
    if (options.appRole) {
      await grantAppRole(client, options.appRole);
      log(`granted the application role its privileges`);
    }
    await installJobQueues(connectionString, client, options.appRole === undefined ? undefined : await distinctRole(client, options.appRole));
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => {});
    await client.end();
  }
  return applied;
}

/** The application role when it is not the role running the migrations (one URL for everything: nothing to grant). */
async function distinctRole(client: pg.Client, appRole: string): Promise<string | undefined> {
  const { rows } = await client.query("SELECT current_user AS u");
  return rows[0]?.u === appRole ? undefined : appRole;
}

/**
 * Migrates the database of the environment: as the owner role (DATABASE_OWNER_URL), then grants the role
 * of DATABASE_URL, the application's, its privileges. With DATABASE_URL alone, everything runs as that
 * one role and nothing is granted.
 */
export async function migrateFromEnv(log: (msg: string) => void = () => {}): Promise<string[]> {
  const appUrl = process.env.DATABASE_URL;
  if (!appUrl) throw new Error("DATABASE_URL is not set");
  const ownerUrl = process.env.DATABASE_OWNER_URL || appUrl;
  let appRole: string | undefined;
  if (ownerUrl !== appUrl) {
    const client = new pg.Client({ connectionString: appUrl });
    await client.connect();
    appRole = parseRows(z.object({ u: z.string() }), (await client.query("SELECT current_user AS u")).rows)[0]!.u;
    await client.end();
  }
  return migrate(ownerUrl, log, { appRole });
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The application role's privileges, derived from the schema as it now stands, after every migration run.
 * Why here and not ALTER DEFAULT PRIVILEGES: default privileges only apply to objects created by the role
 * they name, so a migration applied by another role (a superuser, `prisma migrate deploy`) would silently
 * leave the app without access; and they can only add, never take away, so they would hand UPDATE and
 * DELETE on every new table to the app. This step instead revokes everything and grants again, in one
 * transaction, each time `npm run db:migrate` runs (also when there is nothing to apply), so a hand-made
 * grant or a table added by any role is brought back to this policy:
 * - SELECT, INSERT, UPDATE, DELETE on every table; never TRUNCATE, REFERENCES or TRIGGER;
 * - only SELECT and INSERT on audit_events, patient_detail_versions, paper_record_versions and
 *   prescription_dispensings, nothing on _prisma_migrations;
 * - USAGE and SELECT on every sequence (nextval), USAGE on the schema, never CREATE.
 * The role owns nothing, so it cannot ALTER or DROP a table or disable a trigger.
 */
export async function grantAppRole(client: pg.Client, appRole: string): Promise<void> {
  const result = await client.query(
    `SELECT r.rolname = current_user AS same, r.rolsuper AS superuser,
       EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owner
     FROM pg_roles r WHERE r.rolname = $1`,
    [appRole],
  );
  const [role] = parseRows(z.object({ same: z.boolean(), owner: z.boolean(), superuser: z.boolean() }), result.rows);
  if (!role) throw new Error(`The application role ${appRole} does not exist`);
  // One URL for everything: nothing to grant (the server warns at start; see lib/db-role-check.ts).
  if (role.same) return;
  if (role.superuser || role.owner) throw new Error(`The application role ${appRole} is a superuser or owns tables: give the app a role of its own`);
  const app = ident(appRole);
  await client.query("BEGIN");
  try {
    await client.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}`);
    await client.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}`);
    await client.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC, ${app}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
    await client.query(`REVOKE ALL ON "_prisma_migrations" FROM ${app}`);
    await client.query(`REVOKE UPDATE, DELETE ON "audit_events" FROM ${app}`);
    // Earlier patient details, paper-record figures and dispensed dates are kept, never changed.
    await client.query(`REVOKE UPDATE, DELETE ON "patient_detail_versions" FROM ${app}`);
    await client.query(`REVOKE UPDATE, DELETE ON "paper_record_versions" FROM ${app}`);
    await client.query(`REVOKE UPDATE, DELETE ON "prescription_dispensings" FROM ${app}`);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
