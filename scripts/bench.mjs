// `npm run bench [-- --sizes 1000,10000 --duration 10 --warmup 3 --mixed 20 --no-lighthouse --database <url>]` (or BENCH_SIZES=...): for
// each clinic size, a fresh database seeded by seed:large, the clinic-wide jobs timed with concurrent writes
// (scripts/bench-engine.ts), then the production server (ISOTRACK_BENCH=1) and autocannon driving each page,
// from this process (the server runs in another): the signed-out login page and the signed-in floor
// (/account) first, then every page as a signed-in dermatologist. Prints requests/s, p50/p95/p99 latency,
// the ratio of p95 to the signed-in floor, the server's CPU time per request and its ratio to the floor's,
// database queries per request and peak server RSS; then a mixed
// workload (three users, one write in ten: scripts/bench-mixed.mjs) and Lighthouse on the dashboard and a
// patient page (scripts/bench-lighthouse.mjs). The server's query count and memory come from
// scripts/bench-probe.mjs, loaded into the server process for the run and asked over its IPC channel: the
// application has no benchmark route.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { measureHeaders } from "./bench-header.mjs";
import { measureBrowserViews } from "./bench-browser.mjs";
import { runLighthouse } from "./bench-lighthouse.mjs";
import { mixedUsers, runMixed } from "./bench-mixed.mjs";
import { createFreshDatabase } from "./fresh-db.mjs";
import { serverEnv } from "./server-options.mjs";
import { drain, freeWeightDays, login, measurePage } from "./bench-pages.mjs";
import { printTables } from "./bench-report.mjs";

const root = path.resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const opt = (name, fallback) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : fallback);
const sizes = opt("sizes", process.env.BENCH_SIZES ?? "1000,10000")
  .split(",")
  .map(Number);
const mixedSeconds = Number(opt("mixed", "20"));
const withLighthouse = !argv.includes("--no-lighthouse");
const duration = Number(opt("duration", "10"));
// Seconds of the same load on each page before it is measured: a page's first requests compile its query
// shapes and warm V8's optimising compiler, which a server that runs for days has long done (a third more
// CPU per request in a cold round, README "Performance").
const warmup = Number(opt("warmup", "3"));
const connections = Number(opt("connections", "4"));
const port = Number(opt("port", "3300"));
// An already seeded and migrated database (npm run seed:large): the pages only, no seeding and no
// clinic-wide passes (label its size with --sizes). The mixed workload's writes stay in it.
const reuse = opt("database", null);
const base = `http://127.0.0.1:${port}`;
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ISOTRACK_BENCH: "1", AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-secret", LOG_LEVEL: "warn" };

