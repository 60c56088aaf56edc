import cronParser from "cron-parser";
import { afterAll, describe, expect, it } from "vitest";
import { runJobNowAction } from "@/app/(portal)/admin/jobs/actions";
import { listRecentJobs } from "@/lib/data/jobs";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { addDays } from "@/lib/domain/dates";
import { dateInZone } from "@/lib/domain/dates";
import { createBoss } from "@/lib/jobs/boss";
import { enqueueJob, stopJobSender } from "@/lib/jobs/enqueue";
import { startJobWorker } from "@/lib/jobs/worker";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { createCourse, deliverQueuedJobs } from "./jobs-helpers";

/**
 * The background jobs run on pg-boss in this database: the worker delivers each job once, a job run
 * twice changes nothing the second time, and a failure is listed for administrators with its message.
 */
const today = TODAY;
const day = (offset: number) => new Date(`${addDays(today, offset)}T00:00:00Z`);

afterAll(stopJobSender);

/** A course on 20 mg daily since 10 days ago, at 50 kg: 11 days (both ends) = 220 mg by today. */
async function tenDayCourse() {
  const db = testDb();
  const derm = await makeUser("DERMATOLOGIST");
  const patient = await makePatient();
  const course = await createCourse({ patientId: patient.id, dermatologistId: derm.id, startDate: day(-10) });
  await db.doseChange.create({
    data: { courseId: course.id, effectiveFrom: day(-10), mgPerIntake: 20, pattern: "DAILY", reason: "test", createdById: derm.id },
  });
  return course;
}

async function jobStates(name: string) {
  return testDb().$queryRaw<{ id: string; state: string; output: unknown }[]>`
    SELECT id::text, state::text, output FROM pgboss.job WHERE name = ${name} ORDER BY created_on`;
}

