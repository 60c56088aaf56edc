// Lighthouse 12 (desktop preset: no CPU slowdown, a fast network, as the clinic's workstations on its own
// network) on signed-in pages, in Debian's Chromium: largest contentful paint, total blocking time and
// cumulative layout shift. Used by scripts/bench.mjs; prints nothing itself.
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.mjs";

const FLAGS = ["--headless=new", ...CHROMIUM_ARGS];

/** One run per page: [{ url, lcpMs, tbtMs, cls, score }]. */
export async function runLighthouse(urls, cookie) {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: FLAGS });
  try {
    const results = [];
    for (const url of urls) {
      const run = await lighthouse(
        url,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: { Cookie: cookie } },
        desktopConfig,
      );
      const audits = run.lhr.audits;
      results.push({
        url,
        finalUrl: run.lhr.finalDisplayedUrl,
        lcpMs: Math.round(audits["largest-contentful-paint"].numericValue),
        tbtMs: Math.round(audits["total-blocking-time"].numericValue),
        cls: Number(audits["cumulative-layout-shift"].numericValue.toFixed(3)),
        score: Math.round((run.lhr.categories.performance.score ?? 0) * 100),
      });
    }
    return results;
  } finally {
    await chrome.kill();
  }
}
