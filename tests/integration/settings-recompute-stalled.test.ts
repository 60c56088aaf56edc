import { afterAll, afterEach, describe, expect, it } from "vitest";
import { listRecentJobs } from "@/lib/data/jobs";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { createBoss } from "@/lib/jobs/boss";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { JOB_HANDLERS } from "@/lib/jobs/registry";
import { progressGuard, RecomputeGivenUp, replaceStalledRecomputeJobs } from "@/lib/jobs/stalled-recompute";
import { recomputeForSettings } from "@/lib/data/recompute-derived";
import { makeUser, testDb, TODAY } from "./helpers";
import { courseRows } from "./course-fixture";
import { deliverQueuedJobs, resetDailyRefresh, takenJob, untilWorkerHas } from "./jobs-helpers";

/*
 * A settings recompute marks itself running as its pg-boss job does: "active". A worker killed mid-run leaves the
 * job active until its hour's expiry (pg-boss 10 has no heartbeat), and the stately queue starts no other recompute
 * of that kind meanwhile. Each batch of a recompute records its progress on its job, in the batch's transaction; a
 * job active with no progress for two minutes (since it started, or since its last batch) has no process behind it:
 * it is cancelled, and a new job queued in its place (a retry under the same id would be its stalled run's to complete:
 * settings-recompute-given-up-completes.test.ts). A run whose job was given up meanwhile stops before its next batch,
 * writing nothing.
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

  it("is cancelled by the worker once it has made no progress for two minutes, and the job queued in its place recomputes", async () => {
    const { staleCount } = await patientWithStaleItems();
    const crashed = await takenRecompute(10, 5);
    await untilWorkerHas(async () => (await jobs()).some((j) => j.state === "cancelled"), "the stalled recompute to be cancelled");
    const [cancelled, replacement] = await jobs();
    expect(cancelled).toMatchObject({
      id: crashed,
      state: "cancelled",
      output: {
        message: expect.stringMatching(
          /^Its run stopped making progress at .+ \(the process running it ended, or is held up\): cancelled, and a new run queued in its place\. This run, should it go on, writes nothing more\.$/,
        ),
      },
    });
    // The worker may have run the new job already; if not, it waits.
    expect(replacement!.id).not.toBe(crashed);
    expect(["created", "active", "completed"]).toContain(replacement!.state);
    await deliverQueuedJobs("settings-recompute");
    expect(await staleCount()).toBe(0);
    const [, done] = await jobs();
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
      expect(await replaceStalledRecomputeJobs(boss)).toBe(0);
      expect(await note()).toBeNull();
      // Taken a minute ago, no batch yet.
      await looksLike(id, 1, null);
      expect(await replaceStalledRecomputeJobs(boss)).toBe(0);
      // No batch for three minutes: said on the jobs page, and given up; a second look finds nothing.
      await looksLike(id, 30, 3);
      expect(await note()).toMatch(
        /^No progress since .+ \(3 minutes\): the server running it may have stopped\. It is given up within a minute, and a new run queued in its place\.$/,
      );
      expect(await replaceStalledRecomputeJobs(boss)).toBe(1);
      expect(await replaceStalledRecomputeJobs(boss)).toBe(0);
      expect((await jobs()).map((j) => [j.id === id, j.state])).toEqual([
        [true, "cancelled"],
        [false, "created"],
      ]);
      expect(await note()).toBeNull();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it("stops before its next batch once its job was given up, even once the job in its place has started, writing nothing; each batch of a live run records progress", async () => {
    const { stale, staleCount } = await patientWithStaleItems();
    const id = await takenRecompute(1, null);
    const run = () => JOB_HANDLERS["settings-recompute"].run({ kind: KIND, version: 1 }, { id });
    expect(await run()).toMatchObject({ summaries: 0, items: expect.any(Number) });
    expect(await staleCount()).toBe(0);
    const [live] = await jobs();
    expect(live!.progress_at!.getTime()).toBeGreaterThanOrEqual(live!.started_on!.getTime());

    // A run whose process stalls, taken for dead: its job is given up, and the job in its place taken by another worker.
    const stalledRun = await progressGuard(id);
    await stale();
    await looksLike(id, 10, 5);
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      expect(await replaceStalledRecomputeJobs(boss)).toBe(1);
      // Given up, the job answers the stalled run's handler at once.
      expect(await run()).toEqual({ stopped: expect.stringMatching(/^This run stopped before its next batch: its job was given up/) });
      const taken = await boss.fetch("settings-recompute");
      expect(taken.map((j) => j.id === id)).toEqual([false]);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    // The stalled run goes on: its next batch is rolled back, the new job not taken for its own.
    await expect(recomputeForSettings(testDb(), KIND, TODAY, stalledRun)).rejects.toBeInstanceOf(RecomputeGivenUp);
    expect(await staleCount()).toBeGreaterThan(0);
    expect((await jobs()).map((j) => j.state)).toEqual(["cancelled", "active"]);
  });
});
