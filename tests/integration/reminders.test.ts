import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { sendRemindersAction, setContactPreferencesAction } from "@/app/(portal)/monitoring/actions";
import { updatePatientAction } from "@/app/(portal)/patients/actions";
import { setContactPreferences } from "@/lib/data/contact-preferences";
import { closeInterruptedReminders, INTERRUPTED_AFTER_MS, INTERRUPTED_REASON } from "@/lib/data/reminder-delivery";
import { getPatientWorklist } from "@/lib/data/worklist";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { startCourseFor } from "./course-fixture";
import { actAs, callAction, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs } from "./jobs-helpers";
import { TestSmtpServer } from "./smtp-test-server";

const smtp = new TestSmtpServer();
let outbox: string;

beforeAll(async () => {
  process.env.SMTP_URL = await smtp.start();
  outbox = await mkdtemp(path.join(tmpdir(), "isotrack-outbox-"));
  process.env.OUTBOX_DIR = outbox;
  process.env.CLINIC_NAME = "Riverside Dermatology";
  process.env.CLINIC_PHONE = "(555) 010-0199";
});
afterAll(async () => {
  await stopJobSender();
  await smtp.stop();
  await rm(outbox, { recursive: true, force: true });
  delete process.env.SMTP_URL;
  delete process.env.OUTBOX_DIR;
});
beforeEach(() => {
  smtp.refuseRecipients = false;
  smtp.dropAfterData = false;
  smtp.received.length = 0;
});

type Contact = { email?: string | null; phone?: string | null; doNotEmail?: boolean; doNotText?: boolean };

async function patientWith(contact: Contact) {
  const p = await makePatient();
  return testDb().patient.update({ where: { id: p.id }, data: { email: null, phone: null, ...contact } });
}

/**
 * A patient with these contact details and something to be reminded of: a course started 20 days ago
 * without its baseline labs, so the baseline liver and lipid items are overdue (a reminder is refused, and
 * not sent, when nothing is open). Started by a new dermatologist, who stays signed in.
 */
async function patientDueWith(contact: Contact) {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
  return testDb().patient.update({ where: { id: p.id }, data: { email: null, phone: null, ...contact } });
}
const email = () => `p-${randomUUID().slice(0, 8)}@example.test`;
/** What a worker does with the reminders-dispatch jobs waiting now (lib/jobs/registry.ts). */
const runQueuedJobs = () => deliverQueuedJobs("reminders-dispatch");

/** Email reminders queued by office staff (signed in after) for `count` new patients with addresses. */
async function queuedEmailReminders(count: number) {
  const staff = await makeUser("STAFF");
  const patients = [];
  for (let i = 0; i < count; i++) patients.push(await patientDueWith({ email: email() }));
  actAs(staff);
  expect(await sendRemindersAction(IDLE, form({ patientId: patients.map((p) => p.id), channel: "EMAIL" }))).toMatchObject({
    message: `${count} reminder email${count === 1 ? "" : "s"} queued.`,
  });
  return { staff, patients };
}

/**
 * One dispatch run with a sender that records the addresses these patients' messages went to (other tests'
 * reminders are ignored), calling `during` while each message is being sent, before it counts as sent.
 */
async function dispatchRecording(patients: { email: string | null }[], during: (to: string, sent: readonly string[]) => Promise<void>) {
  const addresses = new Set(patients.map((p) => p.email));
  const sent: string[] = [];
  const sender = {
    async send({ to }: { to: string }) {
      if (!addresses.has(to)) return;
      await during(to, sent);
      sent.push(to);
    },
  };
  await dispatchQueuedReminders({ email: sender, sms: { name: "none", send: async () => {} }, clinic: { clinicName: "C", clinicPhone: "1" }, batchSize: 20 });
  return sent;
}

