import { migrate } from "../lib/migrate";

const url = process.env.DATABASE_URL;
if (!url) throw new Error("DATABASE_URL is not set");
const applied = await migrate(url, (m) => console.log(m));
console.log(applied.length ? `${applied.length} migration(s) applied` : "database is up to date");
