import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { createBoss } from "@/lib/jobs/boss";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { replaceStalledRecomputeJobs } from "@/lib/jobs/stalled-recompute";
import { runJob } from "@/lib/jobs/worker";
import { testDb, TODAY, until } from "./helpers";
import { courseRows } from "./course-fixture";
import { resetDailyRefresh, takenJob } from "./jobs-helpers";

/*
 * A settings recompute whose run is alive but stalled (its batch waits on a patient's derived-data lock) is given up,
 * and the run in its place is taken by another worker. The stalled run's next batch is rolled back (its job is no
 * longer its own), and its handler returns { stopped } normally: pg-boss's work loop then completes the job by id
 * (node_modules/pg-boss/src/manager.js: `this.complete(name, jobIds, result)`; completeJobs matches `state =
 * 'active'`), or, had it thrown, fails it by id (failJobsById: `state < 'completed'`, for a retry). Were the run in
 * its place a retry of the same job, either would end or re-queue that run's attempt. It must stay running and
 * recompute; a given-up run must not end the run in its place, nor spend its retries.
 */
afterAll(stopJobSender);

const KIND = "MONITORING_PROTOCOL";
const DERIVED_DATA_LOCK = 727_275;

const jobState = async (id: string) =>
  (await testDb().$queryRaw<{ state: string }[]>`SELECT state::text FROM pgboss.job WHERE id = ${id}::uuid`)[0]?.state ?? null;

describe("a settings recompute given up while its run is still alive", () => {
  afterEach(async () => {
    await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'settings-recompute'`;
    await resetDailyRefresh();
  });

  it("does not complete nor fail the job in its place when the stalled run ends, and that job's run recomputes", async () => {
    const { patient } = await courseRows({ start: "2026-10-01" });
    await refreshAllDerivedData(testDb(), TODAY);
    await testDb().$executeRaw`UPDATE monitoring_items SET reason = 'stale' WHERE patient_id = ${patient.id}::uuid`;
    const staleCount = () => testDb().monitoringItemRow.count({ where: { patientId: patient.id, reason: "stale" } });
    expect(await staleCount()).toBeGreaterThan(0);

    const id = await takenJob("settings-recompute", { kind: KIND, version: 1 }, KIND);
    // Another session holds the patient's derived-data lock: the run's batch for her waits (a stall, the process alive).
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    const boss: PgBoss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      await holder.query(`SELECT pg_advisory_lock($1::int, hashtext(lower($2)))`, [DERIVED_DATA_LOCK, patient.id]);
      const job = { id, name: "settings-recompute", data: { kind: KIND, version: 1 } } as unknown as PgBoss.Job<object>;
      // The stalled run, as the worker runs it; its output is what pg-boss's work loop completes the job with.
      const stalled = runJob("settings-recompute", job);
      await until(
        async () => (await testDb().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`)[0]!.n > 0,
        "the run's batch to wait for the patient's lock",
      );
      // Taken for dead: no progress for five minutes. Given up, and the run in its place taken by another worker.
      await testDb().$executeRaw`
        UPDATE pgboss.job SET started_on = now() - interval '10 minutes',
          data = data || jsonb_build_object('progressAt', now() - interval '5 minutes') WHERE id = ${id}::uuid`;
      expect(await replaceStalledRecomputeJobs(boss)).toBe(1);
      const [retry] = await boss.fetch<object>("settings-recompute");
      expect(retry).toBeDefined();
      expect(retry!.id).not.toBe(id);
      expect(retry!.data).toMatchObject({ kind: KIND, version: 1 });
      expect(await jobState(retry!.id)).toBe("active");
      expect(await jobState(id)).toBe("cancelled");

      // The stall ends: the stalled run's batch is rolled back, and its handler returns; the work loop completes its job.
      await holder.query(`SELECT pg_advisory_unlock($1::int, hashtext(lower($2)))`, [DERIVED_DATA_LOCK, patient.id]);
      const stalledOutput = await stalled;
      expect(stalledOutput).toMatchObject({ stopped: expect.any(String) });
      expect(await boss.complete("settings-recompute", id, stalledOutput)).toMatchObject({ affected: 0 });
      // Had its handler thrown instead, the work loop would fail its job: nothing either.
      expect(await boss.fail("settings-recompute", id, { message: "a stalled run's error" })).toMatchObject({ affected: 0 });

      // The run in its place is still running, on its first attempt: the given-up run's end is not its own.
      expect.soft(await jobState(retry!.id)).toBe("active");
      expect(await jobState(id)).toBe("cancelled");
      const [attempt] = await testDb().$queryRaw<{ retry_count: number }[]>`SELECT retry_count FROM pgboss.job WHERE id = ${retry!.id}::uuid`;
      expect(attempt!.retry_count).toBe(0);
      // And it recomputes the patient's items.
      const retryOutput = await runJob("settings-recompute", retry!);
      expect(retryOutput).toMatchObject({ items: expect.any(Number) });
      expect(await staleCount()).toBe(0);
      expect(await boss.complete("settings-recompute", retry!.id, retryOutput)).toMatchObject({ affected: 1 });
      expect(await jobState(retry!.id)).toBe("completed");
    } finally {
      await holder.end();
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
