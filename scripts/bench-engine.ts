// Times the clinic-wide computations behind the dashboard and the worklist (database load + engine).
import { clinicToday } from "../lib/clinic";
import { getWorklist } from "../lib/data/monitoring";
import { createPrismaClient } from "../lib/db";
import { ensureDerivedDataFresh, refreshAllDerivedData } from "../lib/data/daily-refresh";

const today = clinicToday();
const time = async (label: string, fn: () => Promise<number>) => {
  const runs: number[] = [];
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    n = await fn();
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  console.log(`engine: ${label}: ${n} rows, median ${runs[1]!.toFixed(0)} ms over 3 runs`);
};
// The owner role: VACUUM needs it (the application role may not vacuum the tables).
const client = createPrismaClient(process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL);
// The once-a-day refresh (forced by dating the last one yesterday): every course summary, and the
// monitoring items of the patients whose item set changes with the date.
await time("daily refresh: cumulative dose of every course in progress", async () => {
  await client.$executeRaw`UPDATE daily_refreshes SET as_of = as_of - 1`;
  await client.$executeRaw`UPDATE course_summaries SET as_of = as_of - 1`;
  await ensureDerivedDataFresh(client, today);
  return client.courseSummary.count();
});
// Everything: seeding, or a new monitoring protocol version taking effect.
await time("full recompute: course summaries and every patient's monitoring items", async () => (await refreshAllDerivedData(client, today)).items);
await time("monitoring items for every patient (worklist)", async () => (await getWorklist(today, { sort: "days" })).total);
// The refreshes above rewrote both tables; leave them as autovacuum would, like the seeded steady state.
await client.$executeRaw`VACUUM (ANALYZE) course_summaries, monitoring_items`;
process.exit(0);
