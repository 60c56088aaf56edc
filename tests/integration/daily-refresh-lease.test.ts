import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { jobBadge } from "@/app/(portal)/admin/jobs/job-badge";
import { rewriteCourseSummaries } from "@/lib/data/course-summaries";
import { refreshAllDerivedData, runDailyRefresh } from "@/lib/data/daily-refresh";
import { listRecentJobs } from "@/lib/data/jobs";
import { RefreshUnderWay } from "@/lib/data/refresh-lease";
import { addDays } from "@/lib/domain/dates";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { enqueueJob, stopJobSender } from "@/lib/jobs/enqueue";
import { courseRows } from "./course-fixture";
import { makeUser, testDb, TODAY, until } from "./helpers";
import { deliverQueuedJobs, resetDailyRefresh } from "./jobs-helpers";
import { holdLocks, settled, waitingForLocks, writeBehindLock } from "./lock-helpers";

/*
 * The daily refresh's claim is a lease: each batch renews it in the transaction of its writes, and a lease not
 * renewed for two minutes lapses. Time is moved by setting the lease's timestamps in the past; a run is held
 * between two batches by a transaction of the test holding a patient's derived-data lock.
 */
const YESTERDAY = addDays(TODAY, -1);

afterAll(stopJobSender);

/**
 * Three patients on 20 mg daily since 13 Nov at 60 kg, in the order a pass takes them (by id), their stored
 * summaries and the clinic's refresh as of yesterday (everyone else's as of today): 200 mg each, 220 mg once
 * advanced to today.
 */
async function threeBehind(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await courseRows({ start: addDays(TODAY, -10) })).patient.id);
  ids.sort();
  await refreshAllDerivedData(testDb(), TODAY);
  await testDb().$transaction((tx) => rewriteCourseSummaries(tx, ids, YESTERDAY));
  await testDb().$executeRaw`UPDATE daily_refreshes SET as_of = ${YESTERDAY}::date`;
  return ids;
}

/** Each patient's stored total, in the order given. */
async function totals(patientIds: string[]): Promise<(number | null)[]> {
  const rows = await testDb().courseSummary.findMany({ where: { patientId: { in: patientIds } }, select: { patientId: true, totalMg: true } });
  return patientIds.map((id) => rows.find((r) => r.patientId === id)?.totalMg ?? null);
}

const storedLease = () =>
  testDb().dailyRefresh.findUniqueOrThrow({ where: { id: 1 }, select: { runningAsOf: true, runningToken: true, runningRenewedAt: true } });

/** Another run's lease on today's refresh: taken `since` minutes ago, its last batch `renewed` minutes ago. */
const leaseHeldBy = (client: PrismaClient | Tx, token: string, { since, renewed }: { since: number; renewed: number }) =>
  client.$executeRaw`UPDATE daily_refreshes SET running_as_of = ${TODAY}::date, running_token = ${token}::uuid,
    running_since = now() - make_interval(mins => ${since}), running_renewed_at = now() - make_interval(mins => ${renewed}) WHERE id = 1`;

