// Times the clinic-wide computations behind the dashboard and the worklist (database load + engine).
import { clinicToday } from "../lib/clinic";
import { getWorklist } from "../lib/data/monitoring";
import { createPrismaClient } from "../lib/db";
import { ensureCourseSummariesFresh } from "../lib/data/course-summaries";

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
// The once-a-day refresh of every course summary (forced by dating them yesterday).
const client = createPrismaClient();
await time("cumulative dose for every active course (daily refresh)", async () => {
  await client.$executeRaw`UPDATE course_summaries SET as_of = as_of - 1`;
  await ensureCourseSummariesFresh(client, today);
  return client.courseSummary.count();
});
await time("monitoring items for every patient (worklist)", async () => (await getWorklist(today, { sort: "days" })).total);
process.exit(0);
