import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { listRecentJobs } from "@/lib/data/jobs";
import { claimQueuedReminders, INTERRUPTED_REASON } from "@/lib/data/reminder-delivery";
import { createBoss } from "@/lib/jobs/boss";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { startCourseFor } from "./course-fixture";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs } from "./jobs-helpers";
import { clearQueuedReminders } from "./reminder-reset";

/**
 * A server stopped while its reminders run was sending: its job stays marked running, holding the reminders
 * queue, until pg-boss's expiry, and its reminder stays "being sent". Five minutes on, the job is given up and
 * the next run closes that reminder as interrupted (it may have gone out: never sent again) and sends the rest.
 */
let outbox: string;
beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "isotrack-outbox-"));
  process.env.OUTBOX_DIR = outbox;
  delete process.env.SMTP_URL;
  await clearQueuedReminders();
});
afterAll(async () => {
  await clearQueuedReminders();
  await stopJobSender();
  await rm(outbox, { recursive: true, force: true });
  delete process.env.OUTBOX_DIR;
});

async function queueEmails(n: number): Promise<string[]> {
  actAs(await makeUser("DERMATOLOGIST"));
  const ids = [];
  for (let i = 0; i < n; i++) {
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
    await testDb().patient.update({ where: { id: p.id }, data: { email: `p-${randomUUID().slice(0, 8)}@example.test`, phone: null } });
    ids.push(p.id);
  }
  actAs(await makeUser("STAFF"));
  expect(await sendRemindersAction(IDLE, form({ patientId: ids, channel: "EMAIL" }))).toMatchObject({ status: "ok" });
  return ids;
}

describe("a reminders run whose server stopped mid-send", () => {
  it("holds the queue five minutes at most; the next run closes its reminder as interrupted, never sending it twice", async () => {
    const [stopped] = await queueEmails(1);
    // The stopped server's run: its job taken, its one reminder claimed, then nothing more, for 5 minutes and 1 second.
    const boss = createBoss(process.env.DATABASE_URL!, "sender");
    await boss.start();
    try {
      const [job] = await boss.fetch("reminders-dispatch");
      expect(await claimQueuedReminders(20)).toHaveLength(1);
      await testDb().$executeRaw`UPDATE pgboss.job SET started_on = now() - interval '301 seconds' WHERE id = ${job!.id}::uuid`;
      await testDb().$executeRaw`UPDATE reminders SET claimed_at = now() - interval '301 seconds' WHERE status = 'SENDING' AND patient_id = ${stopped}::uuid`;
      const [listed] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.id === job!.id);
      expect(listed!.note).toMatch(/the server running it may have stopped/);
      // pg-boss's maintenance (every two minutes in a worker) gives the job up: its expiry has passed.
      await boss.expire();
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    const others = await queueEmails(2);
    await testDb().$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'reminders-dispatch' AND state = 'retry'`;
    const outputs = await deliverQueuedJobs("reminders-dispatch");
    expect(outputs[0]).toEqual({ sent: 2, failed: 0, interrupted: 1 });
    const rows = await testDb().reminder.findMany({
      where: { patientId: { in: [stopped!, ...others] } },
      select: { patientId: true, status: true, failureReason: true },
    });
    expect(rows.find((r) => r.patientId === stopped)).toMatchObject({ status: "FAILED", failureReason: INTERRUPTED_REASON });
    expect(rows.filter((r) => r.patientId !== stopped).map((r) => r.status)).toEqual(["SENT", "SENT"]);
    expect(await readdir(outbox)).toHaveLength(2);
  });
});
