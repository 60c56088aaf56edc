// End-to-end run: a fresh database (migrated and seeded with the demo clinic), the production build,
// then Playwright against `next start` on its own port. Called through scripts/with-db.mjs.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { createFreshDatabase } from "./fresh-db.mjs";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const db = await createFreshDatabase(process.env.DATABASE_URL, "isotrack_e2e");
env.DATABASE_URL = db.url;
env.E2E_PORT ??= "3100";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env, cwd: root });
  return r.status ?? 1;
}

let code = 0;
try {
  code =
    run(path.join(root, "node_modules/.bin/tsx"), ["prisma/migrate.ts"]) ||
    run(path.join(root, "node_modules/.bin/tsx"), ["prisma/seed.ts"]) ||
    (process.env.E2E_SKIP_BUILD ? 0 : run(process.execPath, ["node_modules/next/dist/bin/next", "build"])) ||
    run(path.join(root, "node_modules/.bin/playwright"), ["test", ...process.argv.slice(2)]);
} finally {
  await db.drop().catch((e) => console.error("could not drop the e2e database:", e.message));
}
process.exit(code);