describe("background jobs", () => {
  it("the worker delivers the daily refresh once; run again, it finds nothing to do", async () => {
    const db = testDb();
    const course = await tenDayCourse();
    await refreshAllDerivedData(db, addDays(today, -1));
    const summary = () => db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id }, select: { asOf: true, totalMg: true } });
    expect(await summary()).toEqual({ asOf: day(-1), totalMg: 200 });
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'daily-refresh'`;

    // A started worker queues a daily refresh at once and works it; the test watches the job's state.
    const worker = await startJobWorker(process.env.DATABASE_URL);
    try {
      for (let polls = 0; !(await jobStates("daily-refresh")).some((j) => j.state === "completed"); polls++) {
        expect(polls, "the worker did not complete the job").toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await worker.stop({ graceful: true, wait: true });
    }
    // The worker keeps each queue's schedule: every hour from the clinic's midnight, the reminders' safety net, and the hourly removal of expired searches.
    expect(await db.$queryRaw`SELECT name, cron FROM pgboss.schedule ORDER BY name`).toEqual([
      { name: "daily-refresh", cron: "0 * * * *" },
      { name: "reminders-dispatch", cron: "*/5 * * * *" },
      { name: "saved-searches-expire", cron: "0 * * * *" },
    ]);
    const jobs = await jobStates("daily-refresh");
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.output).toMatchObject({ asOf: today, previous: addDays(today, -1), summariesFromStart: false });
    expect(await summary()).toEqual({ asOf: day(0), totalMg: 220 });

    // Delivered a second time (a retry after a crash, a second worker): the summaries are not advanced again.
    expect(await enqueueJob("daily-refresh")).not.toBeNull();
    expect(await deliverQueuedJobs("daily-refresh")).toEqual([{ skipped: "already up to date" }]);
    expect(await summary()).toEqual({ asOf: day(0), totalMg: 220 });
    // The run that did the work is listed for administrators; the one that found nothing to do (as the
    // hourly runs after the first do) is not.
    const listed = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "daily-refresh");
    expect(listed.map((j) => [j.state, j.outcome])).toEqual([["completed", expect.stringContaining(`asOf: ${today}`)]]);
  });

  it("schedules the daily refresh so that every clinic day gets one, a day whose midnight a clock change skips or an outage misses included", async () => {
    // The schedule as the worker stores it, read with the cron library pg-boss evaluates schedules with.
    const worker = await startJobWorker(process.env.DATABASE_URL);
    await worker.stop({ graceful: true, wait: true });
    const [schedule] = await testDb().$queryRaw<{ cron: string }[]>`SELECT cron FROM pgboss.schedule WHERE name = 'daily-refresh'`;
    await deliverQueuedJobs("daily-refresh");
    // Clocks go from 23:59:59 to 01:00 on these days: Santiago 6 Sep 2026, Havana 8 Mar 2026, Asunción 4 Oct 2026, Cairo 24 Apr 2026.
    const gaps: [string, string][] = [
      ["America/Santiago", "2026-09-06"],
      ["America/Havana", "2026-03-08"],
      ["America/Asuncion", "2026-10-04"],
      ["Africa/Cairo", "2026-04-24"],
      ["America/New_York", "2026-03-08"],
    ];
    for (const [tz, gapDay] of gaps) {
      const runsOn = new Map<string, number>();
      const interval = cronParser.parseExpression(schedule!.cron, {
        tz,
        currentDate: new Date(`${addDays(gapDay, -2)}T00:00:00Z`),
        endDate: new Date(`${addDays(gapDay, 2)}T00:00:00Z`),
      });
      while (interval.hasNext()) {
        const day = dateInZone(interval.next().toDate(), tz);
        runsOn.set(day, (runsOn.get(day) ?? 0) + 1);
      }
      // The day of the change has its runs, and so have the days around it, each at least two: a first one
      // missed (the database restarting, no worker up) is made up the same day.
      for (const d of [addDays(gapDay, -1), gapDay, addDays(gapDay, 1)]) expect(runsOn.get(d) ?? 0, `${tz} ${d}`).toBeGreaterThanOrEqual(2);
    }
  });

  it("queues at most one waiting job per queue", async () => {
    await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'daily-refresh'`;
    const first = await enqueueJob("daily-refresh");
    const second = await enqueueJob("daily-refresh");
    expect(first).not.toBeNull();
    expect(second).toBeNull();
    expect(await deliverQueuedJobs("daily-refresh")).toHaveLength(1);
  });

  it("lists a failed job with its error message, never its payload", async () => {
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      // A payload the handler's schema refuses, and no retries: the job fails on its first delivery.
      await boss.send("settings-recompute", { kind: "NOT_A_KIND", version: 1, note: "payload-marker" }, { retryLimit: 0 });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    await expect(deliverQueuedJobs("settings-recompute")).rejects.toThrow();
    const admin = await makeUser("ADMIN");
    const [failed] = (await listRecentJobs(admin)).filter((j) => j.state === "failed");
    expect(failed).toMatchObject({ name: "settings-recompute", attempts: 1, retryLimit: 0 });
    expect(failed!.outcome).toMatch(/kind/);
    expect(failed!.outcome).not.toContain("payload-marker");
    await expect(listRecentJobs(await makeUser("DERMATOLOGIST"))).rejects.toThrow("You do not have permission to see this.");
  });

  it("an administrator's run now queues the daily refresh, audited", async () => {
    const db = testDb();
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'daily-refresh'`;
    const admin = await makeUser("ADMIN");
    actAs(admin);
    expect(await runJobNowAction(IDLE, form({ job: "daily-refresh" }))).toMatchObject({ status: "ok", message: expect.stringContaining("queued") });
    expect(await runJobNowAction(IDLE, form({ job: "daily-refresh" }))).toMatchObject({ status: "ok", message: expect.stringContaining("already waiting") });
    expect(await db.auditEvent.count({ where: { action: "job.run_requested", actorId: admin.id } })).toBe(2);
    expect((await jobStates("daily-refresh")).map((j) => j.state)).toEqual(["created"]);
    await deliverQueuedJobs("daily-refresh");
  });
});
