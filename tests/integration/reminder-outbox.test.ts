import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { listRecentJobs } from "@/lib/data/jobs";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { startCourseFor } from "./course-fixture";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs } from "./jobs-helpers";
import { clearQueuedReminders } from "./reminder-reset";

/**
 * Reminders written to the outbox folder (no SMTP_URL): a folder the server cannot write (a path under a file,
 * no permission, a full disk) is the clinic's setup, not the patient's: the reminders wait, with no attempt
 * counted, and go out once it can be written; one run sends for a bounded time and leaves the rest to the next.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "isotrack-outbox-"));
  await writeFile(path.join(dir, "a-file"), "not a folder");
  delete process.env.SMTP_URL;
});
afterAll(async () => {
  await clearQueuedReminders();
  await stopJobSender();
  await rm(dir, { recursive: true, force: true });
  delete process.env.OUTBOX_DIR;
});
beforeEach(clearQueuedReminders);

async function queueEmails(n: number): Promise<string[]> {
  actAs(await makeUser("DERMATOLOGIST"));
  const patients = [];
  for (let i = 0; i < n; i++) {
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
    patients.push(await testDb().patient.update({ where: { id: p.id }, data: { email: `p-${randomUUID().slice(0, 8)}@example.test`, phone: null } }));
  }
  actAs(await makeUser("STAFF"));
  expect(await sendRemindersAction(IDLE, form({ patientId: patients.map((p) => p.id), channel: "EMAIL" }))).toMatchObject({ status: "ok" });
  return patients.map((p) => p.id);
}
const rowsOf = (patientIds: string[]) =>
  testDb().reminder.findMany({ where: { patientId: { in: patientIds } }, select: { id: true, status: true, attempts: true, failureReason: true } });

describe("reminders written to the outbox folder", () => {
  it("wait, with no attempt counted, while the folder cannot be written, the job failing with the reason; then each goes out once", async () => {
    const patientIds = await queueEmails(2);
    process.env.OUTBOX_DIR = path.join(dir, "a-file", "outbox");
    const reason =
      "The outbox folder (OUTBOX_DIR) could not be written (ENOTDIR: its path is not a folder); the reminders wait and go out once it can be written.";
    await expect(deliverQueuedJobs("reminders-dispatch")).rejects.toThrow(`${reason} 0 sent, 0 failed, 2 waiting for the next attempt.`);
    expect((await rowsOf(patientIds)).map((r) => [r.status, r.attempts, r.failureReason])).toEqual([
      ["QUEUED", 0, null],
      ["QUEUED", 0, null],
    ]);
    const [listed] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "reminders-dispatch");
    expect(listed).toMatchObject({ state: "retry", outcome: expect.stringContaining(reason) });

    // The folder fixed and the retry's delay passed (moved forward here rather than waited for).
    const outbox = path.join(dir, "outbox");
    process.env.OUTBOX_DIR = outbox;
    await testDb().$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE name = 'reminders-dispatch' AND state = 'retry'`;
    expect(await deliverQueuedJobs("reminders-dispatch")).toEqual([{ sent: 2, failed: 0, interrupted: 0 }]);
    const rows = await rowsOf(patientIds);
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ["SENT", 1],
      ["SENT", 1],
    ]);
    // One whole file per reminder, nothing half-written beside them.
    expect((await readdir(outbox)).sort()).toEqual(rows.map((r) => `email-${r.id}.eml`).sort());
  });

  it("a run stops sending once its time is spent, leaving the rest queued, uncounted, for the next run", async () => {
    const patientIds = await queueEmails(3);
    const sent: string[] = [];
    const email = { send: async ({ to }: { to: string }) => void sent.push(to) };
    const run = () =>
      dispatchQueuedReminders({ email, sms: { name: "none", send: async () => {} }, clinic: { clinicName: "C", clinicPhone: "1" }, budgetMs: 0 });
    // No time at all: one message per run, so that every run makes progress.
    expect(await run()).toEqual({ sent: 1, failed: 0, interrupted: 0, continued: true });
    expect((await rowsOf(patientIds)).map((r) => [r.status, r.attempts]).sort()).toEqual([
      ["QUEUED", 0],
      ["QUEUED", 0],
      ["SENT", 1],
    ]);
    expect(await run()).toEqual({ sent: 1, failed: 0, interrupted: 0, continued: true });
    expect(await run()).toEqual({ sent: 1, failed: 0, interrupted: 0 });
    expect(await run()).toEqual({ sent: 0, failed: 0, interrupted: 0 });
    expect(new Set(sent).size).toBe(3);
    expect((await rowsOf(patientIds)).map((r) => [r.status, r.attempts])).toEqual([0, 1, 2].map(() => ["SENT", 1]));
  });
});
