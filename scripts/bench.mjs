// `npm run bench [-- --sizes 1000,10000 --duration 10]`: for each clinic size, a fresh database seeded by
// seed:large, the production server (ISOTRACK_BENCH=1), and autocannon driving each page as a signed-in
// dermatologist, from this process (the server runs in another). Prints requests/s, p50/p95/p99 latency,
// the ratio of p95 to the floor page (/account), database queries per request and peak server RSS. The
// server's query count and memory come from scripts/bench-probe.mjs, loaded into the server process for
// the run and asked over its IPC channel: the application has no benchmark route.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import pg from "pg";
import { createFreshDatabase } from "./fresh-db.mjs";
import { serverEnv } from "./server-options.mjs";

const root = path.resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const sizes = opt("sizes", "1000,10000").split(",").map(Number);
const duration = Number(opt("duration", "10"));
const connections = Number(opt("connections", "4"));
const port = Number(opt("port", "3300"));
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ISOTRACK_BENCH: "1", AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret", LOG_LEVEL: "warn" };

if (!existsSync(path.join(root, ".next/BUILD_ID")) || argv.includes("--build")) {
  if (spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", cwd: root, env }).status !== 0) process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function login() {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  let res = await fetch(`${base}/api/auth/csrf`);
  keep(res);
  const { csrfToken } = await res.json();
  res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: "derm@demo.isotrack.test", password: "Derm-demo-2026!", callbackUrl: `${base}/` }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("session-token"))) throw new Error("bench: login failed");
  return cookie();
}

/** The server's query count and memory, from the probe loaded into it (scripts/bench-probe.mjs). */
let server;
let probeId = 0;
const probe = () =>
  new Promise((resolve, reject) => {
    const id = ++probeId;
    const onMessage = (m) => {
      if (m?.type !== "probe" || m.id !== id) return;
      server.off("message", onMessage);
      resolve(m);
    };
    server.on("message", onMessage);
    server.send({ type: "probe", id }, (error) => error && reject(error));
  });

/** Waits until requests still queued from a slow page have finished, so the next page is measured alone. */
async function drain(cookie) {
  for (let i = 0; i < 120; i++) {
    const t = performance.now();
    await fetch(`${base}/account`, { headers: { cookie } });
    if (performance.now() - t < 500) return;
    await sleep(250);
  }
}

async function measure(label, url, cookie) {
  const latencies = [];
  let peakRss = 0;
  let non2xx = 0;
  const before = await probe();
  const sampler = setInterval(async () => {
    peakRss = Math.max(peakRss, (await probe()).rss);
  }, 250);
  const result = await new Promise((resolve, reject) => {
    const inst = autocannon({ url, connections, duration, timeout: 30, headers: { cookie } }, (err, r) => (err ? reject(err) : resolve(r)));
    inst.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status < 200 || status >= 300) non2xx++;
    });
  });
  clearInterval(sampler);
  await drain(cookie);
  const after = await probe();
  latencies.sort((a, b) => a - b);
  if (latencies.length === 0) latencies.push(Infinity); // nothing completed within the run
  return {
    label,
    rps: result.requests.average,
    p50: Math.round(percentile(latencies, 50)),
    p95: Math.round(percentile(latencies, 95)),
    p99: Math.round(percentile(latencies, 99)),
    queries: (after.queries - before.queries) / Math.max(1, latencies.length),
    rssMb: Math.max(peakRss, after.rss) / 1024 / 1024,
    non2xx,
  };
}

const rows = [];
for (const size of sizes) {
  const db = await createFreshDatabase(process.env.DATABASE_ADMIN_URL || process.env.DATABASE_URL, "isotrack_bench");
  const dbEnv = { ...env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.ownerUrl, DATABASE_ADMIN_URL: undefined };
  try {
    const tsx = path.join(root, "node_modules/.bin/tsx");
    for (const [cmd, args] of [
      [tsx, ["prisma/migrate.ts"]],
      [tsx, ["--conditions=react-server", "prisma/seed-large.ts", "--patients", String(size)]],
    ]) {
      if (spawnSync(cmd, args, { stdio: "inherit", cwd: root, env: dbEnv }).status !== 0) throw new Error(`bench: ${args[0]} failed`);
    }
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    const {
      rows: [p],
    } = await c.query("SELECT patient_id FROM courses WHERE status = 'ACTIVE' ORDER BY start_date LIMIT 1");
    await c.end();

    const engine = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/bench-engine.ts"], {
      cwd: root,
      env: dbEnv,
      encoding: "utf8",
    });
    process.stdout.write(engine.stdout);
    if (engine.status !== 0) process.stderr.write(engine.stderr);

    const probeModule = pathToFileURL(path.join(root, "scripts/bench-probe.mjs")).href;
    server = spawn(process.execPath, ["--import", probeModule, "scripts/server.mjs", "-p", String(port)], {
      cwd: root,
      env: serverEnv(dbEnv),
      stdio: ["ignore", "ignore", "inherit", "ipc"],
      detached: true,
    });
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${base}/login`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await sleep(200);
    }
    const cookie = await login();
    const pages = [
      ["floor: /account", "/account"],
      ["dashboard", "/dashboard"],
      ["patient list", "/patients"],
      ["patient list, search", "/patients?q=Nguyen"],
      ["patient page", `/patients/${p.patient_id}`],
      ["staff worklist", "/monitoring"],
    ];
    for (const [, url] of pages) await fetch(`${base}${url}`, { headers: { cookie } }); // warm up
    let floor = null;
    for (const [label, url] of pages) {
      const m = await measure(label, `${base}${url}`, cookie);
      floor ??= m.p95;
      rows.push({ size, ...m, ratio: m.p95 / floor });
      console.log(
        `${size} patients  ${label.padEnd(22)} ${m.rps.toFixed(1).padStart(7)} req/s  p50 ${m.p50} ms  p95 ${m.p95} ms  p99 ${m.p99} ms  ${(m.p95 / floor).toFixed(1)}x floor  ${m.queries.toFixed(1)} queries/req  RSS ${m.rssMb.toFixed(0)} MB${m.non2xx ? `  NON-2XX ${m.non2xx}` : ""}`,
      );
    }
  } finally {
    if (server) {
      const exited = new Promise((r) => server.once("exit", r));
      process.kill(-server.pid, "SIGTERM"); // the whole group: `next start` serves from a child process
      await exited;
      server = undefined;
    }
    await db.drop();
  }
}

console.log("\n| patients | page | req/s | p50 ms | p95 ms | p99 ms | p95 / floor | queries/req | peak RSS MB |\n|---|---|---|---|---|---|---|---|---|");
for (const r of rows)
  console.log(
    `| ${r.size.toLocaleString("en-US")} | ${r.label} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.ratio.toFixed(1)} | ${r.queries.toFixed(1)} | ${r.rssMb.toFixed(0)} |`,
  );
if (rows.some((r) => r.non2xx)) {
  console.error("bench: some responses were not 2xx");
  process.exit(1);
}
