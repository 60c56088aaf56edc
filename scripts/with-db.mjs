// Runs a command with a database: DATABASE_URL when set, otherwise an embedded PostgreSQL that is
// stopped when the command ends or on Ctrl-C / SIGTERM, leaving no stray processes. With the embedded
// database the command gets DATABASE_URL = the application role, DATABASE_OWNER_URL = the owner role
// (migrations, seeds) and, only with --admin (the test runners, which create throwaway databases and
// roles), DATABASE_ADMIN_URL = the superuser.
import { spawn } from "node:child_process";
import "dotenv/config";
import { localAuditKey, localAuthSecret, startEmbeddedPostgres } from "./embedded-db.mjs";

const argv = process.argv.slice(2);
const admin = argv[0] === "--admin";
const [cmd, ...args] = admin ? argv.slice(1) : argv;
if (!cmd) {
  console.error("usage: node scripts/with-db.mjs [--admin] <command> [args...]");
  process.exit(2);
}

let embedded = null;
if (!process.env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres();
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_OWNER_URL = embedded.ownerUrl;
  if (admin) process.env.DATABASE_ADMIN_URL = embedded.adminUrl;
  console.log(`Using embedded PostgreSQL in ${embedded.clusterDir}`);
}
process.env.AUTH_SECRET ??= localAuthSecret();
process.env.AUDIT_HMAC_KEY ??= localAuditKey();

// Its own process group, so that a stop signal reaches every process the command started.
const child = spawn(cmd, args, { stdio: "inherit", env: process.env, detached: true });
let exiting = false;
async function shutdown(code) {
  if (exiting) return;
  exiting = true;
  await embedded?.stop().catch(() => {});
  process.exit(code);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  });
}
child.on("exit", (code, signal) => shutdown(code ?? (signal ? 1 : 0)));
