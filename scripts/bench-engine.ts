// Times the clinic-wide work behind the dashboard and the worklist, which runs in background jobs
// (lib/jobs), and how long a clinical write waits on it: while each pass runs, writes on random patients
// take their patient's derived-data lock and refresh its rows, as every clinical write does.
import { clinicToday } from "../lib/clinic";
import { getWorklist } from "../lib/data/monitoring";
import { createPrismaClient } from "../lib/db";
import { refreshAllDerivedData, runDailyRefresh } from "../lib/data/daily-refresh";
import { recomputeForSettings } from "../lib/data/recompute-derived";
import { refreshCourseDerived } from "../lib/data/derived";
import { lockDerivedData } from "../lib/data/locks";
import { queryRows } from "../lib/data/query-rows";
import { Prisma } from "../lib/generated/prisma/client";
import { z } from "zod";

const today = clinicToday();
// The owner role: VACUUM needs it (the application role may not vacuum the tables).
const client = createPrismaClient(process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL);
const writer = createPrismaClient(process.env.DATABASE_URL);
const patients = (await queryRows(client, z.object({ id: z.string() }), Prisma.sql`SELECT patient_id::text AS id FROM courses WHERE status = 'ACTIVE'`)).map(
  (r) => r.id,
);

/**
 * Clinical writes on random patients, one after another, until `done`: the longest lock wait (as the
 * database measured it: from the lock statement's arrival to the lock granted), the longest time from
 * the write's start to its lock as this process saw it (the transaction's start, the round trips and
 * any wait for a CPU included), and the longest write.
 */
async function writesDuring(done: () => boolean) {
  let maxWait = 0;
  let maxFirst = 0;
  let maxWrite = 0;
  let n = 0;
  while (!done()) {
    const patientId = patients[Math.floor(Math.random() * patients.length)]!;
    const t0 = performance.now();
    let waited = 0;
    let first = 0;
    await writer.$transaction(async (tx) => {
      waited = await lockDerivedData(tx, [patientId]);
      first = performance.now() - t0;
      await refreshCourseDerived(tx, patientId);
    });
    maxWait = Math.max(maxWait, waited);
    maxFirst = Math.max(maxFirst, first);
    maxWrite = Math.max(maxWrite, performance.now() - t0);
    n++;
  }
  return { maxWait, maxFirst, maxWrite, n };
}
const describeWrites = (w: Awaited<ReturnType<typeof writesDuring>>) =>
  `longest lock wait ${w.maxWait.toFixed(0)} ms in the database (${w.maxFirst.toFixed(0)} ms to the lock as the client saw it), longest write ${w.maxWrite.toFixed(0)} ms (${w.n} writes)`;

/** Median of 3 runs; 1 above 100,000 courses in progress (BENCH_ENGINE_RUNS overrides). */
const RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? (patients.length > 100_000 ? 1 : 3));

const time = async (label: string, prepare: () => Promise<unknown>, fn: () => Promise<number>) => {
  const runs: number[] = [];
  let worst = { maxWait: 0, maxFirst: 0, maxWrite: 0, n: 0 };
  let n = 0;
  for (let i = 0; i < RUNS; i++) {
    await prepare();
    let finished = false;
    const t = performance.now();
    const [count, writes] = await Promise.all([
      fn().finally(() => {
        finished = true;
      }),
      writesDuring(() => finished),
    ]);
    runs.push(performance.now() - t);
    n = count;
    if (writes.maxWait > worst.maxWait) worst = writes;
  }
  runs.sort((a, b) => a - b);
  console.log(
    `engine: ${label}: ${n} rows, median ${runs[Math.floor(runs.length / 2)]!.toFixed(0)} ms over ${runs.length} runs; concurrent writes: ${describeWrites(worst)}`,
  );
};

// The same writes with nothing else running: on a loaded machine a write's first statement can wait for a
// CPU too, and this baseline tells that apart from waiting on a pass's locks.
{
  const stopAt = performance.now() + 3000;
  const idle = await writesDuring(() => performance.now() > stopAt);
  console.log(`engine: writes alone (baseline): ${describeWrites(idle)}`);
}

// The daily refresh (forced by dating the last one and every summary yesterday): each course summary
// advanced by one day, and the monitoring items of the patients whose item set changes with the date.
await time(
  "daily refresh (incremental, one day)",
  async () => {
    await client.$executeRaw`UPDATE daily_refreshes SET as_of = as_of - 1`;
    await client.$executeRaw`UPDATE course_summaries SET as_of = as_of - 1`;
  },
  async () => (await runDailyRefresh(client, today))?.summaries ?? 0,
);
// A dosing settings version in force today: every course summary from its start.
await time(
  "settings recompute: dosing (every course summary from the start)",
  async () => {},
  async () => (await recomputeForSettings(client, "DOSING", today)).summaries,
);
// A monitoring protocol version in force today: every patient's items.
await time(
  "settings recompute: protocol (every patient's monitoring items)",
  async () => {},
  async () => (await recomputeForSettings(client, "MONITORING_PROTOCOL", today)).items,
);
await time(
  "monitoring items for every patient (worklist, unpaginated)",
  async () => {},
  async () => (await getWorklist({ role: "DERMATOLOGIST" }, today, { sort: "days" })).total,
);
await refreshAllDerivedData(client, today);
// The passes above rewrote both tables; leave them as autovacuum would, like the seeded steady state.
await client.$executeRaw`VACUUM (ANALYZE) course_summaries, monitoring_items`;
process.exit(0);
