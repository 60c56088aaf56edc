import { afterAll, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { getPatientWorklist } from "@/lib/data/worklist";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb, TODAY } from "./helpers";
import { patientDue } from "./reminder-fixture";

afterAll(async () => {
  await stopJobSender();
});

const HOUR = 3600_000;
const QUEUED = "A reminder email is already queued for this patient and not sent yet.";

/** The patient's reasons on the worklist, by channel. */
async function blocked(patientId: string, mrn: string) {
  const { rows } = await getPatientWorklist({ role: "STAFF" }, TODAY, { search: mrn, sort: "due", dir: "asc", page: 1 }, 25);
  return rows.find((r) => r.patientId === patientId)!.reminderBlocked;
}

const send = (patientId: string, channel: "EMAIL" | "SMS") => sendRemindersAction(IDLE, form({ patientId, channel }));
const setEmail = (patientId: string, data: { status: "SENDING" | "SENT" | "FAILED"; finishedAt?: Date }) =>
  testDb().reminder.updateMany({ where: { patientId, channel: "EMAIL" }, data: { claimedAt: new Date(), attempts: 1, ...data } });

describe("the worklist's reminder reasons", () => {
  it("name an earlier reminder on the channel as the server's refusal does, the channel's other reasons first", async () => {
    const p = await patientDue();
    actAs(await makeUser("STAFF"));
    expect(await blocked(p.id, p.mrn)).toEqual({ EMAIL: null, SMS: null });

    expect(await send(p.id, "EMAIL")).toMatchObject({ status: "ok" });
    // Waiting for the background job: email refused, text messages still open.
    expect(await blocked(p.id, p.mrn)).toEqual({ EMAIL: QUEUED, SMS: null });
    expect(await send(p.id, "EMAIL")).toMatchObject({ outcomes: [{ ok: false, message: QUEUED }] });

    await setEmail(p.id, { status: "SENDING" });
    expect(await blocked(p.id, p.mrn)).toMatchObject({ EMAIL: "A reminder email to this patient is being sent now." });

    await setEmail(p.id, { status: "SENT", finishedAt: new Date(Date.now() - 23 * HOUR) });
    const sentRecently = "A reminder email was sent to this patient in the last 24 hours.";
    expect(await blocked(p.id, p.mrn)).toEqual({ EMAIL: sentRecently, SMS: null });
    expect(await send(p.id, "EMAIL")).toMatchObject({ outcomes: [{ ok: false, message: sentRecently }] });

    // The patient asks not to be emailed: that reason, as the server gives it first.
    await testDb().patient.update({ where: { id: p.id }, data: { doNotEmail: true } });
    expect(await blocked(p.id, p.mrn)).toMatchObject({ EMAIL: "Patient asked not to be emailed." });
    expect(await send(p.id, "EMAIL")).toMatchObject({ outcomes: [{ ok: false, message: "Patient asked not to be emailed." }] });
    await testDb().patient.update({ where: { id: p.id }, data: { doNotEmail: false } });

    // Sent more than a day ago: nothing in the way, and the server queues another.
    await setEmail(p.id, { status: "SENT", finishedAt: new Date(Date.now() - 25 * HOUR) });
    expect(await blocked(p.id, p.mrn)).toEqual({ EMAIL: null, SMS: null });
    expect(await send(p.id, "EMAIL")).toMatchObject({ status: "ok" });
    expect(await blocked(p.id, p.mrn)).toMatchObject({ EMAIL: QUEUED });

    // Nothing left waiting for the dispatch runs of the files that follow.
    await testDb().reminder.updateMany({
      where: { patientId: p.id, status: "QUEUED" },
      data: { status: "FAILED", failureReason: "Not sent: closed by the test.", finishedAt: new Date() },
    });
    expect(await blocked(p.id, p.mrn)).toEqual({ EMAIL: null, SMS: null });
  });
});
