import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, testDb } from "./helpers";
import { hcg, nurseUploads, oru, retractionOf, tg } from "./hl7-helpers";

/**
 * A laboratory's retraction (OBX-11 W or D) is never applied and never ignored: while the result it names is
 * current on the patient's chart, it is not dismissed; once that result is voided there (by whoever may void
 * it: a pregnancy test, a dermatologist), it is.
 */
const db = () => testDb();
const controlId = () => `RD-${randomUUID().slice(0, 8)}`;
const alt = (value: number, status: string) => `NM|1742-6^ALT^LN||${value}|U/L|0-40|H|||${status}`;
const STILL_CURRENT =
  "The laboratory retracted this result, and the result it names is still current on the patient's chart: void it there with a reason first (a pregnancy test, by a dermatologist), then dismiss this entry.";

const { users, upload } = nurseUploads();
const live = (patientId: string) => db().labResult.findMany({ where: { patientId, voidedAt: null }, orderBy: { enteredAt: "asc" } });
const dismiss = (user: { id: string }, entryId: string, reason: string) => {
  actAs(user);
  return dismissHl7ResultAction(IDLE, form({ entryId, reason }));
};
const voidOnChart = (user: { id: string }, labResultId: string, reason: string) => {
  actAs(user);
  return correctLabResultAction(IDLE, form({ labResultId, reason }));
};

describe("a retraction waiting for review", () => {
  it("of a negative pregnancy test is not dismissed while that test is current; once a dermatologist voids it, it is", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await upload(oru(controlId(), p.mrn, [hcg("Negative", "F")]));
    const [negative] = await live(p.id);
    await upload(oru(controlId(), p.mrn, [hcg("Negative", "W")]));
    const entry = await retractionOf(p.id);

    expect(await dismiss(users.derm, entry.id, "Seen")).toMatchObject({ status: "error", message: STILL_CURRENT });
    expect(await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ status: "PENDING", resolvedById: null });
    expect(await db().auditEvent.count({ where: { action: "lab.queue_reject", entityId: entry.id } })).toBe(0);
    expect((await live(p.id)).map((r) => r.id)).toEqual([negative!.id]);

    // A nurse voids no pregnancy test, here as anywhere.
    expect(await voidOnChart(users.nurse, negative!.id, "Retracted by the laboratory")).toMatchObject({ status: "error" });
    expect(await voidOnChart(users.derm, negative!.id, "Retracted by the laboratory")).toMatchObject({ status: "ok" });
    expect(await live(p.id)).toEqual([]);
    expect(await dismiss(users.derm, entry.id, "Voided on the chart")).toMatchObject({ status: "ok" });
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("REJECTED");
  });

  it("of a critical ALT is not dismissed by a nurse while it is current; voided on the chart, it is", async () => {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    await upload(oru(controlId(), p.mrn, [alt(410, "F")]));
    const [critical] = await live(p.id);
    expect(critical!.flag).toBe("CRITICAL");
    await upload(oru(controlId(), p.mrn, [alt(410, "D")]));
    const entry = await retractionOf(p.id);

    expect(await dismiss(users.nurse, entry.id, "Seen")).toMatchObject({ status: "error", message: STILL_CURRENT });
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("PENDING");
    expect(await voidOnChart(users.nurse, critical!.id, "Deleted by the laboratory")).toMatchObject({ status: "ok" });
    expect(await dismiss(users.nurse, entry.id, "Voided on the chart")).toMatchObject({ status: "ok" });
  });

  it("naming several current results is dismissed once one of them is voided on the chart (the one retracted)", async () => {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    await upload(oru(controlId(), p.mrn, [tg(600, "F")]));
    await upload(oru(controlId(), p.mrn, [tg(700, "F")]));
    const [wrong, right] = await live(p.id);
    await upload(oru(controlId(), p.mrn, [tg(600, "W")]));
    const entry = await retractionOf(p.id);

    expect(await dismiss(users.nurse, entry.id, "Seen")).toMatchObject({ status: "error", message: STILL_CURRENT });
    expect(await voidOnChart(users.nurse, wrong!.id, "Retracted by the laboratory")).toMatchObject({ status: "ok" });
    expect(await dismiss(users.nurse, entry.id, "Voided on the chart")).toMatchObject({ status: "ok" });
    expect((await live(p.id)).map((r) => r.id)).toEqual([right!.id]);
  });

  it("naming no current result (none on the chart when it came) is dismissed", async () => {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    await upload(oru(controlId(), p.mrn, [tg(600, "W")]));
    const entry = await retractionOf(p.id);
    expect(entry.detail).toMatch(/No current result of this test on 22 Nov 2026 is on the patient's chart\.$/);
    expect(await dismiss(users.nurse, entry.id, "Nothing on the chart")).toMatchObject({ status: "ok" });
  });
});
