import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

/*
 * A message's results of one test and specimen date are one result to the chart (lib/data/hl7-message-results.ts):
 * the first value is recorded, and another value is attached only once the value recorded from the message is
 * voided, "so the chart keeps one current result of them". A second value of the message that waits for a
 * reason of its own (sent without its unit, or unusual) is not attached beside the value recorded either.
 */
const db = () => testDb();
const controlId = () => `OW-${randomUUID().slice(0, 8)}`;
let token = "";
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Other value lab ${randomUUID().slice(0, 6)}`)).token;
});
const current = async (patientId: string) =>
  (await db().labResult.findMany({ where: { patientId, voidedAt: null, duplicateOfId: null }, orderBy: { enteredAt: "asc" } })).map((r) =>
    String(r.valueNumeric),
  );
const waitingEntry = (patientId: string) => db().hl7QueueEntry.findFirstOrThrow({ where: { patientId, status: "PENDING" } });

describe("a message's other value of a test and date that waits for another reason", () => {
  it("sent without its unit: not attached beside the value recorded from the message", async () => {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), "NM|2571-8^Triglyceride^LN||300||||||F"]));
    expect(await current(p.id)).toEqual(["900"]);
    const entry = await waitingEntry(p.id);
    expect(entry.reason).toBe("UNKNOWN_UNIT");
    actAs(nurse);
    const answer = await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01", [`unit:${entry.id}`]: "mg/dL" }));
    // The chart keeps one current result of the test and date: the value recorded is voided first.
    expect(answer).toMatchObject({ status: "error", message: expect.stringContaining("void it there first") });
    expect(await current(p.id)).toEqual(["900"]);
  });

  it("unusual as sent: not attached beside the value recorded from the message", async () => {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(2500, "F")]));
    expect(await current(p.id)).toEqual(["900"]);
    const entry = await waitingEntry(p.id);
    expect(entry.reason).toBe("IMPLAUSIBLE");
    actAs(nurse);
    const answer = await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }));
    expect(answer).toMatchObject({ status: "error", message: expect.stringContaining("void it there first") });
    expect(await current(p.id)).toEqual(["900"]);
  });
});