if (!existsSync(path.join(root, ".next/BUILD_ID")) || argv.includes("--build")) {
  if (spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", cwd: root, env }).status !== 0) process.exit(1);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

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

const rows = [];
const extras = [];
for (const size of sizes) {
  const db = reuse
    ? { url: reuse, ownerUrl: reuse, drop: async () => {} }
    : await createFreshDatabase(process.env.DATABASE_ADMIN_URL || process.env.DATABASE_URL, "isotrack_bench");
  const dbEnv = { ...env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.ownerUrl, DATABASE_ADMIN_URL: undefined };
  try {
    const tsx = path.join(root, "node_modules/.bin/tsx");
    for (const [cmd, args] of reuse
      ? []
      : [
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
    const { rows: somePatients } = await c.query("SELECT patient_id FROM courses WHERE status = 'ACTIVE' ORDER BY start_date DESC LIMIT 4");
    const {
      rows: [open],
    } = await c.query(
      "SELECT patient_id, item_key FROM monitoring_items WHERE completed_on IS NULL AND NOT waived AND due_date - due_soon_days <= (SELECT as_of FROM daily_refreshes) ORDER BY due_date LIMIT 1",
    );
    const {
      rows: [{ today }],
    } = await c.query("SELECT as_of::text AS today FROM daily_refreshes");
    await c.end();

    if (!reuse) {
      const engine = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["--conditions=react-server", "scripts/bench-engine.ts"], {
        cwd: root,
        env: dbEnv,
        encoding: "utf8",
      });
      process.stdout.write(engine.stdout);
      if (engine.status !== 0) process.stderr.write(engine.stderr);
    }

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
    const cookie = await login(base);
    const pages = [
      ["signed out: /login", "/login", null],
      ["floor: /account", "/account"],
      ["dashboard", "/dashboard"],
      ["patient list", "/patients"],
      ["patient list, search", "/patients?q=Nguyen"],
      ["patient page", `/patients/${p.patient_id}`],
      ["staff worklist", "/monitoring"],
    ];
    for (const [, url] of pages) await fetch(`${base}${url}`, { headers: { cookie } }); // warm up
    let floor = null;
    let floorCpu = null;
    let signedOut = null;
    for (const [label, url, as = cookie] of pages) {
      const m = await measurePage({ base, probe, connections, duration, warmup }, label, `${base}${url}`, as);
      if (as === null) signedOut = m;
      else {
        floor ??= m.p95;
        floorCpu ??= m.cpuMs;
      }
      rows.push({ size, ...m, ratio: floor ? m.p95 / floor : null, cpuRatio: floorCpu && m.cpuMs !== null ? m.cpuMs / floorCpu : null });
      console.log(
        `${size} patients  ${label.padEnd(22)} ${m.rps.toFixed(1).padStart(7)} req/s  p50 ${m.p50} ms  p95 ${m.p95} ms  p99 ${m.p99} ms  ${floor ? (m.p95 / floor).toFixed(1) : "-"}x floor  CPU ${m.cpuMs?.toFixed(1) ?? "-"} ms/req (${floorCpu && m.cpuMs !== null ? (m.cpuMs / floorCpu).toFixed(1) : "-"}x)  ${m.queries.toFixed(1)} queries/req  RSS ${m.rssMb.toFixed(0)} MB${m.non2xx ? `  NON-2XX ${m.non2xx}` : ""}`,
      );
    }
    const floorRow = rows.find((r) => r.size === size && r.label.startsWith("floor"));
    const extra = { size, signedOutRps: signedOut.rps, floorRps: floorRow.rps, signedOutP95: signedOut.p95, floorP95: floorRow.p95 };
    extra.headers = await measureHeaders(
      base,
      cookie,
      [
        ["dashboard", "/dashboard", ">Dashboard</h1>"],
        ["patient page", `/patients/${p.patient_id}`, 'data-testid="patient-header"'],
      ],
      { connections, seconds: duration },
    );
    for (const h of extra.headers.pages)
      console.log(
        `${size} patients  streamed ${h.label.padEnd(13)} first byte p50 ${h.first.p50} p95 ${h.first.p95} ms  header p50 ${h.header.p50} p95 ${h.header.p95} ms  whole p95 ${h.total.p95} ms  floor p95 ${extra.headers.floor.total.p95} ms  header ${h.headerRatio.toFixed(1)}x floor${h.failures ? `  FAILURES ${h.failures}` : ""}`,
      );
    await drain(base, cookie);
    if (mixedSeconds > 0) {
      const logins = [
        cookie,
        await login(base, "nurse@demo.isotrack.test", "Nurse-demo-2026!"),
        await login(base, "staff@demo.isotrack.test", "Staff-demo-2026!"),
      ];
      const users = await mixedUsers(
        root,
        logins,
        somePatients.map((r) => r.patient_id),
        { patientId: open.patient_id, itemKey: open.item_key },
        await freeWeightDays(
          db.url,
          somePatients.slice(0, 2).map((r) => r.patient_id),
          today,
        ),
      );
      let peak = 0;
      const sampler = setInterval(async () => {
        peak = Math.max(peak, (await probe()).rss);
      }, 250);
      extra.mixed = await runMixed(base, users, mixedSeconds);
      clearInterval(sampler);
      extra.mixed.rssMb = Math.max(peak, (await probe()).rss) / 1024 / 1024;
      const x = extra.mixed;
      console.log(
        `${size} patients  mixed (3 users, 6 connections, 10 % writes): ${x.rps.toFixed(1)} req/s; reads p50 ${x.reads.p50} p95 ${x.reads.p95} max ${x.reads.max} ms (${x.reads.n}); writes p50 ${x.writes.p50} p95 ${x.writes.p95} max ${x.writes.max} ms (${x.writes.n}); failures ${x.failures}; RSS ${x.rssMb.toFixed(0)} MB`,
      );
      await drain(base, cookie);
    }
    if (withLighthouse) {
      extra.lighthouse = await runLighthouse([`${base}/dashboard`, `${base}/patients/${p.patient_id}`], cookie);
      for (const l of extra.lighthouse)
        console.log(`${size} patients  lighthouse ${new URL(l.url).pathname.padEnd(48)} LCP ${l.lcpMs} ms  TBT ${l.tbtMs} ms  CLS ${l.cls}  score ${l.score}`);
      extra.browser = await measureBrowserViews(
        base,
        cookie,
        pages.filter(([, url, as]) => as !== null && !url.includes("?")), // signed in, no search
        probe,
      );
      for (const b of extra.browser)
        console.log(
          `${size} patients  browser view ${b.label.padEnd(22)} server CPU ${b.cpuMs.toFixed(0)} ms  ${b.requests} requests (${b.prefetches} prefetches)`,
        );
    }
    extras.push(extra);
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

printTables(rows, extras, withLighthouse);
if (rows.some((r) => r.non2xx) || extras.some((e) => e.mixed?.failures || e.headers.floor.failures || e.headers.pages.some((h) => h.failures))) {
  console.error("bench: some responses were not 2xx");
  process.exit(1);
}
