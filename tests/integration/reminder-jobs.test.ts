import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { listRecentJobs } from "@/lib/data/jobs";
import { MAX_DELIVERY_ATTEMPTS } from "@/lib/data/reminder-delivery";
import { createBoss } from "@/lib/jobs/boss";
import { enqueueJob, stopJobSender } from "@/lib/jobs/enqueue";
import { runJob } from "@/lib/jobs/worker";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { startCourseFor } from "./course-fixture";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs } from "./jobs-helpers";
import { TestSmtpServer } from "./smtp-test-server";
import { clearQueuedReminders } from "./reminder-reset";

/**
 * Reminders are sent by the `reminders-dispatch` job: queued by the worklist's action, and by a schedule
 * every few minutes. Delivered twice, a job sends nothing twice; a mail server that cannot be reached
 * leaves the reminders queued and the job retried, and they go out once it answers again.
 */
const smtp = new TestSmtpServer();
let smtpUrl: string;
/** Nothing listens on port 1: connecting is refused before anything is sent. */
const UNREACHABLE = "smtp://127.0.0.1:1";

beforeAll(async () => {
  smtpUrl = await smtp.start();
  process.env.CLINIC_NAME = "Riverside Dermatology";
});
afterAll(async () => {
  await stopJobSender();
  await smtp.stop();
  delete process.env.SMTP_URL;
});
beforeEach(async () => {
  process.env.SMTP_URL = smtpUrl;
  smtp.received.length = 0;
  // Each test starts with no reminder waiting and no dispatch job from an earlier file.
  await clearQueuedReminders();
});

const emails = (n: number) => Array.from({ length: n }, () => `p-${randomUUID().slice(0, 8)}@example.test`);
async function queueFor(addresses: string[]) {
  // Each with something open (a course awaiting its baseline labs): a reminder is for a patient with something due.
  actAs(await makeUser("DERMATOLOGIST"));
  const patients = [];
  for (const email of addresses) {
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
    patients.push(await testDb().patient.update({ where: { id: p.id }, data: { email, phone: null } }));
  }
  actAs(await makeUser("STAFF"));
  const n = addresses.length;
  expect(await sendRemindersAction(IDLE, form({ patientId: patients.map((p) => p.id), channel: "EMAIL" }))).toMatchObject({
    status: "ok",
    message: `${n} ${n === 1 ? "reminder email" : "reminder emails"} queued.`,
  });
  return patients.map((p) => p.id);
}
const jobs = () =>
  testDb().$queryRaw<{ state: string; retry_limit: number; retry_backoff: boolean }[]>`
    SELECT state::text, retry_limit, retry_backoff FROM pgboss.job WHERE name = 'reminders-dispatch' ORDER BY created_on`;
const rowsOf = (patientIds: string[]) =>
  testDb().reminder.findMany({ where: { patientId: { in: patientIds } }, select: { status: true, attempts: true, failureReason: true } });

describe("reminders sent by the job queue", () => {
  it("a job delivered twice sends one message per patient; the schedule's next run finds nothing and is not listed", async () => {
    const addresses = emails(3);
    const patientIds = await queueFor(addresses);
    expect(smtp.received).toEqual([]);
    expect((await jobs()).map((j) => [j.state, j.retry_limit, j.retry_backoff])).toEqual([["created", 6, true]]);

    // pg-boss hands the same job out again (a worker stopped before completing it): run it twice.
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      const [job] = await boss.fetch<object>("reminders-dispatch");
      expect([await runJob("reminders-dispatch", job!), await runJob("reminders-dispatch", job!)]).toEqual([
        { sent: 3, failed: 0, interrupted: 0 },
        { sent: 0, failed: 0, interrupted: 0 },
      ]);
      await boss.complete("reminders-dispatch", job!.id, { sent: 3, failed: 0, interrupted: 0 });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    expect(smtp.received.map((m) => m.to)).toEqual(expect.arrayContaining(addresses.map((a) => [a])));
    expect(smtp.received).toHaveLength(3);
    expect(await rowsOf(patientIds)).toEqual(Array.from({ length: 3 }, () => ({ status: "SENT", attempts: 1, failureReason: null })));
    expect(await testDb().auditEvent.count({ where: { action: "monitoring.reminder_sent", patientId: { in: patientIds } } })).toBe(3);

    // The 5-minute schedule queues the job again: nothing is left to send.
    expect(await enqueueJob("reminders-dispatch")).not.toBeNull();
    expect(await deliverQueuedJobs("reminders-dispatch")).toEqual([{ sent: 0, failed: 0, interrupted: 0 }]);
    expect(smtp.received).toHaveLength(3);
    const listed = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "reminders-dispatch");
    expect(listed.map((j) => [j.state, j.outcome])).toEqual([["completed", "sent: 3, failed: 0, interrupted: 0"]]);
  });

  it("an unreachable mail server leaves the reminders queued and the job retried; they go out once it answers", async () => {
    const addresses = emails(2);
    const patientIds = await queueFor(addresses);
    process.env.SMTP_URL = UNREACHABLE;
    await expect(deliverQueuedJobs("reminders-dispatch")).rejects.toThrow(
      "The message could not be delivered (ESOCKET). 0 sent, 0 failed, 2 waiting for the next attempt.",
    );
    expect(await rowsOf(patientIds)).toEqual(Array.from({ length: 2 }, () => ({ status: "QUEUED", attempts: 1, failureReason: null })));
    expect((await jobs()).map((j) => j.state)).toEqual(["retry"]);
    const [listed] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "reminders-dispatch");
    expect(listed).toMatchObject({ state: "retry", attempts: 1, retryLimit: 6, outcome: expect.stringContaining("2 waiting for the next attempt") });
    for (const a of addresses) expect(listed!.outcome).not.toContain(a);

    // The server answers again and the retry's delay has passed (moved forward here rather than waited for).
    process.env.SMTP_URL = smtpUrl;
    await testDb().$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'reminders-dispatch' AND state = 'retry'`;
    expect(await deliverQueuedJobs("reminders-dispatch")).toEqual([{ sent: 2, failed: 0, interrupted: 0 }]);
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual([...addresses].sort());
    expect(await rowsOf(patientIds)).toEqual(Array.from({ length: 2 }, () => ({ status: "SENT", attempts: 2, failureReason: null })));
  });

  it(`records a reminder as failed after ${MAX_DELIVERY_ATTEMPTS} attempts rather than retrying it forever`, async () => {
    const [patientId] = await queueFor(emails(1));
    await testDb().reminder.updateMany({ where: { patientId }, data: { attempts: MAX_DELIVERY_ATTEMPTS - 1 } });
    process.env.SMTP_URL = UNREACHABLE;
    await expect(dispatchQueuedReminders()).rejects.toThrow("0 sent, 1 failed, 0 waiting for the next attempt.");
    expect(await rowsOf([patientId!])).toEqual([
      { status: "FAILED", attempts: MAX_DELIVERY_ATTEMPTS, failureReason: "Not sent after 6 attempts: The message could not be delivered (ESOCKET)." },
    ]);
    expect(await testDb().auditEvent.count({ where: { action: "monitoring.reminder_failed", patientId } })).toBe(1);
    expect(smtp.received).toEqual([]);
  });
});
