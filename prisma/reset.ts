import { existsSync, renameSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateFromEnv } from "../lib/migrate";

// Drops every table (the audit trail included) and migrates from scratch, as the owner role. Refuses in
// production.
const url = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
if (process.env.NODE_ENV === "production") throw new Error("db:reset refuses to run with NODE_ENV=production");
const client = new pg.Client({ connectionString: url });
await client.connect();
const { rows } = await client.query<{ db: string }>("SELECT current_database() AS db");
// The background jobs' schema too (lib/jobs): the migration run below installs it again, empty.
await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS pgboss CASCADE;");
await client.end();
// The old trail's checkpoints would report the new, empty trail as truncated: set them aside.
const dir = path.resolve(process.env.AUDIT_CHECKPOINT_DIR || ".data/audit-checkpoints");
const file = path.join(dir, `${rows[0]!.db.replace(/[^\w.-]/g, "_")}.jsonl`);
if (existsSync(file)) renameSync(file, `${file}.reset-${new Date().toISOString().replace(/[:.]/g, "-")}`);
await migrateFromEnv((m) => console.log(m));
console.log("Database reset. Run npm run db:seed for the demo clinic.");
