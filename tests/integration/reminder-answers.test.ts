import { afterAll, describe, expect, it } from "vitest";
import { sendRemindersAction } from "@/app/(portal)/monitoring/actions";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";
import { patientDue } from "./reminder-fixture";

afterAll(async () => {
  await stopJobSender();
});

const send = (patientId: string, channel: "EMAIL" | "SMS") => sendRemindersAction(IDLE, form({ patientId, channel }));

describe("the answer to a reminder asked for on the worklist", () => {
  it("names the channel, and says a reminder asked for again is queued, being sent or sent, as it is", async () => {
    const p = await patientDue();
    actAs(await makeUser("STAFF"));
    expect(await send(p.id, "EMAIL")).toEqual({
      status: "ok",
      message: "1 reminder email queued.",
      outcomes: [{ patientId: p.id, ok: true, message: "Reminder email queued, not sent yet." }],
    });
    expect(await send(p.id, "SMS")).toEqual({
      status: "ok",
      message: "1 reminder text message queued.",
      outcomes: [{ patientId: p.id, ok: true, message: "Reminder text message queued, not sent yet." }],
    });

    // Asked again while the first waits for the background job: queued, never said to be sent.
    expect(await send(p.id, "EMAIL")).toEqual({
      status: "error",
      message: "No reminder email queued.",
      outcomes: [{ patientId: p.id, ok: false, message: "A reminder email is already queued for this patient and not sent yet." }],
    });
    expect(await send(p.id, "SMS")).toMatchObject({
      outcomes: [{ patientId: p.id, ok: false, message: "A reminder text message is already queued for this patient and not sent yet." }],
    });

    // A dispatcher has claimed it and is sending it.
    await testDb().reminder.updateMany({ where: { patientId: p.id, channel: "EMAIL" }, data: { status: "SENDING", claimedAt: new Date(), attempts: 1 } });
    expect(await send(p.id, "EMAIL")).toMatchObject({
      outcomes: [{ patientId: p.id, ok: false, message: "A reminder email to this patient is being sent now." }],
    });

    // Sent a minute ago.
    await testDb().reminder.updateMany({
      where: { patientId: p.id, channel: "EMAIL" },
      data: { status: "SENT", finishedAt: new Date(Date.now() - 60_000) },
    });
    expect(await send(p.id, "EMAIL")).toMatchObject({
      outcomes: [{ patientId: p.id, ok: false, message: "A reminder email was sent to this patient in the last 24 hours." }],
    });
    expect(await testDb().reminder.count({ where: { patientId: p.id } })).toBe(2);
    // Nothing left waiting for the dispatch runs of the files that follow.
    await testDb().reminder.updateMany({
      where: { patientId: p.id, status: "QUEUED" },
      data: { status: "FAILED", failureReason: "Not sent: closed by the test.", finishedAt: new Date() },
    });
  });
});
