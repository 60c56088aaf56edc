import { afterAll, afterEach, describe, expect, it } from "vitest";
import { runJobNowAction } from "@/app/(portal)/admin/jobs/actions";
import { lastDailyRefresh, listRecentJobs } from "@/lib/data/jobs";
import { createBoss } from "@/lib/jobs/boss";
import { enqueueJob, stopJobSender } from "@/lib/jobs/enqueue";
import type { JobName } from "@/lib/jobs/queues";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";
import { deliverQueuedJobs, resetDailyRefresh } from "./jobs-helpers";
import { clearQueuedReminders } from "./reminder-reset";

/**
 * What /admin/jobs lists: the runs an administrator asked for (also those that found nothing to do), a job
 * pg-boss gave up on with the reason in plain words, and a job still marked running long after such a job ends.
 */
afterAll(stopJobSender);
afterEach(async () => {
  await resetDailyRefresh();
  await clearQueuedReminders();
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'saved-searches-expire'`;
});

async function namedAdmin(name: string) {
  const admin = await makeUser("ADMIN");
  return testDb().user.update({ where: { id: admin.id }, data: { name } });
}

/** A job of this queue taken by a worker (pg-boss's fetch: now active), started `minutesAgo` minutes ago by the database's clock. */
async function activeJob(name: JobName, minutesAgo: number, options: { retryLimit?: number } = {}): Promise<string> {
  const boss = createBoss(process.env.DATABASE_URL!, "sender");
  await boss.start();
  try {
    const id = await boss.send(name, {}, options);
    const [job] = await boss.fetch(name);
    expect(job?.id).toBe(id);
    await testDb().$executeRaw`UPDATE pgboss.job SET started_on = now() - make_interval(mins => ${minutesAgo}) WHERE id = ${id}::uuid`;
    return id!;
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** pg-boss's maintenance, as a worker runs it every two minutes: every job active past its queue's expiry is failed. */
async function expireJobs() {
  const boss = createBoss(process.env.DATABASE_URL!, "sender");
  await boss.start();
  try {
    await boss.expire();
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

describe("the jobs page's list", () => {
  it("lists a daily refresh an administrator asked for, with who asked, also when it found the figures up to date", async () => {
    await resetDailyRefresh();
    const admin = await namedAdmin("Avery Admin");
    // The server's start-up run: nothing to do, and not listed (as the hourly runs after the first).
    expect(await enqueueJob("daily-refresh")).not.toBeNull();
    expect(await deliverQueuedJobs("daily-refresh")).toEqual([{ skipped: "already up to date" }]);
    expect((await listRecentJobs(admin)).filter((j) => j.name === "daily-refresh")).toEqual([]);
    // …but the page can say when the refresh last ran and what it found.
    expect(await lastDailyRefresh(admin)).toEqual({ completedOn: expect.any(Date), outcome: "Already up to date" });

    actAs(admin);
    expect(await runJobNowAction(IDLE, form({ job: "daily-refresh" }))).toMatchObject({ status: "ok", message: expect.stringContaining("queued") });
    expect(await deliverQueuedJobs("daily-refresh")).toEqual([{ skipped: "already up to date" }]);
    const listed = (await listRecentJobs(admin)).filter((j) => j.name === "daily-refresh");
    expect(listed.map((j) => [j.state, j.outcome, j.requestedBy])).toEqual([["completed", "Already up to date", "Avery Admin"]]);
    // The job names the administrator by id only: no name, no patient data in the queue.
    const [stored] = await testDb().$queryRaw<{ data: unknown }[]>`SELECT data FROM pgboss.job WHERE name = 'daily-refresh' ORDER BY created_on DESC LIMIT 1`;
    expect(stored!.data).toEqual({ requestedBy: admin.id });
  });

  it("marks the run already waiting when an administrator asks while one waits, so that it is listed", async () => {
    await resetDailyRefresh();
    const admin = await namedAdmin("Blair Admin");
    expect(await enqueueJob("daily-refresh")).not.toBeNull();
    actAs(admin);
    expect(await runJobNowAction(IDLE, form({ job: "daily-refresh" }))).toMatchObject({ status: "ok", message: expect.stringContaining("already waiting") });
    expect(await deliverQueuedJobs("daily-refresh")).toEqual([{ skipped: "already up to date" }]);
    const listed = (await listRecentJobs(admin)).filter((j) => j.name === "daily-refresh");
    expect(listed.map((j) => [j.outcome, j.requestedBy])).toEqual([["Already up to date", "Blair Admin"]]);
  });

  it("says in plain words that pg-boss gave up on a job that ran past its time limit, never only 'Failed.'", async () => {
    const admin = await makeUser("ADMIN");
    // A run whose server stopped 20 minutes ago: the expiry of its queue (10 minutes) has passed.
    const id = await activeJob("saved-searches-expire", 20, { retryLimit: 0 });
    await expireJobs();
    const [row] = await testDb().$queryRaw<{ state: string; output: unknown }[]>`SELECT state::text, output FROM pgboss.job WHERE id = ${id}::uuid`;
    // As pg-boss stores it.
    expect(row).toEqual({ state: "failed", output: { value: { message: "job failed by timeout in active state" } } });
    const [listed] = (await listRecentJobs(admin)).filter((j) => j.id === id);
    expect(listed!.outcome).toBe("Stopped: it ran past its time limit of 10 minutes (the server running it may have stopped).");
  });

  it("says when a job marked running has gone on far longer than such a job takes, and not while it is young", async () => {
    await clearQueuedReminders();
    const admin = await makeUser("ADMIN");
    const young = await activeJob("reminders-dispatch", 0);
    let [listed] = (await listRecentJobs(admin)).filter((j) => j.id === young);
    expect([listed!.state, listed!.note]).toEqual(["active", null]);
    await testDb().$executeRaw`DELETE FROM pgboss.job WHERE id = ${young}::uuid`;

    // The server stopped mid-send 4 minutes ago: its job is still "active" until pg-boss's expiry.
    const stale = await activeJob("reminders-dispatch", 4);
    [listed] = (await listRecentJobs(admin)).filter((j) => j.id === stale);
    expect(listed!.state).toBe("active");
    expect(listed!.note).toMatch(/^Running for 4 minutes, far longer than this job takes \(at most \d+ minutes?\): the server running it may have stopped\./);
  });
});
