import type { Prisma } from "@/lib/generated/prisma/client";
import type { ConfigKind } from "@/lib/generated/prisma/enums";
import { expect } from "vitest";
import { createBoss } from "@/lib/jobs/boss";
import { enqueueJob } from "@/lib/jobs/enqueue";
import type { JobName } from "@/lib/jobs/queues";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { runJob, startJobWorker } from "@/lib/jobs/worker";
import { form, testDb, TODAY, until } from "./helpers";

/**
 * Delivers every job waiting in a queue through pg-boss, as the worker does (fetch, the registry's
 * handler, complete; a thrown error fails the job), without the worker's timers. Returns the outputs.
 */
export async function deliverQueuedJobs(name: JobName): Promise<object[]> {
  const boss = createBoss(process.env.DATABASE_URL!, "sender");
  await boss.start();
  const outputs: object[] = [];
  try {
    for (;;) {
      const [job] = await boss.fetch<object>(name);
      if (!job) return outputs;
      try {
        const output = await runJob(name, job);
        await boss.complete(name, job.id, output);
        outputs.push(output);
      } catch (error) {
        await boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/**
 * A job of this queue taken as a worker takes it (pg-boss's fetch: "active", started now), the queue's other jobs
 * removed first; the worker is then gone (its process killed, for all the database knows). Returns the job's id.
 */
export async function takenJob(name: JobName, data: Record<string, unknown> = {}, key?: string): Promise<string> {
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = ${name}`;
  const id = (await enqueueJob(name, data, key))!;
  const boss = createBoss(process.env.DATABASE_URL!, "sender");
  await boss.start();
  try {
    expect((await boss.fetch(name)).map((j) => j.id)).toEqual([id]);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  return id;
}

/** Runs a real worker (its start-up look for stalled jobs, its queues, its timers) until `condition` holds, then stops it. */
export async function untilWorkerHas(condition: () => Promise<boolean>, what: string): Promise<void> {
  const worker = await startJobWorker(process.env.DATABASE_URL);
  try {
    await until(condition, what);
  } finally {
    await worker.stop({ graceful: true, wait: true });
  }
}

/** After a test of the daily refresh: no lease held, no daily-refresh job left, every figure as of TODAY. */
export async function resetDailyRefresh(): Promise<void> {
  await testDb().$executeRaw`UPDATE daily_refreshes SET running_as_of = NULL, running_since = NULL, running_token = NULL, running_renewed_at = NULL`;
  await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'daily-refresh'`;
  await refreshAllDerivedData(testDb(), TODAY);
}

/** A course row for the refresh tests, with the fields they vary (the rest as a low-dose acne course). */
export function createCourse(data: { patientId: string; dermatologistId: string; startDate: Date } & Partial<Prisma.CourseUncheckedCreateInput>) {
  return testDb().course.create({ data: { indication: "ACNE_NODULAR", regimenIntent: "LOW_DOSE", startWeightGrams: 50_000, ...data } });
}

/**
 * Back to the clinic's default settings for the other test files: every version a user saved removed
 * (the reference data's defaults, saved by no one, stay), no recompute left waiting, and the derived
 * data recomputed as of TODAY. Saving the defaults again instead would leave a version in force today,
 * which later files' daily refresh would rightly read as a settings change.
 */
export async function restoreDefaultSettings(): Promise<void> {
  await testDb().clinicConfig.deleteMany({ where: { createdById: { not: null } } });
  await deliverQueuedJobs("settings-recompute");
  await refreshAllDerivedData(testDb(), TODAY);
}

/** A settings form as the page sends it now: opened at the latest saved version of its kind (0: none saved). */
export async function settingsForm(fields: Record<string, string>): Promise<FormData> {
  const kind = fields.kind as ConfigKind;
  const latest = await testDb().clinicConfig.findFirst({ where: { kind }, orderBy: { version: "desc" }, select: { version: true } });
  return form({ version: String(latest?.version ?? 0), ...fields });
}
