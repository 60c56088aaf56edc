// Times the clinic-wide computations behind the dashboard and the worklist (database load + engine).
import { clinicToday } from "../lib/clinic";
import { getWorklist } from "../lib/data/monitoring";
import { getActiveCourseSummaries } from "../lib/data/treatment";

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
await time("cumulative dose for every active course", async () => (await getActiveCourseSummaries(today)).length);
await time("monitoring items for every patient (worklist)", async () => (await getWorklist(today, { sort: "days" })).total);
process.exit(0);
