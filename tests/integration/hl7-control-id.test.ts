import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

const db = () => testDb();

/**
 * A laboratory's control id (MSH-10) names one message. A resend (the same content, perhaps with a new
 * MSH-7 time) is imported once; a message that reuses the id with other content (a counter reset) is kept
 * apart and its results wait for review, instead of being answered "already imported" and lost.
 */
describe("a message under a control id used before", () => {
  let token = "";
  beforeAll(async () => {
    token = (await makeLabInterface(await makeUser("ADMIN"), `Control ids ${randomUUID().slice(0, 6)}`)).token;
  });

  it("with the same content, sent again with a new message time, changes nothing", async () => {
    const p = await makePatient();
    const controlId = `CI-${randomUUID().slice(0, 8)}`;
    const first = oru(controlId, p.mrn, [tg(210, "F")]);
    expect((await postHl7(token, first)).msa[0]).toBe("AA");
    const resent = first.replace("|202611230830||ORU^R01|", "|202611231015||ORU^R01|").replaceAll("\r", "\r\n");
    expect((await postHl7(token, resent)).msa).toEqual(["AA", controlId, "Already imported: nothing changed."]);
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(1);
    expect(await db().hl7Message.count({ where: { controlId } })).toBe(1);
  });

  it("with other content is kept, names the first message, and its results wait for review for the patient it matched", async () => {
    const p = await makePatient();
    const controlId = `CI-${randomUUID().slice(0, 8)}`;
    expect((await postHl7(token, oru(controlId, p.mrn, [tg(210, "F")]))).msa[0]).toBe("AA");
    // The laboratory's counter started again: another specimen's result under the same id.
    const other = oru(controlId, p.mrn, [tg(480, "F")], { obr: "202611211000" });
    expect((await postHl7(token, other)).msa).toEqual(["AA", controlId, "Imported: 0 results attached, 1 waiting for review (control id reused)."]);
    const results = await db().labResult.findMany({ where: { patientId: p.id } });
    expect(results.map((r) => Number(r.valueNumeric))).toEqual([210]);
    const [original, reuse] = await db().hl7Message.findMany({ where: { controlId }, orderBy: { receivedAt: "asc" } });
    expect(reuse!.reuseOfId).toBe(original!.id);
    const [entry] = await db().hl7QueueEntry.findMany({ where: { messageId: reuse!.id } });
    expect([entry!.reason, entry!.patientId, entry!.status, (entry!.observation as { value: string }).value]).toEqual([
      "CONTROL_ID_REUSED",
      p.id,
      "PENDING",
      "480",
    ]);
    expect(entry!.detail).toContain(`MSH-10 ${controlId}`);
    // That second message, sent again, is a resend of its own: nothing more waits.
    expect((await postHl7(token, other)).msa).toEqual(["AA", controlId, "Already imported: nothing changed."]);
    expect(await db().hl7QueueEntry.count({ where: { message: { controlId } } })).toBe(1);
  });

  it("a reusing message sent twice at once is kept once; a retracted result in it keeps its own reason", async () => {
    const p = await makePatient();
    const controlId = `CI-${randomUUID().slice(0, 8)}`;
    expect((await postHl7(token, oru(controlId, p.mrn, [tg(210, "F")]))).msa[0]).toBe("AA");
    const other = oru(controlId, p.mrn, [tg(330, "F"), tg(210, "D")]);
    const answers = await Promise.all([postHl7(token, other), postHl7(token, other)]);
    expect(answers.map((a) => a.msa[2]).sort()).toEqual([
      "Already imported: nothing changed.",
      // The reasons do not fit in the acknowledgement's 80 characters.
      "Imported: 0 results attached, 2 waiting for review.",
    ]);
    expect(await db().hl7Message.count({ where: { controlId } })).toBe(2);
    const entries = await db().hl7QueueEntry.findMany({ where: { message: { controlId } }, orderBy: { reason: "asc" } });
    expect(entries.map((e) => e.reason)).toEqual(["RETRACTED", "CONTROL_ID_REUSED"]);
    expect(entries[0]!.detail).toContain("void the one retracted there");
    expect(entries[0]!.detail).toContain(`MSH-10 ${controlId}`);
  });

  it("two messages of one new control id posted at once, with other content: both kept", async () => {
    const p = await makePatient();
    const controlId = `CI-${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all([postHl7(token, oru(controlId, p.mrn, [tg(150, "F")])), postHl7(token, oru(controlId, p.mrn, [tg(160, "F")]))]);
    expect(answers.map((a) => a.msa[0])).toEqual(["AA", "AA"]);
    expect(await db().hl7Message.count({ where: { controlId } })).toBe(2);
    // One recorded on the chart, the other waiting for review: none lost.
    const recorded = await db().labResult.count({ where: { patientId: p.id } });
    const waiting = await db().hl7QueueEntry.count({ where: { message: { controlId }, reason: "CONTROL_ID_REUSED" } });
    expect([recorded, waiting]).toEqual([1, 1]);
  });
});
