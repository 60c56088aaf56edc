// What one view of a page costs the server when a browser shows it: Chromium (Playwright, Debian's
// build) signed in with the benchmark's cookie opens the page, scrolls to its end and waits until the
// network is idle; the server's CPU time over that view (every request the page caused: the document,
// the client router's requests, any prefetches) comes from the probe, read before and after. autocannon
// fetches the document only; this counts what a page makes the browser ask for besides. Used by
// scripts/bench.mjs; prints nothing itself.
import { chromium } from "playwright";
import { percentile } from "./bench-stats.mjs";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.mjs";

/**
 * Each page viewed `views` times after one view to warm it: [{ label, cpuMs (median per view), requests
 * (median per view: requests to the server other than static files), prefetches (median per view) }].
 */
export async function measureBrowserViews(base, cookie, pages, probe, { views = 5 } = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const { hostname } = new URL(base);
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const i = pair.indexOf("=");
        return { name: pair.slice(0, i), value: pair.slice(i + 1), domain: hostname, path: "/" };
      }),
    );
    const page = await context.newPage();
    let requests = 0;
    let prefetches = 0;
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.origin !== base || url.pathname.startsWith("/_next/static/")) return;
      requests++;
      if (request.headers()["next-router-prefetch"]) prefetches++;
    });
    const results = [];
    for (const [label, path] of pages) {
      const cpu = [];
      const asked = [];
      const prefetched = [];
      for (let i = 0; i <= views; i++) {
        requests = 0;
        prefetches = 0;
        const before = (await probe()).cpuMicros;
        await page.goto(`${base}${path}`, { waitUntil: "networkidle" });
        await page.mouse.wheel(0, 20_000); // every link in view: a prefetching link is fetched once seen
        await page.waitForLoadState("networkidle");
        const after = (await probe()).cpuMicros;
        if (i === 0) continue; // the warm-up view
        cpu.push((after - before) / 1000);
        asked.push(requests);
        prefetched.push(prefetches);
      }
      results.push({ label, cpuMs: median(cpu), requests: median(asked), prefetches: median(prefetched) });
    }
    return results;
  } finally {
    await browser.close();
  }
}

/** The middle of the views' figures (nearest rank, as the other tables' p50). */
const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
