// End-to-end run: a fresh database (migrated and seeded with the demo clinic), the production build,
// then Playwright against `next start` on its own port. Called through scripts/with-db.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import pg from "pg";
import path from "node:path";
import { createFreshDatabase } from "./fresh-db.mjs";

const root = path.resolve(import.meta.dirname, "..");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
// The server and the seed connect as the fresh database's application role; migrations run as its owner.
const db = await createFreshDatabase(process.env.DATABASE_ADMIN_URL || process.env.DATABASE_URL, "isotrack_e2e");
env.DATABASE_URL = db.url;
env.DATABASE_OWNER_URL = db.ownerUrl;
delete env.DATABASE_ADMIN_URL;
// Only the specs get the superuser (to play an attacker); the servers' environment is listed in playwright.config.ts.
env.E2E_DATABASE_ADMIN_URL = db.adminUrl;
// Both servers append audit checkpoints to one directory of the run's own.
env.AUDIT_CHECKPOINT_DIR = mkdtempSync(path.join(tmpdir(), "isotrack-e2e-checkpoints-"));
env.E2E_PORT ??= "3100";

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env, cwd: root });
  return r.status ?? 1;
}

// The seed writes the demo clinic's records relative to the clinic's today, and the specs expect the figures
// of that day: a run across the clinic's midnight would see every date move by one. A run that would start
// within 20 minutes of it (seeding, the build and the specs take about 10) starts just after it instead.
const E2E_DAY_MARGIN_MINUTES = 20;
const untilMidnight = minutesToClinicMidnight();
if (untilMidnight < E2E_DAY_MARGIN_MINUTES) {
  console.log(`e2e: the clinic's day ends in ${untilMidnight.toFixed(1)} min; the run starts when the next one begins`);
  await new Promise((resolve) => setTimeout(resolve, (untilMidnight + 0.5) * 60_000));
}

let code = 0;
try {
  code =
    run(path.join(root, "node_modules/.bin/tsx"), ["prisma/migrate.ts"]) ||
    run(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "prisma/seed.ts"]) ||
    (process.env.E2E_SKIP_BUILD ? 0 : run(process.execPath, ["node_modules/next/dist/bin/next", "build"])) ||
    run(path.join(root, "node_modules/.bin/playwright"), ["test", ...process.argv.slice(2)]);
  if (code === 0) code = await checkLogForPatientData();
} finally {
  await db.drop().catch((e) => console.error("could not drop the e2e database:", e.message));
  rmSync(env.AUDIT_CHECKPOINT_DIR, { recursive: true, force: true });
}
process.exit(code);

/** Fails the run if the server printed any patient's name, MRN, phone or email while the suites ran. */
async function checkLogForPatientData() {
  const files = ["test-results/e2e-server.log", "test-results/e2e-server-2.log"].map((f) => path.join(root, f));
  if (!files.every((f) => existsSync(f))) {
    console.error("e2e: no server log to check for patient data");
    return 1;
  }
  const log = files.map((f) => readFileSync(f, "utf8")).join("\n");
  // The servers connect as the application role: the start-up check (lib/db-role-check.ts) stays quiet.
  if (log.includes("DATABASE ROLE WARNING")) {
    console.error("e2e: the server warned about its database role; it should connect as the application role");
    return 1;
  }
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query("SELECT first_name, last_name, mrn, phone, email FROM patients");
  await client.end();
  const markers = new Set();
  for (const r of rows)
    for (const v of [r.mrn, r.phone, r.email, `${r.last_name}, ${r.first_name}`, `${r.first_name} ${r.last_name}`]) if (v && v.length >= 5) markers.add(v);
  // Refused sign-ins are expected: logged at info level, never as errors.
  const authErrors = log.split("\n").filter((l) => l.includes('"event":"auth.error"')).length;
  if (authErrors) {
    console.error(`e2e: the server logged ${authErrors} auth error(s); refused sign-ins must be info-level`);
    return 1;
  }
  const leaked = [...markers].filter((m) => log.includes(m));
  if (leaked.length) {
    console.error(`e2e: the server log contains patient data (${leaked.length} marker(s)); first: ${leaked[0].slice(0, 3)}…`);
    return 1;
  }
  console.log(`e2e: server log (${log.length} bytes) checked against ${markers.size} patient markers: none found`);
  return 0;
}

/** Minutes until the next midnight in the clinic's time zone (CLINIC_TIME_ZONE, as lib/clinic.ts reads it). */
function minutesToClinicMidnight(now = new Date()) {
  const timeZone = process.env.CLINIC_TIME_ZONE || "America/New_York";
  const format = new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const part = Object.fromEntries(format.formatToParts(now).map((p) => [p.type, Number(p.value)]));
  return 24 * 60 - (part.hour * 60 + part.minute + part.second / 60);
}