describe("the daily refresh's lease", () => {
  afterEach(resetDailyRefresh);

  it("what two runs writing the same summaries do: the second advance to a day adds nothing; a late batch of the day before moves them back", async () => {
    const ids = await threeBehind();
    const advance = (asOf: string) => testDb().$transaction((tx) => rewriteCourseSummaries(tx, ids, asOf, true));
    await advance(TODAY);
    await advance(TODAY);
    // Each accumulator is through today after the first: the second resumes from it and adds no day.
    expect(await totals(ids)).toEqual([220, 220, 220]);
    // A run for yesterday writing after today's (what a lapsed run, still going past midnight, would do): the
    // figures go back a day, until the next refresh finds them behind.
    await advance(YESTERDAY);
    expect(await totals(ids)).toEqual([200, 200, 200]);
  });

  it("a run whose lease another run took over stops before writing its next batch, and leaves that run's lease alone", async () => {
    const [first, second, third] = await threeBehind();
    const other = randomUUID();
    // The run writes its first batch (the first patient), then waits for the second patient's lock: meanwhile its
    // lease lapses and another run takes the refresh.
    const outcome = await writeBehindLock(
      second!,
      () => runDailyRefresh(testDb(), TODAY, { batchSize: 1 }),
      async (tx) => void (await leaseHeldBy(tx, other, { since: 0, renewed: 0 })),
    );
    expect(outcome).toEqual({ refused: expect.stringMatching(/^This run of the daily refresh stopped before its next batch: another run took it over at .+/) });
    expect(await totals([first!, second!, third!])).toEqual([220, 200, 200]);
    expect(await storedLease()).toMatchObject({ runningAsOf: new Date(`${TODAY}T00:00:00Z`), runningToken: other });
  });

  it("its job ends listed as stopped, with why: the run holding the lease brings the figures up to date", async () => {
    const [first, second, third] = await threeBehind();
    await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'daily-refresh'`;
    expect(await enqueueJob("daily-refresh")).not.toBeNull();
    const outcome = await writeBehindLock(
      second!,
      () => deliverQueuedJobs("daily-refresh"),
      async (tx) => void (await leaseHeldBy(tx, randomUUID(), { since: 0, renewed: 0 })),
    );
    expect(outcome).toEqual({ value: [{ stopped: expect.stringMatching(/^This run of the daily refresh stopped before its next batch/) }] });
    // Its one batch (all three patients) was not written.
    expect(await totals([first!, second!, third!])).toEqual([200, 200, 200]);
    const [job] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "daily-refresh");
    expect(job).toMatchObject({ state: "completed", outcome: expect.stringContaining("stopped: This run of the daily refresh stopped before its next batch") });
    expect(jobBadge(job!).label).toBe("Stopped, taken over");
  });

  it("a run longer than the lapse keeps its lease: each batch renews it, and another run stands aside", async () => {
    const [first, second, third] = await threeBehind();
    const openFirst = await holdLocks([first!]);
    const openSecond = await holdLocks([second!]);
    const run = settled(() => runDailyRefresh(testDb(), TODAY, { batchSize: 1 }))();
    await until(async () => (await waitingForLocks()) === 1, "the run to wait for the first patient");
    // As if the run had begun 16 minutes ago and waited that long for its first batch: its lease has lapsed.
    await testDb().$executeRaw`UPDATE daily_refreshes SET running_since = now() - interval '16 minutes', running_renewed_at = now() - interval '16 minutes'`;
    await openFirst();
    // No run took it over: the first batch commits, renewing the lease, and the run waits for the second patient.
    await until(async () => (await totals([first!]))[0] === 220 && (await waitingForLocks()) === 1, "the first batch to commit");
    let ended = false;
    const another = settled(() => runDailyRefresh(testDb(), TODAY))().finally(() => (ended = true));
    await until(async () => ended || (await waitingForLocks()) === 2, "the other run to end, or to wait for a patient");
    await openSecond();
    expect(await another).toEqual({
      refused: expect.stringMatching(/^Another run of the daily refresh has held it since .+, its lease renewed at .+: this one is retried/),
    });
    expect(await run).toMatchObject({ value: { asOf: TODAY, previous: YESTERDAY, summaries: 3, tookOver: null } });
    expect(await totals([first!, second!, third!])).toEqual([220, 220, 220]);
    expect(await storedLease()).toMatchObject({ runningToken: null, runningRenewedAt: null });
  });

  it("a lease left behind by a run whose process ended holds the refresh until two minutes after its last batch, then a run takes it over", async () => {
    const ids = await threeBehind();
    const crashed = randomUUID();
    await leaseHeldBy(testDb(), crashed, { since: 10, renewed: 1 });
    await expect(runDailyRefresh(testDb(), TODAY)).rejects.toBeInstanceOf(RefreshUnderWay);
    expect(await totals(ids)).toEqual([200, 200, 200]);
    await leaseHeldBy(testDb(), crashed, { since: 10, renewed: 3 });
    expect(await runDailyRefresh(testDb(), TODAY)).toMatchObject({
      asOf: TODAY,
      summaries: 3,
      tookOver: expect.stringMatching(/^a run begun .+, last renewed .+/),
    });
    expect(await totals(ids)).toEqual([220, 220, 220]);
    expect(await storedLease()).toMatchObject({ runningToken: null });
  });
});