describe("reminders", () => {
  it("are queued by the action with their audit rows, then sent by the job it queues through a real SMTP server", async () => {
    const staff = await makeUser("STAFF");
    const address = email();
    const p = await patientDueWith({ email: address });
    actAs(staff);
    const state = await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "EMAIL" }));
    expect(state).toEqual({
      status: "ok",
      message: "1 reminder email queued.",
      outcomes: [{ patientId: p.id, ok: true, message: "Reminder email queued, not sent yet." }],
    });
    const [queued] = await testDb().reminder.findMany({ where: { patientId: p.id } });
    expect(queued).toMatchObject({ status: "QUEUED", channel: "EMAIL", recipient: address, createdById: staff.id, attempts: 0 });
    expect(await testDb().auditEvent.count({ where: { action: "monitoring.reminder", entityId: queued!.id, patientId: p.id, actorId: staff.id } })).toBe(1);
    // Nothing is sent on the request path: a job waits for the worker.
    expect(smtp.received).toEqual([]);
    expect(await runQueuedJobs()).toEqual([{ sent: 1, failed: 0, interrupted: 0 }]);
    expect(await testDb().reminder.findUniqueOrThrow({ where: { id: queued!.id } })).toMatchObject({ status: "SENT", attempts: 1, failureReason: null });
    expect(smtp.received.map((m) => m.to)).toEqual([[address]]);
    const raw = smtp.received[0]!.raw;
    expect(raw).toContain("\r\nSubject: Message from Riverside Dermatology\r\n");
    // The body as the patient reads it (quoted-printable soft line breaks joined).
    const body = raw.slice(raw.indexOf("\r\n\r\n") + 4).replace(/=\r\n/g, "");
    expect(body).toBe(
      "Hello,\r\n\r\nPlease contact Riverside Dermatology at (555) 010-0199 at your earliest convenience.\r\n\r\nThis is an automated message; replies to it are not read.\r\n\r\nRiverside Dermatology\r\n",
    );
    expect(await testDb().auditEvent.count({ where: { action: "monitoring.reminder_sent", entityId: queued!.id, actorId: null } })).toBe(1);
  });

  it("are each sent at most once when two dispatchers run at the same time", async () => {
    const staff = await makeUser("STAFF");
    const addresses = Array.from({ length: 8 }, email);
    const patients = [];
    for (const a of addresses) patients.push(await patientDueWith({ email: a }));
    actAs(staff);
    expect(await sendRemindersAction(IDLE, form({ patientId: patients.map((p) => p.id), channel: "EMAIL" }))).toMatchObject({
      status: "ok",
      message: "8 reminder emails queued.",
    });
    const [first, second] = await Promise.all([dispatchQueuedReminders({ batchSize: 1 }), dispatchQueuedReminders({ batchSize: 1 })]);
    expect(first.sent + second.sent).toBe(8);
    expect(first.failed + second.failed).toBe(0);
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual([...addresses].sort());
    const rows = await testDb().reminder.findMany({ where: { patientId: { in: patients.map((p) => p.id) } } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array.from({ length: 8 }, () => ["SENT", 1]));
    expect(await dispatchQueuedReminders()).toEqual({ sent: 0, failed: 0, interrupted: 0 });
    expect(smtp.received).toHaveLength(8);
  });

  it("record a refusal by the mail server as FAILED, with a reason that does not quote the address", async () => {
    const address = email();
    const p = await patientDueWith({ email: address });
    actAs(await makeUser("STAFF"));
    await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "EMAIL" }));
    smtp.refuseRecipients = true;
    await runQueuedJobs();
    const row = await testDb().reminder.findFirstOrThrow({ where: { patientId: p.id } });
    expect(row.status).toBe("FAILED");
    expect(row.failureReason).toMatch(/^The mail server refused the message \(SMTP 550(, [A-Z]+)?\)\.$/);
    expect(smtp.received).toEqual([]);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "monitoring.reminder_failed", entityId: row.id } });
    expect(JSON.stringify(audit.changes)).not.toContain(address);
    // A failure does not block a new attempt.
    smtp.refuseRecipients = false;
    expect(await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "EMAIL" }))).toMatchObject({ status: "ok" });
    await runQueuedJobs();
    expect(smtp.received.map((m) => m.to)).toEqual([[address]]);
  });

  it("are never sent twice when the mail server drops the connection after taking the message", async () => {
    const address = email();
    const p = await patientDueWith({ email: address });
    actAs(await makeUser("STAFF"));
    await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "EMAIL" }));
    smtp.dropAfterData = true;
    await runQueuedJobs().catch(() => null);
    expect(smtp.received.map((m) => m.to)).toEqual([[address]]);
    // It may have been delivered: closed as failed, with the reason, rather than queued again.
    expect(await testDb().reminder.findFirstOrThrow({ where: { patientId: p.id } })).toMatchObject({
      status: "FAILED",
      attempts: 1,
      failureReason: "Sending was interrupted (ECONNECTION); the message may have been delivered. Send a new reminder if needed.",
    });
    smtp.dropAfterData = false;
    await dispatchQueuedReminders();
    expect(smtp.received.map((m) => m.to)).toEqual([[address]]);
  });

  it("refuse a do-not-contact channel or a missing address per patient, and queue the rest", async () => {
    const staff = await makeUser("STAFF");
    const ok = await patientDueWith({ email: email(), phone: "(201) 555-0188" });
    const optedOut = await patientDueWith({ email: email(), doNotEmail: true });
    const noEmail = await patientDueWith({ phone: "(201) 555-0189" });
    actAs(staff);
    const state = await sendRemindersAction(IDLE, form({ patientId: [ok.id, optedOut.id, noEmail.id, randomUUID()], channel: "EMAIL" }));
    expect(state).toMatchObject({ status: "ok", message: "1 reminder email queued, 3 not sent." });
    expect(state.status === "ok" && state.outcomes?.slice(0, 3)).toEqual([
      { patientId: ok.id, ok: true, message: "Reminder email queued, not sent yet." },
      { patientId: optedOut.id, ok: false, message: "Patient asked not to be emailed." },
      { patientId: noEmail.id, ok: false, message: "No email address on file." },
    ]);
    expect(await testDb().reminder.count({ where: { patientId: { in: [optedOut.id, noEmail.id] } } })).toBe(0);
    // Asked twice: refused while the first waits.
    expect(await sendRemindersAction(IDLE, form({ patientId: ok.id, channel: "EMAIL" }))).toMatchObject({
      status: "error",
      message: "No reminder email queued.",
      outcomes: [{ patientId: ok.id, ok: false, message: "A reminder email is already queued for this patient and not sent yet." }],
    });
    // The patient opts out before it goes: the dispatcher checks again and does not send it.
    expect(await setContactPreferencesAction(IDLE, form({ patientId: ok.id, version: String(ok.version), doNotEmail: "on" }))).toMatchObject({
      status: "ok",
    });
    await runQueuedJobs();
    expect(smtp.received).toEqual([]);
    expect(await testDb().reminder.findFirstOrThrow({ where: { patientId: ok.id } })).toMatchObject({
      status: "FAILED",
      failureReason: "Not sent: Patient asked not to be emailed.",
    });
    const sms = await sendRemindersAction(IDLE, form({ patientId: [optedOut.id], channel: "SMS" }));
    expect(sms).toMatchObject({ status: "error", outcomes: [{ ok: false, message: "No phone number on file." }] });
  });

  it("give the worklist the reason a channel cannot be used, which the server answers with when asked anyway", async () => {
    const p = await patientDueWith({ phone: "+12015550143", doNotText: true });
    const [listed] = (await getPatientWorklist({ role: "STAFF" }, TODAY, { search: p.mrn, sort: "due", dir: "asc", page: 1 }, 25)).rows;
    // Shown beside the disabled buttons, and in the bulk selection's summary.
    expect(listed).toMatchObject({ patientId: p.id, reminderBlocked: { EMAIL: "No email address on file.", SMS: "Patient asked not to be texted." } });

    actAs(await makeUser("STAFF"));
    const refused = { SMS: "Patient asked not to be texted.", EMAIL: "No email address on file." };
    for (const [channel, message] of Object.entries(refused))
      expect(await sendRemindersAction(IDLE, form({ patientId: p.id, channel }))).toMatchObject({
        status: "error",
        outcomes: [{ patientId: p.id, ok: false, message }],
      });
    expect(await testDb().reminder.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("honour a do-not-contact choice made while the batch the reminder was claimed in is being sent", async () => {
    const { staff, patients } = await queuedEmailReminders(2);
    // The first message goes out; meanwhile the other patient asks not to be emailed.
    const sent = await dispatchRecording(patients, async (to, already) => {
      if (already.length > 0) return;
      const other = patients.find((p) => p.email !== to)!;
      await setContactPreferences(staff, other.id, { doNotEmail: true, doNotText: false, doNotCall: false }, other.version);
    });
    expect(sent).toHaveLength(1);
    const optedOut = patients.find((p) => p.email !== sent[0])!;
    expect(await testDb().reminder.findFirstOrThrow({ where: { patientId: optedOut.id } })).toMatchObject({
      status: "FAILED",
      failureReason: "Not sent: Patient asked not to be emailed.",
    });
  });

  it("send text messages through the provider interface (the outbox provider writes a file, nothing to the log)", async () => {
    // Stored as typed, before numbers were kept in E.164: texted in E.164.
    const p = await patientDueWith({ phone: "(201) 555-0145", email: email() });
    actAs(await makeUser("NURSE"));
    expect(await sendRemindersAction(IDLE, form({ patientId: p.id, channel: "SMS" }))).toMatchObject({ status: "ok" });
    await runQueuedJobs();
    const row = await testDb().reminder.findFirstOrThrow({ where: { patientId: p.id } });
    expect(row).toMatchObject({ status: "SENT", channel: "SMS", recipient: "+12015550145" });
    expect(JSON.parse(await readFile(path.join(outbox, `sms-${row.id}.json`), "utf8"))).toEqual({
      to: "+12015550145",
      body: "Riverside Dermatology: please contact the clinic at (555) 010-0199. Automated message, replies are not read.",
    });
    expect(smtp.received).toEqual([]);
  });

  it("never resend a reminder left mid-send: it is closed as interrupted", async () => {
    const staff = await makeUser("STAFF");
    const p = await patientWith({ email: email() });
    const row = await testDb().reminder.create({
      data: {
        patientId: p.id,
        channel: "EMAIL",
        recipient: "x@example.test",
        status: "SENDING",
        attempts: 1,
        claimedAt: new Date(Date.now() - 3600_000),
        createdById: staff.id,
      },
    });
    expect(await dispatchQueuedReminders()).toEqual({ sent: 0, failed: 0, interrupted: 1 });
    expect(await testDb().reminder.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: "FAILED",
      failureReason: INTERRUPTED_REASON,
      attempts: 1,
    });
    expect(smtp.received).toEqual([]);
  });

  it("are never sent once another dispatcher has closed them as interrupted, even from a batch already claimed", async () => {
    const { patients } = await queuedEmailReminders(2);
    // The first message takes past the cut-off: meanwhile another dispatcher closes the other reminder,
    // whose claim is that old, as interrupted.
    const sent = await dispatchRecording(patients, async (to, already) => {
      if (already.length > 0) return;
      const other = patients.find((p) => p.email !== to)!;
      await testDb().reminder.updateMany({ where: { patientId: other.id }, data: { claimedAt: new Date("2026-11-01T12:00:00Z") } });
      await closeInterruptedReminders(15 * 60_000);
    });
    expect(sent).toHaveLength(1);
    const first = patients.find((p) => p.email === sent[0])!;
    const other = patients.find((p) => p.email !== sent[0])!;
    expect(await testDb().reminder.findFirstOrThrow({ where: { patientId: first.id } })).toMatchObject({ status: "SENT" });
    expect(await testDb().reminder.findFirstOrThrow({ where: { patientId: other.id } })).toMatchObject({ status: "FAILED", failureReason: INTERRUPTED_REASON });
  });

  it("go back to the queue, never to interrupted, when the database fails before they are sent; the next run sends them once", async () => {
    const { patients } = await queuedEmailReminders(3);
    const ids = (await testDb().reminder.findMany({ where: { patientId: { in: patients.map((p) => p.id) } } })).map((r) => r.id);
    // A real fault after the first message went out: the application role may not read patients for a while,
    // so the contact details of the next reminder cannot be read before it is sent.
    const [{ role }] = await testDb().$queryRaw<[{ role: string }]>`SELECT current_user AS role`;
    const owner = new pg.Client({ connectionString: inject("ownerUrl") });
    await owner.connect();
    let sent: string[] = [];
    try {
      await expect(
        dispatchRecording(patients, async (to, already) => {
          if (already.length === 0) await owner.query(`REVOKE SELECT ON patients FROM "${role}"`);
          sent = [...already, to];
        }),
      ).rejects.toThrow();
    } finally {
      await owner.query(`GRANT SELECT ON patients TO "${role}"`);
      await owner.end();
    }
    expect(sent).toHaveLength(1);
    const byStatus = async () => (await testDb().reminder.findMany({ where: { id: { in: ids } }, select: { status: true } })).map((r) => r.status).sort();
    // The one sent is recorded; the two never sent wait for the next run (not left claimed, to be closed as interrupted).
    expect(await byStatus()).toEqual(["QUEUED", "QUEUED", "SENT"]);
    const again = await dispatchRecording(patients, async () => {});
    expect(again.sort()).toEqual(
      patients
        .map((p) => p.email)
        .filter((e) => e !== sent[0])
        .sort(),
    );
    expect(await byStatus()).toEqual(["SENT", "SENT", "SENT"]);
  });

  it("keep their claims while a batch takes longer than the cut-off to send: each claim is renewed before every message", async () => {
    const { patients } = await queuedEmailReminders(3);
    const ids = (await testDb().reminder.findMany({ where: { patientId: { in: patients.map((p) => p.id) } } })).map((r) => r.id);
    // Each message takes 4 minutes (every claim ages by as much: 12 minutes for the batch), and another
    // dispatcher starts during each, closing the claims it finds older than the cut-off.
    const sent = await dispatchRecording(patients, async () => {
      await testDb().$executeRaw`UPDATE reminders SET claimed_at = claimed_at - interval '4 minutes' WHERE id = ANY(${ids}::uuid[]) AND status = 'SENDING'`;
      await closeInterruptedReminders(INTERRUPTED_AFTER_MS);
    });
    expect(sent).toHaveLength(3);
    const rows = await testDb().reminder.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => [r.status, r.attempts, r.failureReason])).toEqual([0, 1, 2].map(() => ["SENT", 1, null]));
  });

  it("save do-not-contact choices with an audit row, and refuse an unknown patient", async () => {
    const p = await patientWith({ email: email() });
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: "1", doNotText: "on", doNotCall: "on" }))).toEqual({
      status: "ok",
      message: "Contact preferences saved.",
    });
    expect(await testDb().patient.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      doNotEmail: false,
      doNotText: true,
      doNotCall: true,
      version: 2,
    });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "patient.contact_preferences", patientId: p.id } });
    expect(audit).toMatchObject({ actorId: nurse.id, changes: { doNotEmail: false, doNotText: true, doNotCall: true } });
    expect(await setContactPreferencesAction(IDLE, form({ patientId: randomUUID(), version: "1" }))).toMatchObject({
      status: "error",
      message: "That patient no longer exists.",
    });
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: "2", doNotEmail: "yes" }))).toMatchObject({
      status: "error",
      fieldErrors: { doNotEmail: ["Tick the box or leave it empty."] },
    });
    // A form without the version it was opened at changes nothing.
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id }))).toMatchObject({ status: "error", fieldErrors: { version: expect.any(Array) } });
  });

  it("are set on the patient edit form too; a form opened before a change from the worklist is refused as stale", async () => {
    const p = await patientWith({ email: email() });
    actAs(await makeUser("STAFF"));
    const demographics = (version: number, boxes: Record<string, string>) =>
      form({
        patientId: p.id,
        version: String(version),
        mrn: p.mrn,
        firstName: "Ana",
        lastName: "Rossi",
        dateOfBirth: "2002-05-17",
        sexAtBirth: "FEMALE",
        phone: "(201) 555-0120",
        email: "ana@example.test",
        indication: "ACNE_NODULAR",
        ...boxes,
      });
    expect(await callAction(() => updatePatientAction(IDLE, demographics(1, { doNotEmail: "on", doNotCall: "on" })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
    expect(await testDb().patient.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      doNotEmail: true,
      doNotText: false,
      doNotCall: true,
      version: 2,
    });
    expect(await setContactPreferencesAction(IDLE, form({ patientId: p.id, version: "2" }))).toMatchObject({ status: "ok" });
    const stale = await callAction(() => updatePatientAction(IDLE, demographics(2, { doNotEmail: "on" })));
    expect(stale).toMatchObject({ state: { status: "error", message: expect.stringContaining("changed by someone else") } });
    expect(await testDb().patient.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      doNotEmail: false,
      doNotText: false,
      doNotCall: false,
      version: 3,
    });
  });
});
