import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { jobBadge } from "@/app/(portal)/admin/jobs/job-badge";
import { addOutreachNoteAction, recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { listRecentJobs } from "@/lib/data/jobs";
import { NOTHING_DUE } from "@/lib/data/queue-reminders";
import { MAX_DELIVERY_ATTEMPTS } from "@/lib/data/reminder-delivery";
import { getPatientWorklist } from "@/lib/data/worklist";
import { addDays } from "@/lib/domain/dates";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, form, makePatient, makeUser, storedItem, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs } from "./jobs-helpers";
import { TestSmtpServer } from "./smtp-test-server";
import { clearQueuedReminders, endReminderFile } from "./reminder-reset";

/**
 * Patient reminders: what a mail server's answers mean for one reminder, its batch and the run; which
 * patients a reminder is queued and sent for; what counts as the last contact; and how a run shows on
 * /admin/jobs. Then concurrent sends, the bulk limit and the outreach note's audit row.
 */

const smtp = new TestSmtpServer();
let smtpUrl: string;

beforeAll(async () => {
  smtpUrl = await smtp.start();
  process.env.CLINIC_NAME = "Riverside Dermatology";
  process.env.CLINIC_PHONE = "(555) 010-0199";
});
afterAll(async () => {
  // Nothing of this file left for another file's dispatch run.
  await endReminderFile(smtp);
});
beforeEach(async () => {
  process.env.SMTP_URL = smtpUrl;
  smtp.refuseRecipients = false;
  smtp.dropAfterData = false;
  smtp.received.length = 0;
  // Each test starts with no reminder waiting from an earlier test or file.
  await clearQueuedReminders();
});

const address = () => `p-${randomUUID().slice(0, 8)}@example.test`;

/**
 * A patient with an email address and a course started 20 days ago without its baseline labs: the baseline
 * liver and lipid items are overdue, so the patient is on the worklist (whatever a reminder is checked against).
 */
async function patientOnWorklist(email = address()) {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
  return testDb().patient.update({ where: { id: p.id }, data: { email, phone: null } });
}

async function queueEmail(patientIds: string[]) {
  actAs(await makeUser("STAFF"));
  return sendRemindersAction(IDLE, form({ patientId: patientIds, channel: "EMAIL" }));
}

const reminderOf = (patientId: string) => testDb().reminder.findFirstOrThrow({ where: { patientId }, orderBy: { createdAt: "desc" } });

