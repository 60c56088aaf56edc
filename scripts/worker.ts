// `npm run worker`: the background job worker as its own process (lib/jobs/worker.ts), for a deployment
// that runs the web servers with JOBS_WORKER=off. Stops gracefully on SIGINT/SIGTERM: the job in hand
// finishes (up to 30 s), the rest stays queued for the next worker.
import { log } from "../lib/log";
import { keepStartingJobWorker } from "../lib/jobs/worker";

const boss = await keepStartingJobWorker();
log.info({ pid: process.pid }, "job worker started");
console.log("✓ Job worker started (daily refresh at the clinic's midnight, settings recomputes)");
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    boss.stop({ graceful: true, timeout: 30_000 }).finally(() => process.exit(0));
  });
