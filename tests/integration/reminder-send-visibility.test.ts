import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { getOutreachHistory } from "@/lib/data/worklist";
import { dispatchQueuedReminders } from "@/lib/reminders/dispatch";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, storedItem, testDb, TODAY } from "./helpers";
import { TestSmtpServer } from "./smtp-test-server";
import { clearQueuedReminders, endReminderFile } from "./reminder-reset";

/**
 * A reminder is sent only while the patient has something open that its sender could have sent it for. Office
 * staff never get the dermatologist's own items (a pregnancy review, a follow-up after a confirmed pregnancy),
 * so one of those left open must not turn a staff reminder, whose item was completed meanwhile, into a sent
 * one: the outreach history staff read would then tell this patient from one with nothing open.
 */

const smtp = new TestSmtpServer();

beforeAll(async () => {
  process.env.SMTP_URL = await smtp.start();
});
afterAll(async () => {
  await endReminderFile(smtp);
});
beforeEach(async () => {
  smtp.received.length = 0;
  await clearQueuedReminders();
});

/** A patient with an email address, an overdue peak-labs item and, optionally, an open pregnancy review. */
async function patientWithItems(withReview: boolean) {
  const email = `p-${randomUUID().slice(0, 8)}@example.test`;
  const p = await testDb().patient.update({ where: { id: (await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" })).id }, data: { email } });
  await testDb().monitoringItemRow.create({ data: storedItem(p.id, "peak", "2026-01-01") });
  if (withReview)
    await testDb().monitoringItemRow.create({
      data: { ...storedItem(p.id, `test:${randomUUID()}:preg-review`, "2026-01-01"), kind: "PREG_REVIEW", label: "Dermatologist review" },
    });
  return p;
}

describe("a reminder queued by office staff, at send time", () => {
  it("is not sent, and reads the same, whether or not a dermatologist's own item is still open once the staff's item was completed", async () => {
    const staff = await makeUser("STAFF");
    const withReview = await patientWithItems(true);
    const without = await patientWithItems(false);
    actAs(staff);
    expect(await sendRemindersAction(IDLE, form({ patientId: [withReview.id, without.id], channel: "EMAIL" }))).toMatchObject({
      status: "ok",
      message: "2 reminder emails queued.",
    });
    // The peak labs arrive before the reminders go out: nothing staff could remind either patient about is open.
    await testDb().monitoringItemRow.updateMany({
      where: { itemKey: "peak", patientId: { in: [withReview.id, without.id] } },
      data: { completedOn: new Date(`${TODAY}T00:00:00Z`) },
    });

    await dispatchQueuedReminders();
    expect(smtp.received.flatMap((m) => m.to)).toEqual([]);
    const history = await getOutreachHistory({ role: "STAFF" }, [withReview.id, without.id]);
    const shown = (id: string) => history.get(id)!.map((e) => (e.type === "reminder" ? [e.status, e.failureReason] : e.type));
    expect(shown(without.id)).toEqual([["FAILED", "Not sent: nothing is due any more."]]);
    expect(shown(withReview.id)).toEqual(shown(without.id));
  });

  it("is still sent by a dermatologist for the review alone", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const p = await patientWithItems(true);
    actAs(derm);
    expect(await sendRemindersAction(IDLE, form({ patientId: [p.id], channel: "EMAIL" }))).toMatchObject({ status: "ok" });
    await testDb().monitoringItemRow.updateMany({ where: { itemKey: "peak", patientId: p.id }, data: { completedOn: new Date(`${TODAY}T00:00:00Z`) } });
    await dispatchQueuedReminders();
    expect(smtp.received.flatMap((m) => m.to)).toEqual([p.email]);
    expect(await testDb().reminder.findFirstOrThrow({ where: { patientId: p.id } })).toMatchObject({ status: "SENT" });
  });
});
