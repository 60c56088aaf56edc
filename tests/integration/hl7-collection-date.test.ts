import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg, makeLabInterface, oru, postHl7 } from "./hl7-helpers";

/**
 * A laboratory's pregnancy test with no collection date (OBX-14 and OBR-7 empty) is not filed on the
 * message's own date (MSH-7): it waits in the queue, and whoever attaches it enters the collection date
 * from the laboratory's report. Any other test is still dated by the message. Today is 23 Nov 2026; these
 * messages were sent on 20 Nov.
 */
const db = () => testDb();
const ALT = "NM|1742-6^ALT^LN||30|U/L|7-56|N|||F";
const REQUIRED = "Enter the date the specimen was collected, from the laboratory's report: the laboratory sent this pregnancy test without one.";

let token = "";
beforeAll(async () => {
  token = (await makeLabInterface(await makeUser("ADMIN"), `Collection date lab ${randomUUID().slice(0, 6)}`)).token;
});

/** A message sent on 20 Nov with no OBR-7 and OBX segments without OBX-14, for this MRN: its queue entries. */
async function sendUndated(mrn: string, obx: string[]) {
  const controlId = `CD-${randomUUID().slice(0, 8)}`;
  const sent = await postHl7(token, oru(controlId, mrn, obx, { obr: "" }).replace("|202611230830|", "|202611200830|"));
  expect(sent.msa[0]).toBe("AA");
  const entries = await db().hl7QueueEntry.findMany({ where: { message: { controlId } } });
  return { sent, entries, message: await db().hl7Message.findFirstOrThrow({ where: { controlId } }) };
}

const attach = (entryId: string, mrn: string, collectionDate?: string) =>
  attachHl7ResultAction(IDLE, form({ entryId, mrn, birthDate: "2000-01-01", ...(collectionDate === undefined ? {} : { collectionDate }) }));

/** Everything an attach would have written for this patient and entry. */
async function written(patientId: string, entryId: string) {
  const [results, attaches, entry] = await Promise.all([
    db().labResult.count({ where: { patientId, analyte: "HCG" } }),
    db().auditEvent.count({ where: { action: "lab.queue_attach", entityId: entryId } }),
    db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entryId } }),
  ]);
  return { results, attaches, status: entry.status };
}

