import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listRecentJobs } from "@/lib/data/jobs";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { addDays } from "@/lib/domain/dates";
import { createBoss } from "@/lib/jobs/boss";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { failStalledRefreshJobs } from "@/lib/jobs/stalled-refresh";
import { makeUser, testDb, TODAY } from "./helpers";
import { resetDailyRefresh, takenJob, untilWorkerHas } from "./jobs-helpers";

/*
 * A worker killed mid-refresh leaves its pg-boss job "active" (pg-boss 10 has no heartbeat, and a worker's
 * start takes back no job) until the job's expiry, and the stately queue starts no other refresh job
 * meanwhile. The refresh's lease says when its run stopped: once it has lapsed, the job is failed for a retry.
 */
const YESTERDAY = addDays(TODAY, -1);

afterAll(stopJobSender);

const jobs = () =>
  testDb().$queryRaw<{ id: string; state: string; output: Record<string, unknown> | null }[]>`
    SELECT id::text, state::text, output FROM pgboss.job WHERE name = 'daily-refresh' ORDER BY created_on`;

/**
 * The figures a day behind, and a daily-refresh job taken by a worker that was then killed: the job is left
 * active since `minutesAgo`, its run's lease last renewed `renewed` minutes ago. Returns the job's id.
 */
async function crashedRun(minutesAgo: number, renewed: number): Promise<string> {
  const db = testDb();
  await refreshAllDerivedData(db, YESTERDAY);
  const id = await takenJob("daily-refresh");
  await db.$executeRaw`UPDATE pgboss.job SET started_on = now() - make_interval(mins => ${minutesAgo}) WHERE id = ${id}::uuid`;
  await db.$executeRaw`UPDATE daily_refreshes SET running_as_of = ${TODAY}::date, running_token = ${randomUUID()}::uuid,
    running_since = now() - make_interval(mins => ${minutesAgo}), running_renewed_at = now() - make_interval(mins => ${renewed}) WHERE id = 1`;
  return id;
}

describe("a daily-refresh job whose process ended", () => {
  afterEach(resetDailyRefresh);

  it("is failed for a retry once its lease has lapsed, and the worker's start-up job takes the refresh over at once", async () => {
    const crashed = await crashedRun(10, 3);
    await untilWorkerHas(async () => (await jobs()).some((j) => j.state === "completed"), "a daily-refresh job to complete");
    const [first, startUp] = await jobs();
    expect(first).toMatchObject({
      id: crashed,
      state: "retry",
      output: { message: expect.stringMatching(/^Its run stopped making progress at .+; the next run takes the refresh over/) },
    });
    expect(startUp).toMatchObject({ state: "completed", output: { asOf: TODAY, previous: YESTERDAY, tookOver: expect.stringMatching(/^a run begun /) } });
    expect(await testDb().dailyRefresh.findUniqueOrThrow({ where: { id: 1 }, select: { asOf: true, runningToken: true } })).toEqual({
      asOf: new Date(`${TODAY}T00:00:00Z`),
      runningToken: null,
    });
    // Administrators see both: the job that stopped, waiting to retry with why, and the run that took over.
    const listed = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "daily-refresh");
    expect(listed.map((j) => [j.state, j.outcome])).toEqual([
      ["completed", expect.stringContaining("tookOver: a run begun ")],
      ["retry", expect.stringContaining("Its run stopped making progress at ")],
    ]);
  });

  it("is left active while its run's lease is live, and a job started within the lapse is left alone whatever the lease", async () => {
    const db = testDb();
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      // Its run renewed the lease a minute ago: the run is alive, however long ago its job started.
      const alive = await crashedRun(10, 1);
      expect(await failStalledRefreshJobs(boss)).toBe(0);
      // A job taken a moment ago whose run has not claimed the lease yet (the lease still the lapsed one's).
      await db.$executeRaw`UPDATE pgboss.job SET started_on = now() - interval '1 minute' WHERE id = ${alive}::uuid`;
      await db.$executeRaw`UPDATE daily_refreshes SET running_renewed_at = now() - interval '3 minutes' WHERE id = 1`;
      expect(await failStalledRefreshJobs(boss)).toBe(0);
      expect((await jobs()).map((j) => [j.id, j.state])).toEqual([[alive, "active"]]);
      // Once it has been active for longer than the lapse with no live lease, it is failed for a retry; a second look finds nothing.
      await db.$executeRaw`UPDATE pgboss.job SET started_on = now() - interval '3 minutes' WHERE id = ${alive}::uuid`;
      expect(await failStalledRefreshJobs(boss)).toBe(1);
      expect(await failStalledRefreshJobs(boss)).toBe(0);
      expect((await jobs()).map((j) => [j.id, j.state])).toEqual([[alive, "retry"]]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
