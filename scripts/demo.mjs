// `npm run demo`: database (embedded when DATABASE_URL is unset), migrations, demo seed, production build,
// server on http://localhost:3000. Ctrl-C or SIGTERM stops the server and the embedded database cleanly.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import "dotenv/config";
import { localAuditKey, localAuthSecret, startEmbeddedPostgres } from "./embedded-db.mjs";
import { serverEnv } from "./server-options.mjs";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const port = process.env.PORT || "3000";
process.env.NEXT_TELEMETRY_DISABLED = "1";

let embedded = null;
let server = null;
let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (server && server.exitCode === null) {
    // `next start` serves from a child process: signal the whole group so nothing is left behind.
    const exited = new Promise((resolve) => server.once("exit", resolve));
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      server.kill("SIGTERM");
    }
    await exited;
  }
  await embedded?.stop().catch(() => {});
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(0));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env, cwd: root });
  if (r.status !== 0) {
    console.error(`\n${path.basename(cmd)} ${args.join(" ")} failed`);
    return stop(r.status ?? 1);
  }
}

function newestSourceMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "generated" || entry.name.startsWith(".")) continue;
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const dir of ["app", "lib", "components", "public"]) if (existsSync(path.join(root, dir))) walk(path.join(root, dir));
  for (const f of ["next.config.mjs", "proxy.ts", "package-lock.json"])
    if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

if (!process.env.DATABASE_URL) {
  console.log("DATABASE_URL is not set: starting the embedded PostgreSQL");
  embedded = await startEmbeddedPostgres();
  console.log(`Embedded PostgreSQL in ${embedded.clusterDir}`);
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_OWNER_URL = embedded.ownerUrl;
}
process.env.AUTH_SECRET ??= localAuthSecret();
process.env.AUDIT_HMAC_KEY ??= localAuditKey();

run(bin("tsx"), ["prisma/migrate.ts"]);
run(bin("tsx"), ["--conditions=react-server", "prisma/seed.ts"]);
const buildId = path.join(root, ".next", "BUILD_ID");
if (!existsSync(buildId) || statSync(buildId).mtimeMs < newestSourceMtime()) {
  console.log("Building the production bundle…");
  run(process.execPath, ["node_modules/next/dist/bin/next", "build"]);
}
server = spawn(process.execPath, ["scripts/server.mjs", "-p", port], { stdio: ["ignore", "pipe", "inherit"], env: serverEnv(), cwd: root, detached: true });
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  if (String(chunk).includes("Ready")) {
    console.log(`\nIsotrack is running at http://localhost:${port}  (Ctrl-C to stop)`);
    console.log("Sign in with one of the demo logins printed above.");
  }
});
server.on("exit", (code) => stop(code ?? 0));
