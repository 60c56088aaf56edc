import pg from "pg";
import { migrateFromEnv } from "../lib/migrate";

// Drops every table (the audit trail included) and migrates from scratch, as the owner role. Refuses in
// production.
const url = process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
if (process.env.NODE_ENV === "production") throw new Error("db:reset refuses to run with NODE_ENV=production");
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
await client.end();
await migrateFromEnv((m) => console.log(m));
console.log("Database reset. Run npm run db:seed for the demo clinic.");
