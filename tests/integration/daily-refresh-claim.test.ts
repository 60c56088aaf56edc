import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { listRecentJobs } from "@/lib/data/jobs";
import { refreshAllDerivedData, runDailyRefresh } from "@/lib/data/daily-refresh";
import { addDays } from "@/lib/domain/dates";
import { enqueueJob } from "@/lib/jobs/enqueue";
import { makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, resetDailyRefresh } from "./jobs-helpers";

/*
 * A run of the daily refresh that finds another holding its lease (one interrupted by a crash or a restart holds
 * it until the lease lapses, 2 minutes after its last batch) is not "already up to date": its job fails with why
 * and is retried, and once the lease has lapsed the refresh runs.
 */
const heldSince = (minutesAgo: number) =>
  testDb().$executeRaw`UPDATE daily_refreshes SET running_as_of = ${TODAY}::date, running_token = ${randomUUID()}::uuid,
    running_since = now() - make_interval(mins => ${minutesAgo}), running_renewed_at = now() - make_interval(mins => ${minutesAgo}) WHERE id = 1`;

/** The figures a day behind and another run's live lease: a daily-refresh job is queued, and its delivery refused with why. */
async function firstDeliveryRefused() {
  await refreshAllDerivedData(testDb(), addDays(TODAY, -1));
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'daily-refresh'`;
  await heldSince(1);
  expect(await enqueueJob("daily-refresh")).not.toBeNull();
  await expect(deliverQueuedJobs("daily-refresh")).rejects.toThrow(/^Another run of the daily refresh has held it since .+: this one is retried/);
}

describe("the daily refresh, held by another run", () => {
  afterEach(resetDailyRefresh);

  it("fails its job with the reason, for a retry, while the other run's lease is live; runs once it has lapsed", async () => {
    const db = testDb();
    await firstDeliveryRefused();
    const [job] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "daily-refresh");
    expect(job).toMatchObject({ state: "retry", attempts: 1 });
    expect(job!.outcome).toContain("Another run of the daily refresh has held it since");
    // Nothing was advanced, and the other run's lease is left as it was.
    expect(await db.dailyRefresh.findUniqueOrThrow({ where: { id: 1 }, select: { asOf: true } })).toEqual({
      asOf: new Date(`${addDays(TODAY, -1)}T00:00:00Z`),
    });
    // Three minutes on without a batch, the interrupted run's lease has lapsed: the refresh brings the figures to today.
    await heldSince(3);
    expect(await runDailyRefresh(db, TODAY)).toMatchObject({ asOf: TODAY, previous: addDays(TODAY, -1) });
  });

  it("a second delivery while the first waits to retry (the worker's start-up job, the hourly one) stands aside for it, not failed for good", async () => {
    const db = testDb();
    await firstDeliveryRefused();
    // The queue holds one job waiting to retry and one waiting to start: a second job is queued and delivered.
    expect(await enqueueJob("daily-refresh")).not.toBeNull();
    expect(await deliverQueuedJobs("daily-refresh")).toEqual([{ skipped: "another run holds it; a retry waits" }]);
    const jobs = await db.$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE name = 'daily-refresh' ORDER BY created_on`;
    // The first still waits to retry; the second is not listed as failed (it could not be retried: the queue's
    // one retry slot is the first's), and no failure says "retried" of a job that never will be.
    expect(jobs.map((j) => j.state)).not.toContain("failed");
    expect(jobs[0]).toEqual({ state: "retry" });
    const listed = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "daily-refresh");
    expect(listed.map((j) => j.state)).toEqual(["retry"]);
  });
});
