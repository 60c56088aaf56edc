// The streamed pages' header under load (npm run bench): the patient page and the dashboard send their
// header first and stream each section after it. For each page, `connections` clients request it back to
// back for `seconds`; each response's time to its first byte, to its header's markup and to its end is
// recorded, and the signed-in floor (/account, whole response) is measured the same way in the same run.
// A response without its header's markup (an error page, a sign-in redirect) counts as a failure.
import http from "node:http";
import { percentile } from "./bench-stats.mjs";

function timeOne(agent, url, cookie, marker) {
  return new Promise((resolve) => {
    const started = performance.now();
    const since = () => performance.now() - started;
    const req = http.get(url, { agent, headers: { cookie } }, (res) => {
      let first = null;
      let header = null;
      let seen = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        first ??= since();
        if (header !== null) return;
        // The marker may straddle two chunks: keep the tail of what was seen.
        seen = seen.slice(-marker.length) + chunk;
        if (seen.includes(marker)) header = since();
      });
      res.on("end", () => resolve({ ok: res.statusCode === 200 && header !== null, first, header, total: since() }));
      res.on("error", () => resolve({ ok: false }));
    });
    req.on("error", () => resolve({ ok: false }));
  });
}

async function load(url, cookie, marker, { connections, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const results = [];
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) results.push(await timeOne(agent, url, cookie, marker));
    }),
  );
  agent.destroy();
  const ok = results.filter((r) => r.ok);
  const stat = (key) => {
    const sorted = ok.map((r) => r[key]).sort((a, b) => a - b);
    return { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
  };
  return { n: ok.length, failures: results.length - ok.length, first: stat("first"), header: stat("header"), total: stat("total") };
}

/**
 * `pages`: [label, path, marker] of the streamed pages. Returns the floor's figures and, for each page,
 * first byte, header and whole response (p50/p95 ms) with the header's p95 over the floor's.
 */
export async function measureHeaders(base, cookie, pages, { connections = 4, seconds = 8 } = {}) {
  // The floor's own page has no streamed header: its marker is its main landmark, present once complete.
  const floor = await load(`${base}/account`, cookie, 'id="main"', { connections, seconds });
  const out = [];
  for (const [label, path, marker] of pages) {
    const m = await load(`${base}${path}`, cookie, marker, { connections, seconds });
    out.push({ label, ...m, headerRatio: m.header.p95 / floor.total.p95 });
  }
  return { floor, pages: out };
}