describe("reminder delivery: what the mail server's answers mean", () => {
  it("sends the other patients' reminders when the mail server defers one recipient (452 to RCPT TO): they are neither held back nor failed after the attempts run out", async () => {
    const full = address();
    const server = new TestSmtpServer();
    server.deferRecipients.add(full);
    process.env.SMTP_URL = await server.start();
    const received = () => server.received.flatMap((m) => m.to);
    try {
      // The patient whose mailbox is full was queued first, so their reminder heads every batch.
      const blocked = await patientOnWorklist(full);
      expect(await queueEmail([blocked.id])).toMatchObject({ status: "ok" });
      const others = [await patientOnWorklist(), await patientOnWorklist()];
      expect(await queueEmail(others.map((p) => p.id))).toMatchObject({ status: "ok", message: "2 reminder emails queued." });

      // The first run sends the other two and completes; the deferred one waits for a later run, tried once.
      expect(await dispatchQueuedReminders()).toEqual({ sent: 2, failed: 0, interrupted: 0 });
      for (const p of others) expect(await reminderOf(p.id)).toMatchObject({ status: "SENT", failureReason: null, attempts: 1 });
      expect(received().sort()).toEqual(others.map((p) => p.email!).sort());
      expect(await reminderOf(blocked.id)).toMatchObject({ status: "QUEUED", attempts: 1, failureReason: null });

      // Later runs (the schedule's) try it once each, and the last attempt records it as failed, with the reason.
      for (let run = 1; run < MAX_DELIVERY_ATTEMPTS; run++) await dispatchQueuedReminders();
      expect(await reminderOf(blocked.id)).toMatchObject({
        status: "FAILED",
        attempts: MAX_DELIVERY_ATTEMPTS,
        failureReason: "Not sent after 6 attempts: The mail server could not take the message for now (SMTP 452, EENVELOPE).",
      });
      expect(received()).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });

  it("leaves the reminders queued and fails the run (for the administrators to see) when the mail server refuses the clinic's login: no patient's message was refused", async () => {
    const server = new TestSmtpServer();
    server.refuseLogins = true;
    process.env.SMTP_URL = (await server.start()).replace("smtp://", "smtp://clinic:wrong-password@");
    try {
      await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'reminders-dispatch'`;
      const patients = [await patientOnWorklist(), await patientOnWorklist()];
      expect(await queueEmail(patients.map((p) => p.id))).toMatchObject({ status: "ok", message: "2 reminder emails queued." });

      // Nothing can be sent until the password is corrected: the run fails, as it does when the server is unreachable.
      await expect(deliverQueuedJobs("reminders-dispatch")).rejects.toThrow(
        "The mail server refused the clinic's connection (SMTP 535, EAUTH); check the mail settings (SMTP_URL). 0 sent, 0 failed, 2 waiting for the next attempt.",
      );
      expect(server.received).toEqual([]);
      // No attempt counted: the patients' addresses were never tried.
      for (const p of patients) expect(await reminderOf(p.id)).toMatchObject({ status: "QUEUED", failureReason: null, attempts: 0 });
      const [listed] = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "reminders-dispatch");
      expect(listed).toMatchObject({ state: "retry", outcome: expect.stringContaining("EAUTH") });
      for (const p of patients) expect(listed!.outcome).not.toContain(p.email);

      // Once the settings are right, they go out at the first attempt.
      process.env.SMTP_URL = smtpUrl;
      expect(await dispatchQueuedReminders()).toEqual({ sent: 2, failed: 0, interrupted: 0 });
      for (const p of patients) expect(await reminderOf(p.id)).toMatchObject({ status: "SENT", attempts: 1 });
    } finally {
      await server.stop();
    }
  });

  it("tells staff a reminder may have reached the patient when the mail server took the whole message and then dropped the connection, rather than that it could not be delivered", async () => {
    const p = await patientOnWorklist();
    expect(await queueEmail([p.id])).toMatchObject({ status: "ok" });
    smtp.dropAfterData = true;
    await dispatchQueuedReminders().catch(() => undefined);
    // The server has the message: the patient may well read it.
    expect(smtp.received.map((m) => m.to)).toEqual([[p.email]]);
    const row = await reminderOf(p.id);
    expect(row.status).toBe("FAILED");
    expect(row.failureReason).toMatch(/may (have been|well have been) delivered|may have gone out/i);
  });
});

describe("which patients a reminder is queued and sent for", () => {
  it("refuses a second reminder on a channel within 24 hours of the first going out, even when the first was queued more than a day before it was sent", async () => {
    const p = await patientOnWorklist();
    const staff = await makeUser("STAFF");
    // Queued 26 hours ago while no worker ran; sent an hour ago when one started again.
    const now = Date.now();
    await testDb().reminder.create({
      data: {
        patientId: p.id,
        channel: "EMAIL",
        recipient: p.email!,
        createdById: staff.id,
        createdAt: new Date(now - 26 * 3600_000),
        status: "SENT",
        attempts: 1,
        claimedAt: new Date(now - 3600_000),
        finishedAt: new Date(now - 3600_000),
      },
    });
    expect(await queueEmail([p.id])).toMatchObject({
      status: "error",
      outcomes: [{ patientId: p.id, ok: false, message: "A reminder email was sent to this patient in the last 24 hours." }],
    });
    expect(await testDb().reminder.count({ where: { patientId: p.id } })).toBe(1);

    // Sent 25 hours ago: another may go.
    await testDb().reminder.updateMany({ where: { patientId: p.id }, data: { finishedAt: new Date(now - 25 * 3600_000) } });
    expect(await queueEmail([p.id])).toMatchObject({ status: "ok" });
  });

  it("refuses a reminder for a patient with no open monitoring item (not on the worklist: nothing to contact the clinic about)", async () => {
    const p = await testDb().patient.update({ where: { id: (await makePatient()).id }, data: { email: address() } });
    expect((await getPatientMonitoring(CLINICIAN, p.id, TODAY)).filter((i) => ["DUE_SOON", "DUE", "OVERDUE"].includes(i.status))).toEqual([]);
    const state = await queueEmail([p.id]);
    expect(state).toMatchObject({ status: "error", outcomes: [{ patientId: p.id, ok: false, message: NOTHING_DUE }] });
    expect(await testDb().reminder.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("does not send a queued reminder once every item the patient was reminded about was completed before the job ran", async () => {
    const p = await patientOnWorklist();
    expect(await queueEmail([p.id])).toMatchObject({ status: "ok" });
    // The missing baseline labs arrive before the reminder goes out: nothing is open any more.
    actAs(await makeUser("NURSE"));
    const tests = await testDb().labTest.findMany({ where: { code: { in: ["1742-6", "1920-8", "2571-8", "2093-3"] } } });
    const values: Record<string, string> = { "1742-6": "20", "1920-8": "22", "2571-8": "90", "2093-3": "170" };
    const fields: Record<string, string> = { patientId: p.id, submissionId: randomUUID(), specimenDate: addDays(TODAY, -1) };
    for (const t of tests) fields[`value:${t.id}`] = values[t.code]!;
    expect(await recordLabPanelAction(IDLE, form(fields))).toMatchObject({ status: "ok" });
    const open = (await getPatientMonitoring(CLINICIAN, p.id, TODAY)).filter((i) => ["DUE_SOON", "DUE", "OVERDUE"].includes(i.status));
    expect(open).toEqual([]);

    await dispatchQueuedReminders();
    expect(smtp.received.flatMap((m) => m.to)).not.toContain(p.email);
    const row = await reminderOf(p.id);
    expect(row).toMatchObject({ status: "FAILED", failureReason: "Not sent: nothing is due any more." });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "monitoring.reminder_failed", entityId: row.id } });
    expect(audit).toMatchObject({ actorId: null, patientId: p.id, changes: { channel: "EMAIL", reason: "Not sent: nothing is due any more." } });
  });
});

describe("the last contact and the jobs page", () => {
  it("does not count a reminder that was never sent (refused at send time for a do-not-contact choice) as the patient's last contact on the worklist", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const staff = await makeUser("STAFF");
    const p = await testDb().patient.update({ where: { id: (await makePatient()).id }, data: { email: address(), primaryClinicianId: derm.id } });
    await testDb().monitoringItemRow.create({ data: storedItem(p.id, "k1", "2026-11-01") });
    // Queued, then the patient asked not to be emailed before it went out: it was never sent.
    const at = new Date(Date.now() - 3600_000);
    await testDb().reminder.create({
      data: {
        patientId: p.id,
        channel: "EMAIL",
        recipient: p.email!,
        createdById: staff.id,
        createdAt: at,
        status: "FAILED",
        failureReason: "Not sent: Patient asked not to be emailed.",
        attempts: 1,
        claimedAt: at,
        finishedAt: at,
      },
    });
    const { rows } = await getPatientWorklist({ role: "STAFF" }, TODAY, { sort: "contact", dir: "asc", page: 1, clinicianId: derm.id }, 25);
    expect(rows.map((r) => [r.patientId, r.lastContactAt])).toEqual([[p.id, null]]);

    // A reminder queued two days ago and sent an hour ago: the patient was last contacted an hour ago.
    const queuedAt = new Date("2026-11-21T06:00:00.000Z");
    const sentAt = new Date("2026-11-23T05:00:00.000Z");
    await testDb().reminder.create({
      data: {
        patientId: p.id,
        channel: "SMS",
        recipient: "5552010001",
        createdById: staff.id,
        createdAt: queuedAt,
        status: "SENT",
        attempts: 1,
        claimedAt: sentAt,
        finishedAt: sentAt,
      },
    });
    for (const sort of ["contact", "due"] as const) {
      const page = await getPatientWorklist({ role: "STAFF" }, TODAY, { sort, dir: "asc", page: 1, clinicianId: derm.id }, 25);
      expect(page.rows.map((r) => [r.patientId, r.lastContactAt])).toEqual([[p.id, "2026-11-23T05:00:00.000Z"]]);
    }
  });

  it("shows a reminders run that recorded some as not sent as completed with failures, not as a plain success", async () => {
    await testDb().$executeRaw`DELETE FROM pgboss.job WHERE name = 'reminders-dispatch'`;
    const refused = await patientOnWorklist();
    expect(await queueEmail([refused.id])).toMatchObject({ status: "ok" });
    smtp.refuseRecipients = true;
    expect(await deliverQueuedJobs("reminders-dispatch")).toEqual([{ sent: 0, failed: 1, interrupted: 0 }]);
    smtp.refuseRecipients = false;
    const sent = await patientOnWorklist();
    expect(await queueEmail([sent.id])).toMatchObject({ status: "ok" });
    expect(await deliverQueuedJobs("reminders-dispatch")).toEqual([{ sent: 1, failed: 0, interrupted: 0 }]);

    const listed = (await listRecentJobs(await makeUser("ADMIN"))).filter((j) => j.name === "reminders-dispatch");
    expect(listed.map((j) => jobBadge(j))).toEqual([
      { label: "Completed", style: "bg-emerald-100 text-emerald-900" },
      { label: "Completed, 1 not sent", style: "bg-amber-100 text-amber-900" },
    ]);
  });
});

describe("concurrent sends, the bulk limit and outreach notes", () => {
  it("two sends to the same patient at the same moment (a bulk send and the row's button) queue one reminder", async () => {
    const p = await patientOnWorklist();
    const other = await patientOnWorklist();
    actAs(await makeUser("STAFF"));
    const [bulk, single] = await Promise.all([
      sendRemindersAction(IDLE, form({ patientId: [other.id, p.id], channel: "EMAIL" })),
      sendRemindersAction(IDLE, form({ patientId: p.id, channel: "EMAIL" })),
    ]);
    const forP = [bulk, single].flatMap((s) => (s.status === "ok" || s.status === "error" ? (s.outcomes ?? []) : [])).filter((o) => o.patientId === p.id);
    expect(forP.map((o) => o.ok).sort()).toEqual([false, true]);
    expect(await testDb().reminder.count({ where: { patientId: p.id } })).toBe(1);
    expect(await testDb().auditEvent.count({ where: { action: "monitoring.reminder", patientId: p.id } })).toBe(1);
  });

  it("a bulk send of more than 50 patients is refused whole, and nothing is queued", async () => {
    const p = await patientOnWorklist();
    const ids = [p.id, ...Array.from({ length: 50 }, () => randomUUID())];
    const before = await testDb().reminder.count();
    expect(await queueEmail(ids)).toMatchObject({ status: "error", fieldErrors: { patientId: ["Select at most 50 patients at a time."] } });
    expect(await testDb().reminder.count()).toBe(before);
  });

  it("an outreach note is written with its audit row (who, which item, the outcome; not the note's text)", async () => {
    const p = await patientOnWorklist();
    const item = (await getPatientMonitoring(CLINICIAN, p.id, TODAY)).find((i) => i.kind === "BASELINE_LIPIDS")!;
    const staff = await makeUser("STAFF");
    actAs(staff);
    expect(await addOutreachNoteAction(IDLE, form({ patientId: p.id, itemKey: item.key, outcome: "LEFT_MESSAGE", note: "Left a voicemail" }))).toMatchObject({
      status: "ok",
    });
    const note = await testDb().outreachNote.findFirstOrThrow({ where: { patientId: p.id } });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "monitoring.outreach", entityId: note.id } });
    expect(audit).toMatchObject({ actorId: staff.id, patientId: p.id, changes: { itemKey: item.key, outcome: "LEFT_MESSAGE" } });
    expect(JSON.stringify(audit.changes)).not.toContain("voicemail");
  });
});
