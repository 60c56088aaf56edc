import { migrateFromEnv } from "../lib/migrate";

const applied = await migrateFromEnv((m) => console.log(m));
console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date");
