import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HL7_QUEUE_REASON_LABELS } from "@/lib/admin-labels";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, queueEntriesOf } from "./hl7-helpers";

/**
 * A result the import could not take waits under a reason that says what is wrong with it: a value that is not
 * one the portal can record ("abc" for a number) is not one outside physiological limits, nor is a specimen date in
 * the future; a value the portal reads but finds unusual still is.
 */
const db = () => testDb();
let token = "";
let nurse: { id: string; role: "NURSE" };
beforeAll(async () => {
  token = (await makeLabInterface(await makeUser("ADMIN"), `Queue reasons ${randomUUID().slice(0, 6)}`)).token;
  nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" };
});

describe("the queue's reasons", () => {
  it("name a value that is not a number, a specimen date in the future and an unusual value apart, in the queue and the acknowledgement", async () => {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    const notANumber = `QR-${randomUUID().slice(0, 8)}`;
    const ack = await postHl7(token, oru(notANumber, p.mrn, ["NM|2571-8^Triglyceride^LN||abc|mg/dL|0-150|N|||F"]));
    expect(ack.msa[2]).toBe("Imported: 0 results attached, 1 waiting for review (value not readable).");
    const future = `QR-${randomUUID().slice(0, 8)}`;
    expect((await postHl7(token, oru(future, p.mrn, ["NM|2571-8^Triglyceride^LN||120|mg/dL|0-150|N|||F"], { obr: "202612240800" }))).msa[2]).toBe(
      "Imported: 0 results attached, 1 waiting for review (date in the future).",
    );
    const unusual = `QR-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(unusual, p.mrn, ["NM|2571-8^Triglyceride^LN||2500|mg/dL|0-150|H|||F"]));

    const [text] = await queueEntriesOf(notANumber);
    const [later] = await queueEntriesOf(future);
    const [high] = await queueEntriesOf(unusual);
    expect([text!.reason, later!.reason, high!.reason]).toEqual(["VALUE_NOT_READABLE", "FUTURE_DATE", "IMPLAUSIBLE"]);
    expect(text!.detail).toMatch(/^Triglycerides: "abc" is not a value the portal can record/);
    expect(later!.detail).toBe("The observation date is in the future.");

    const rows = (await listHl7Queue(nurse, 1000)).rows.filter((r) => r.patientId === p.id);
    const badge = (id: string) => HL7_QUEUE_REASON_LABELS[rows.find((r) => r.id === id)!.reason];
    expect([badge(text!.id), badge(later!.id), badge(high!.id)]).toEqual([
      "Value not readable",
      "Specimen date in the future",
      "Value outside physiological limits",
    ]);
    expect(await db().hl7QueueEntry.count({ where: { patientId: p.id, status: "PENDING" } })).toBe(3);
  });
});

/**
 * Migration 20270126000000_queue_reasons_waiting, run again here as the migrations' owner over entries put back
 * under IMPLAUSIBLE, as the import wrote them before: the waiting ones take the reason their detail says, an
 * unusual value keeps its own, and one already dismissed keeps the reason it was filed under.
 */
describe("the results waiting under IMPLAUSIBLE before the reasons were told apart", () => {
  const MIGRATION = readFileSync("prisma/migrations/20270126000000_queue_reasons_waiting/migration.sql", "utf8");
  let owner: pg.Client;
  beforeAll(async () => {
    owner = new pg.Client({ connectionString: inject("ownerUrl") });
    await owner.connect();
  });
  afterAll(() => owner.end());

  it("take the reason their detail says while they wait", async () => {
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    const sent = async (obx: string, obr?: string) => {
      const controlId = `QM-${randomUUID().slice(0, 8)}`;
      await postHl7(token, oru(controlId, p.mrn, [obx], obr ? { obr } : {}));
      return (await queueEntriesOf(controlId))[0]!;
    };
    const text = await sent("NM|2571-8^Triglyceride^LN||abc|mg/dL|0-150|N|||F");
    const later = await sent("NM|2571-8^Triglyceride^LN||120|mg/dL|0-150|N|||F", "202612240800");
    const high = await sent("NM|2571-8^Triglyceride^LN||2500|mg/dL|0-150|H|||F");
    const dismissed = await sent("NM|2571-8^Triglyceride^LN||xyz|mg/dL|0-150|N|||F");
    actAs(nurse);
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: dismissed.id, reason: "Not this clinic's order" }))).toMatchObject({ status: "ok" });
    const ids = [text.id, later.id, high.id, dismissed.id];
    await owner.query(`UPDATE hl7_queue_entries SET reason = 'IMPLAUSIBLE' WHERE id = ANY($1::uuid[])`, [ids]);

    await owner.query(MIGRATION);
    const reasons = await db().hl7QueueEntry.findMany({ where: { id: { in: ids } }, select: { id: true, reason: true, detail: true } });
    const of = (id: string) => reasons.find((r) => r.id === id)!;
    expect(ids.map((id) => of(id).reason)).toEqual(["VALUE_NOT_READABLE", "FUTURE_DATE", "IMPLAUSIBLE", "IMPLAUSIBLE"]);
    expect([of(text.id).detail, of(later.id).detail]).toEqual([text.detail, later.detail]);
  });
});