describe("a pregnancy test the laboratory sent without a collection date", () => {
  it("waits in the queue, not filed, while an ALT of the same message is filed on the message's date as before", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const { sent, entries, message } = await sendUndated(p.mrn, [hcg("Negative", "F"), ALT]);
    expect(sent.msa[2]).toBe("Imported: 1 results attached, 1 waiting for review (no collection date).");
    expect(entries.map((e) => [e.reason, e.pregnancyTest, e.patientId, e.status])).toEqual([["COLLECTION_DATE_MISSING", true, p.id, "PENDING"]]);
    expect(entries[0]!.detail).toBe(
      "The laboratory sent no collection date for this pregnancy test (OBX-14 and OBR-7 are empty; the message's own date is when it was sent, not when the specimen was collected). Take the collection date from the laboratory's report and enter it to attach the result.",
    );
    const rows = await db().labResult.findMany({ where: { patientId: p.id } });
    expect(rows.map((r) => [r.code, r.specimenDate.toISOString().slice(0, 10), r.hl7MessageId])).toEqual([["1742-6", "2026-11-20", message.id]]);
  });

  it("a test with OBR-7 is filed on that date, as before", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const controlId = `CD-${randomUUID().slice(0, 8)}`;
    expect((await postHl7(token, oru(controlId, p.mrn, [hcg("Negative", "F")], { obr: "202611180900" }))).msa[2]).toBe(
      "Imported: 1 results attached, 0 waiting for review.",
    );
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect(row!.specimenDate.toISOString().slice(0, 10)).toBe("2026-11-18");
  });

  it("is not attached without a collection date: refused with what to enter, nothing written", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const [entry] = (await sendUndated(p.mrn, [hcg("Negative", "F")])).entries;
    actAs(await makeUser("NURSE"));
    expect(await attach(entry!.id, p.mrn)).toMatchObject({ status: "error", fieldErrors: { collectionDate: [REQUIRED] } });
    expect(await attach(entry!.id, p.mrn, "  ")).toMatchObject({ status: "error", fieldErrors: { collectionDate: [REQUIRED] } });
    expect(await written(p.id, entry!.id)).toEqual({ results: 0, attaches: 0, status: "PENDING" });
  });

  it("refuses a collection date after the message, in the future or not a date, and writes nothing", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const [entry] = (await sendUndated(p.mrn, [hcg("Negative", "F")])).entries;
    actAs(await makeUser("NURSE"));
    for (const [date, message] of [
      ["2026-11-21", "The collection date cannot be after the day the laboratory sent the result."],
      [TODAY, "The collection date cannot be after the day the laboratory sent the result."],
      ["2026-11-24", "The collection date cannot be in the future."],
      ["2026-02-30", "That date does not exist."],
      ["13/11/2026", "Use the format YYYY-MM-DD."],
    ]) {
      expect(await attach(entry!.id, p.mrn, date)).toMatchObject({ status: "error", fieldErrors: { collectionDate: [message] } });
    }
    expect(await written(p.id, entry!.id)).toEqual({ results: 0, attaches: 0, status: "PENDING" });
  });

  it("is filed with the collection date entered, the audit rows saying it was entered by hand", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const [entry] = (await sendUndated(p.mrn, [hcg("Negative", "F")])).entries;
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await attach(entry!.id, p.mrn, "2026-11-13")).toMatchObject({
      status: "ok",
      message: "Result attached to the patient; their monitoring and alerts are up to date.",
    });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect([row!.code, row!.valueQualitative, row!.specimenDate.toISOString().slice(0, 10), row!.enteredById]).toEqual([
      "2106-3",
      "NEGATIVE",
      "2026-11-13",
      nurse.id,
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect([audit.actorId, audit.patientId, audit.changes]).toEqual([
      nurse.id,
      p.id,
      { reason: "COLLECTION_DATE_MISSING", messageMrnMatched: true, labResultId: row!.id, collectionDateEnteredByHand: true },
    ]);
    const filed = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.import", patientId: p.id } });
    expect(filed.changes).toMatchObject({ fromQueue: entry!.id, collectionDateEnteredByHand: true });
    // The date entered is on the result, never in the trail.
    expect(JSON.stringify([audit.changes, filed.changes])).not.toContain("2026-11-13");
  });

  it("needs the date too when it waits for another reason (no patient with the MRN)", async () => {
    const [entry] = (await sendUndated(`NOPE-${randomUUID().slice(0, 8)}`, [hcg("Negative", "F")])).entries;
    expect(entry!.reason).toBe("UNMATCHED");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    actAs(await makeUser("NURSE"));
    expect(await attach(entry!.id, p.mrn)).toMatchObject({ status: "error", fieldErrors: { collectionDate: [REQUIRED] } });
    expect(await attach(entry!.id, p.mrn, "2026-11-19")).toMatchObject({ status: "ok" });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect(row!.specimenDate.toISOString().slice(0, 10)).toBe("2026-11-19");
  });

  it("attaching another result is unchanged: no date asked, and one given is refused", async () => {
    const [entry] = (await sendUndated(`NOPE-${randomUUID().slice(0, 8)}`, [ALT])).entries;
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(await attach(entry!.id, p.mrn, "2026-11-19")).toMatchObject({
      status: "error",
      fieldErrors: { collectionDate: ["These results carry their collection date from the laboratory: leave the collection date empty."] },
    });
    expect(await attach(entry!.id, p.mrn)).toMatchObject({ status: "ok" });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect([row!.code, row!.specimenDate.toISOString().slice(0, 10)]).toEqual(["1742-6", "2026-11-20"]);
  });
});
