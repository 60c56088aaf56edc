import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { listRecentJobs } from "@/lib/data/jobs";
import { createBoss } from "@/lib/jobs/boss";
import { enqueueJob, stopJobSender } from "@/lib/jobs/enqueue";
import { replaceStalledRecomputeJobs } from "@/lib/jobs/stalled-recompute";
import { makeUser, testDb } from "./helpers";
import { takenJob } from "./jobs-helpers";

/*
 * A settings recompute given up for making no progress is cancelled, with why, and a new job queued in its place
 * (lib/jobs/stalled-recompute.ts): what the jobs page then says, how the retries of the recompute are counted across
 * the jobs that replace one another, and what happens when a recompute of that kind already waits. The stalled runs
 * are simulated: a job taken as a worker takes it, its timestamps set to look stale.
 */
const KIND = "MONITORING_PROTOCOL";

let boss: PgBoss;
beforeAll(async () => {
  boss = createBoss(process.env.DATABASE_URL!, "sender");
  await boss.start();
});
afterAll(async () => {
  await boss.stop({ graceful: false, wait: true });
  await stopJobSender();
});
afterEach(async () => {
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'settings-recompute'`;
});

interface JobRecord {
  id: string;
  state: string;
  data: Record<string, unknown>;
  singleton_key: string | null;
  retry_count: number;
  retry_limit: number;
  output: { message?: string } | null;
}
const jobs = () =>
  testDb().$queryRaw<JobRecord[]>`
    SELECT id::text, state::text, data, singleton_key, retry_count, retry_limit, output
    FROM pgboss.job WHERE name = 'settings-recompute' ORDER BY created_on, id`;

/** The job, active and started 10 minutes ago, its last batch 5 minutes ago (by the database's clock). */
const stall = (id: string) => testDb().$executeRaw`
  UPDATE pgboss.job SET started_on = now() - interval '10 minutes',
    data = data || jsonb_build_object('progressAt', now() - interval '5 minutes') WHERE id = ${id}::uuid AND state = 'active'`;

/** The waiting job of the queue, taken as a worker takes it. */
async function take(): Promise<string> {
  const taken = await boss.fetch("settings-recompute");
  expect(taken).toHaveLength(1);
  return taken[0]!.id;
}

describe("a settings recompute given up for making no progress", () => {
  it("is listed as cancelled with why, and the job in its place as waiting, the attempts of both counted", async () => {
    const first = await takenJob("settings-recompute", { kind: KIND, version: 3 }, KIND);
    await stall(first);
    expect(await replaceStalledRecomputeJobs(boss)).toBe(1);

    const [cancelled, second] = await jobs();
    expect(cancelled).toMatchObject({ id: first, state: "cancelled" });
    // The same work, under the same key, with the retries the recompute has left (the queue's 5, less the one spent).
    expect(second).toMatchObject({ state: "created", singleton_key: KIND, retry_count: 0, retry_limit: 4 });
    expect(second!.data).toEqual({ kind: KIND, version: 3, priorAttempts: 1, replaces: first });

    const admin = await makeUser("ADMIN");
    const listed = async () =>
      (await listRecentJobs(admin))
        .filter((j) => j.name === "settings-recompute")
        .map(({ id, state, attempts, retryLimit, replacesStalled, outcome }) => ({ id, state, attempts, retryLimit, replacesStalled, outcome }));
    expect(await listed()).toEqual([
      { id: second!.id, state: "created", attempts: 1, retryLimit: 5, replacesStalled: true, outcome: null },
      {
        id: first,
        state: "cancelled",
        attempts: 1,
        retryLimit: 5,
        replacesStalled: false,
        outcome: expect.stringMatching(
          /^Its run stopped making progress at .+ \(the process running it ended, or is held up\): cancelled, and a new run queued in its place\. This run, should it go on, writes nothing more\.$/,
        ),
      },
    ]);

    // The job in its place stalls too: the third counts the attempts of both before it.
    expect(await take()).toBe(second!.id);
    await stall(second!.id);
    expect(await replaceStalledRecomputeJobs(boss)).toBe(1);
    const [, , third] = await jobs();
    expect(third).toMatchObject({ state: "created", retry_limit: 3, data: { kind: KIND, version: 3, priorAttempts: 2, replaces: second!.id } });
    expect((await listed()).map((j) => [j.state, j.attempts, j.retryLimit])).toEqual([
      ["created", 2, 5],
      ["cancelled", 2, 5],
      ["cancelled", 1, 5],
    ]);
  });

  it("on its last attempt is failed for good, and none is queued in its place", async () => {
    const id = await takenJob("settings-recompute", { kind: KIND, version: 3, priorAttempts: 2 }, KIND);
    // In place of two jobs given up (so 3 retries left of the queue's 5), all spent (pg-boss's own, after errors): this attempt is the last.
    await testDb().$executeRaw`UPDATE pgboss.job SET retry_limit = 3, retry_count = 3 WHERE id = ${id}::uuid`;
    await stall(id);
    expect(await replaceStalledRecomputeJobs(boss)).toBe(1);
    const all = await jobs();
    expect(all.map((j) => [j.id, j.state])).toEqual([[id, "failed"]]);
    expect(all[0]!.output?.message).toMatch(
      /^Its run stopped making progress at .+ \(the process running it ended, or is held up\), on its last attempt: it is not run again\.$/,
    );
    // Its stalled run, should it end, completes nothing.
    expect(await boss.complete("settings-recompute", id, { stopped: "given up" })).toMatchObject({ affected: 0 });
    const [listed] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "settings-recompute");
    // Its sixth attempt of six.
    expect(listed).toMatchObject({ state: "failed", attempts: 6, retryLimit: 5 });
  });

  it("leaves its place to a recompute of that kind already waiting, queuing none", async () => {
    const id = await takenJob("settings-recompute", { kind: KIND, version: 3 }, KIND);
    // A version saved meanwhile: its recompute waits behind the running one (the stately queue).
    const waiting = await enqueueJob("settings-recompute", { kind: KIND, version: 4 }, KIND);
    expect(waiting).not.toBeNull();
    // Another kind's recompute waiting is no such job.
    const other = await enqueueJob("settings-recompute", { kind: "DOSING", version: 2 }, "DOSING");
    await stall(id);
    expect(await replaceStalledRecomputeJobs(boss)).toBe(1);
    const all = await jobs();
    expect(all.map((j) => [j.id, j.state])).toEqual([
      [id, "cancelled"],
      [waiting, "created"],
      [other, "created"],
    ]);
    expect(all[0]!.output?.message).toMatch(
      /^Its run stopped making progress at .+: cancelled; the recompute already waiting takes its place\. This run, should it go on, writes nothing more\.$/,
    );
    expect(all[1]!.data).toEqual({ kind: KIND, version: 4 });
  });
});
