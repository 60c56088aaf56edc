import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listRecentJobs } from "@/lib/data/jobs";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { createBoss } from "@/lib/jobs/boss";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { JOB_HANDLERS } from "@/lib/jobs/registry";
import { failStalledRecomputeJobs, progressGuard, RecomputeGivenUp } from "@/lib/jobs/stalled-recompute";
import { recomputeForSettings } from "@/lib/data/recompute-derived";
import { makeUser, testDb, TODAY } from "./helpers";
import { courseRows } from "./course-fixture";
import { deliverQueuedJobs, resetDailyRefresh, takenJob, untilWorkerHas } from "./jobs-helpers";

/*
 * A settings recompute marks itself running as its pg-boss job does: "active". A worker killed mid-run leaves the
 * job active until its hour's expiry (pg-boss 10 has no heartbeat), and the stately queue starts no other recompute
 * of that kind meanwhile. Each batch of a recompute records its progress on its job, in the batch's transaction; a
 * job active with no progress for two minutes (since it started, or since its last batch) has no process behind it:
 * it is failed for a retry. A run whose job was given up meanwhile stops before its next batch, writing nothing.
 * The dead worker is simulated: the job is taken as a worker takes it, and its timestamps set to look stale.
 */
afterAll(stopJobSender);

const KIND = "MONITORING_PROTOCOL";

const jobs = () =>
  testDb().$queryRaw<{ id: string; state: string; output: Record<string, unknown> | null; progress_at: Date | null; started_on: Date | null }[]>`
    SELECT id::text, state::text, output, (data->>'progressAt')::timestamptz AS progress_at, started_on
    FROM pgboss.job WHERE name = 'settings-recompute' ORDER BY created_on`;

/** A recompute job taken by a worker: active since `startedAgo` minutes, its last batch `progressAgo` minutes ago (null: none yet). */
async function takenRecompute(startedAgo: number, progressAgo: number | null): Promise<string> {
  const id = await takenJob("settings-recompute", { kind: KIND, version: 1 }, KIND);
  await looksLike(id, startedAgo, progressAgo);
  return id;
}

/** By the database's clock (the tests' own is the clinic's fixed day). */
async function looksLike(id: string, startedAgo: number, progressAgo: number | null) {
  await testDb().$executeRaw`
    UPDATE pgboss.job SET started_on = now() - make_interval(mins => ${startedAgo}),
      data = (data - 'progressAt') || CASE WHEN ${progressAgo}::int IS NULL THEN '{}'::jsonb
        ELSE jsonb_build_object('progressAt', now() - make_interval(mins => ${progressAgo}::int)) END
    WHERE id = ${id}::uuid`;
}

/** A patient on a course, her stored items written over: a recompute that writes her batch puts them right. */
async function patientWithStaleItems() {
  const { patient } = await courseRows({ start: "2026-10-01" });
  await refreshAllDerivedData(testDb(), TODAY);
  const stale = () => testDb().$executeRaw`UPDATE monitoring_items SET reason = 'stale' WHERE patient_id = ${patient.id}::uuid`;
  const staleCount = () => testDb().monitoringItemRow.count({ where: { patientId: patient.id, reason: "stale" } });
  await stale();
  expect(await staleCount()).toBeGreaterThan(0);
  return { stale, staleCount };
}

describe("a settings recompute whose process ended", () => {
  afterEach(async () => {
    await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'settings-recompute'`;
    await resetDailyRefresh();
  });

  it("is failed for a retry by the worker once it has made no progress for two minutes, and its retry recomputes", async () => {
    const { staleCount } = await patientWithStaleItems();
    const crashed = await takenRecompute(10, 5);
    await untilWorkerHas(async () => (await jobs()).some((j) => j.state === "retry"), "the stalled recompute to be failed for a retry");
    const [retried] = await jobs();
    expect(retried).toMatchObject({
      id: crashed,
      state: "retry",
      output: { message: expect.stringMatching(/^Its run stopped making progress at .+ \(the process running it ended\); it is retried\.$/) },
    });
    // Administrators see why it waits.
    const listed = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "settings-recompute");
    expect(listed.map((j) => [j.state, j.outcome])).toEqual([["retry", expect.stringContaining("Its run stopped making progress at ")]]);

    // Its retry's delay over, the retry recomputes, recording its progress as it goes.
    await testDb().$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE id = ${crashed}::uuid`;
    const [output] = await deliverQueuedJobs("settings-recompute");
    expect(output).toMatchObject({ summaries: 0, items: expect.any(Number) });
    expect(await staleCount()).toBe(0);
    const [done] = await jobs();
    expect(done!.state).toBe("completed");
    expect(done!.progress_at!.getTime()).toBeGreaterThanOrEqual(done!.started_on!.getTime());
  });

  it("is left running while it makes progress, and while just started; the jobs page says when one stopped making progress", async () => {
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      const admin = await makeUser("ADMIN");
      const note = async () => (await listRecentJobs(admin)).find((j) => j.name === "settings-recompute")!.note;
      // A batch a minute ago: alive, however long ago it started.
      const id = await takenRecompute(30, 1);
      expect(await failStalledRecomputeJobs(boss)).toBe(0);
      expect(await note()).toBeNull();
      // Taken a minute ago, no batch yet.
      await looksLike(id, 1, null);
      expect(await failStalledRecomputeJobs(boss)).toBe(0);
      // No batch for three minutes: said on the jobs page, and failed for a retry; a second look finds nothing.
      await looksLike(id, 30, 3);
      expect(await note()).toMatch(
        /^No progress since .+ \(3 minutes\): the server running it may have stopped\. It is given up within a minute, then retried\.$/,
      );
      expect(await failStalledRecomputeJobs(boss)).toBe(1);
      expect(await failStalledRecomputeJobs(boss)).toBe(0);
      expect((await jobs()).map((j) => [j.id, j.state])).toEqual([[id, "retry"]]);
      expect(await note()).toBeNull();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it("stops before its next batch once its job was given up, even once its retry has started, writing nothing; each batch of a live run records progress", async () => {
    const { stale, staleCount } = await patientWithStaleItems();
    const id = await takenRecompute(1, null);
    const run = () => JOB_HANDLERS["settings-recompute"].run({ kind: KIND, version: 1 }, { id });
    expect(await run()).toMatchObject({ summaries: 0, items: expect.any(Number) });
    expect(await staleCount()).toBe(0);
    const [live] = await jobs();
    expect(live!.progress_at!.getTime()).toBeGreaterThanOrEqual(live!.started_on!.getTime());

    // A run whose process stalls, taken for dead: its job is failed for a retry, and the retry taken by another worker.
    const stalledRun = await progressGuard(id);
    await stale();
    await looksLike(id, 10, 5);
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      expect(await failStalledRecomputeJobs(boss)).toBe(1);
      // Given up, the job answers the stalled run's handler at once.
      expect(await run()).toEqual({ stopped: expect.stringMatching(/^This run stopped before its next batch: its job was given up/) });
      await testDb().$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE id = ${id}::uuid`;
      expect((await boss.fetch("settings-recompute")).map((j) => j.id)).toEqual([id]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    // The stalled run goes on: its next batch is rolled back, the retry's job not taken for its own.
    await expect(recomputeForSettings(testDb(), KIND, TODAY, stalledRun)).rejects.toBeInstanceOf(RecomputeGivenUp);
    expect(await staleCount()).toBeGreaterThan(0);
    expect((await jobs()).map((j) => j.state)).toEqual(["active"]);
  });
});
