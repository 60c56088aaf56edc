import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

/*
 * A message's second value of a test and date waits as OTHER_RESULT_IN_MESSAGE "else the chart would hold several
 * current results of the test and date" (lib/data/hl7-message-results.ts). Once the value recorded from the message
 * was replaced by a correction (by hand, or the laboratory's OBX-11 C in a later message), the chart's current result
 * of that test and date no longer carries the message's id: the waiting value must still not be attached beside it.
 */
const db = () => testDb();
const controlId = () => `OR-${randomUUID().slice(0, 8)}`;
let token = "";
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Other value replaced lab ${randomUUID().slice(0, 6)}`)).token;
});
const current = async (patientId: string) =>
  (await db().labResult.findMany({ where: { patientId, voidedAt: null, duplicateOfId: null }, orderBy: { enteredAt: "asc" } })).map((r) =>
    String(r.valueNumeric),
  );
const waitingEntry = (patientId: string) => db().hl7QueueEntry.findFirstOrThrow({ where: { patientId, status: "PENDING" } });

describe("a message's other value once the value recorded from the message was replaced by a correction", () => {
  it("corrected by hand: the waiting value is not attached beside the corrected one", async () => {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(300, "F")]));
    const [recorded] = await db().labResult.findMany({ where: { patientId: p.id } });
    const entry = await waitingEntry(p.id);
    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: recorded!.id, value: "950", reason: "Report says 950" }))).toMatchObject({
      status: "ok",
    });
    expect(await current(p.id)).toEqual(["950"]);
    const answer = await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }));
    expect(answer).toMatchObject({ status: "error", message: expect.stringContaining("void it there first") });
    expect(await current(p.id)).toEqual(["950"]);
  });

  it("corrected by the laboratory's later message: the waiting value is not attached beside the correction", async () => {
    const p = await makePatient();
    await postHl7(token, oru(controlId(), p.mrn, [tg(900, "F"), tg(300, "F")]));
    const entry = await waitingEntry(p.id);
    await postHl7(token, oru(controlId(), p.mrn, [tg(250, "C")]));
    expect(await current(p.id)).toEqual(["250"]);
    actAs(nurse);
    const answer = await attachHl7ResultAction(IDLE, form({ entryId: entry.id, mrn: p.mrn, birthDate: "2000-01-01" }));
    expect(answer).toMatchObject({ status: "error", message: expect.stringContaining("void it there first") });
    expect(await current(p.id)).toEqual(["250"]);
  });
});
