// The benchmark's results as the README's Performance tables (Markdown), printed after every size has run.
// Used by scripts/bench.mjs.

/** Pages under autocannon, the floor against the signed-out page and the mixed workload, streamed headers, browser views and Lighthouse. */
export function printTables(rows, extras, withLighthouse) {
  console.log(
    "\n| patients | page | req/s | p50 ms | p95 ms | p99 ms | p95 / floor | server CPU ms/req | CPU / floor | queries/req | peak RSS MB |\n|---|---|---|---|---|---|---|---|---|---|---|",
  );
  for (const r of rows)
    console.log(
      `| ${r.size.toLocaleString("en-US")} | ${r.label} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.ratio === null ? "–" : r.ratio.toFixed(1)} | ${r.cpuMs?.toFixed(1) ?? "–"} | ${r.cpuRatio === null ? "–" : r.cpuRatio.toFixed(1)} | ${r.queries.toFixed(1)} | ${r.rssMb.toFixed(0)} |`,
    );
  console.log(
    "\n| patients | signed out /login req/s | /account req/s | /account p95 / /login p95 | mixed req/s | mixed reads p95 ms | mixed writes p95 / max ms | failures | mixed peak RSS MB |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const e of extras)
    console.log(
      `| ${e.size.toLocaleString("en-US")} | ${e.signedOutRps.toFixed(1)} | ${e.floorRps.toFixed(1)} | ${(e.floorP95 / e.signedOutP95).toFixed(2)} | ${e.mixed ? `${e.mixed.rps.toFixed(1)} | ${e.mixed.reads.p95} | ${e.mixed.writes.p95} / ${e.mixed.writes.max} | ${e.mixed.failures} | ${e.mixed.rssMb.toFixed(0)}` : "- | - | - | - | -"} |`,
    );
  console.log(
    "\n| patients | page | first byte p50 / p95 ms | header p50 / p95 ms | whole page p50 / p95 ms | floor p95 ms | header p95 / floor p95 |\n|---|---|---|---|---|---|---|",
  );
  for (const e of extras)
    for (const h of e.headers.pages)
      console.log(
        `| ${e.size.toLocaleString("en-US")} | ${h.label} | ${h.first.p50} / ${h.first.p95} | ${h.header.p50} / ${h.header.p95} | ${h.total.p50} / ${h.total.p95} | ${e.headers.floor.total.p95} | ${h.headerRatio.toFixed(1)} |`,
      );
  if (withLighthouse) {
    console.log("\n| patients | page, one view in Chromium | server CPU ms | CPU / floor's | requests | of which prefetches |\n|---|---|---|---|---|---|");
    for (const e of extras) {
      const floorView = e.browser.find((b) => b.label.startsWith("floor"));
      for (const b of e.browser)
        console.log(
          `| ${e.size.toLocaleString("en-US")} | ${b.label} | ${b.cpuMs.toFixed(0)} | ${(b.cpuMs / floorView.cpuMs).toFixed(1)} | ${b.requests} | ${b.prefetches} |`,
        );
    }
    console.log("\n| patients | page | LCP ms | TBT ms | CLS | score |\n|---|---|---|---|---|---|");
    for (const e of extras)
      for (const l of e.lighthouse)
        console.log(
          `| ${e.size.toLocaleString("en-US")} | ${new URL(l.url).pathname.startsWith("/patients/") ? "patient page" : "dashboard"} | ${l.lcpMs} | ${l.tbtMs} | ${l.cls} | ${l.score} |`,
        );
  }
}
