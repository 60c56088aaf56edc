// The benchmark's page measurements: signing in, autocannon on one page with the server's own figures
// (CPU, queries, memory) from its probe, and the waits between pages. Used by scripts/bench.mjs.
import autocannon from "autocannon";
import pg from "pg";
import { percentile } from "./bench-stats.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Signs in through the login form's own endpoints and returns the session cookie. */
export async function login(base, email = "derm@demo.isotrack.test", password = "Derm-demo-2026!") {
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
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/` }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("session-token"))) throw new Error("bench: login failed");
  return cookie();
}

/** For each patient, up to 300 days without a live weight, today first, then earlier (the mixed workload's weights). */
export async function freeWeightDays(url, patientIds, today) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `SELECT p.id AS patient_id, array_agg(d::date::text ORDER BY d DESC) AS days
     FROM unnest($1::uuid[]) AS p(id), generate_series($2::date - 399, $2::date, '1 day') AS d
     WHERE NOT EXISTS (SELECT 1 FROM weight_measurements w WHERE w.patient_id = p.id AND w.measured_on = d::date AND w.voided_at IS NULL)
     GROUP BY p.id`,
    [patientIds, today],
  );
  await c.end();
  return new Map(rows.map((r) => [r.patient_id, r.days.slice(0, 300)]));
}

/** Waits until requests still queued from a slow page have finished, so the next page is measured alone. */
export async function drain(base, cookie) {
  for (let i = 0; i < 120; i++) {
    const t = performance.now();
    await fetch(`${base}/account`, { headers: { cookie } });
    if (performance.now() - t < 500) return;
    await sleep(250);
  }
}

/** One page under autocannon (`connections` for `duration` s after `warmup` s), with the server's figures from its probe. */
export async function measurePage({ probe, connections, duration, warmup, base }, label, url, cookie) {
  const headers = cookie ? { cookie } : {};
  if (warmup > 0) {
    await new Promise((resolve, reject) =>
      autocannon({ url, connections, duration: warmup, timeout: 30, headers }, (err, r) => (err ? reject(err) : resolve(r))),
    );
    await drain(base, cookie);
  }
  const latencies = [];
  let peakRss = 0;
  let non2xx = 0;
  const before = await probe();
  const sampler = setInterval(async () => {
    peakRss = Math.max(peakRss, (await probe()).rss);
  }, 250);
  const result = await new Promise((resolve, reject) => {
    const inst = autocannon({ url, connections, duration, timeout: 30, headers }, (err, r) => (err ? reject(err) : resolve(r)));
    inst.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      if (status < 200 || status >= 300) non2xx++;
    });
  });
  clearInterval(sampler);
  // CPU is read before the drain, whose own requests would count against this page.
  const cpuEnd = (await probe()).cpuMicros;
  const completed = latencies.length;
  await drain(base, cookie);
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
    // The server's CPU time per request (all its threads): unlike latency under load, it does not move
    // with what else the machine's cores are doing.
    cpuMs: completed ? (cpuEnd - before.cpuMicros) / 1000 / completed : null,
    rssMb: Math.max(peakRss, after.rss) / 1024 / 1024,
    non2xx,
  };
}
