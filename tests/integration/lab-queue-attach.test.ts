import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7, tg } from "./hl7-helpers";

const db = () => testDb();
const alt = (value: number, status: string) => `NM|1742-6^ALT^LN||${value}|U/L|0-40|${value > 40 ? "H" : "N"}|||${status}`;

/** A message for an MRN the clinic does not have: every result waits in the queue. Its entries, in OBX order (one test each). */
async function unmatched(token: string, obx: string[]) {
  const controlId = `QA-${randomUUID().slice(0, 8)}`;
  await postHl7(token, oru(controlId, `NOPE-${controlId}`, obx));
  const entries = await db().hl7QueueEntry.findMany({ where: { message: { controlId } } });
  expect(entries.map((e) => e.status)).toEqual(obx.map(() => "PENDING"));
  return obx.map((o) => entries.find((e) => o.startsWith(`NM|${(e.observation as { code: string }).code}^`))!);
}
const attach = (entryIds: string[], mrn: string) => {
  const body = new FormData();
  for (const id of entryIds) body.append("entryId", id);
  body.set("mrn", mrn);
  body.set("birthDate", "2000-01-01");
  return attachHl7ResultAction(IDLE, body);
};

/**
 * The results of one message whose patient the laboratory named wrongly wait together; a nurse attaches
 * them to the patient in one step, all or none.
 */
describe("attaching a message's waiting results together", () => {
  let token = "";
  beforeAll(async () => {
    token = (await makeLabInterface(await makeUser("ADMIN"), `Attach together ${randomUUID().slice(0, 6)}`)).token;
  });

  it("records each result for the patient, each entry attached and audited", async () => {
    const [e1, e2] = await unmatched(token, [tg(320, "F"), alt(95, "F")]);
    const p = await makePatient();
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await attach([e1!.id, e2!.id], p.mrn)).toMatchObject({
      status: "ok",
      message: "2 results attached to the patient; their monitoring and alerts are up to date.",
    });
    const rows = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: { code: "asc" } });
    expect(rows.map((r) => [r.code, Number(r.valueNumeric), r.enteredById])).toEqual([
      ["1742-6", 95, nurse.id],
      ["2571-8", 320, nurse.id],
    ]);
    for (const e of [e1!, e2!]) {
      const entry = await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: e.id } });
      expect([entry.status, entry.resolvedById, rows.some((r) => r.id === entry.labResultId)]).toEqual(["ATTACHED", nurse.id, true]);
      const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: e.id } });
      expect([audit.actorId, audit.patientId, (audit.changes as { attachedTogether: string[] }).attachedTogether]).toEqual([nurse.id, p.id, [e1!.id, e2!.id]]);
    }
  });

  it("attaches nothing when one of them cannot be attached, and names that result", async () => {
    const [final, preliminary] = await unmatched(token, [alt(60, "F"), tg(900, "P")]);
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(await attach([final!.id, preliminary!.id], p.mrn)).toMatchObject({
      status: "error",
      message: "Triglyceride (2571-8): A preliminary result is not recorded: the final result comes in its own message. Dismiss this entry.",
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    const left = await db().hl7QueueEntry.findMany({ where: { id: { in: [final!.id, preliminary!.id] } } });
    expect(left.map((e) => e.status)).toEqual(["PENDING", "PENDING"]);
    // The final one alone is attached.
    expect(await attach([final!.id], p.mrn)).toMatchObject({
      status: "ok",
      message: "Result attached to the patient; their monitoring and alerts are up to date.",
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("refuses results of two messages, one already attached, or an unknown id, and writes nothing", async () => {
    const [a] = await unmatched(token, [alt(50, "F")]);
    const [b, c] = await unmatched(token, [alt(51, "F"), tg(400, "F")]);
    const p = await makePatient();
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await attach([a!.id, b!.id], p.mrn)).toMatchObject({
      status: "error",
      message: "Results attached together must come from one message and name one patient.",
    });
    expect(await attach([b!.id, randomUUID()], p.mrn)).toMatchObject({ status: "error" });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect(await attach([b!.id], p.mrn)).toMatchObject({ status: "ok" });
    expect(await attach([b!.id, c!.id], p.mrn)).toMatchObject({
      status: "error",
      message: "One of these results was already attached or dismissed: reload the page.",
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(1);
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: c!.id } })).status).toBe("PENDING");
  });

  it("refuses results of one message that name two patients", async () => {
    const controlId = `QA-${randomUUID().slice(0, 8)}`;
    const two = [
      `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
      `PID|1||NOPE-A-${controlId}^^^CLINIC^MR||Doe^Jane||20000101|F`,
      `OBR|1||ORD1|57698-3^Panel^LN|||202611220800`,
      `OBX|1|${alt(70, "F")}`,
      `PID|2||NOPE-B-${controlId}^^^CLINIC^MR||Roe^Ann||20000101|F`,
      `OBR|1||ORD2|57698-3^Panel^LN|||202611220800`,
      `OBX|1|${tg(300, "F")}`,
    ].join("\r");
    await postHl7(token, two);
    const entries = await db().hl7QueueEntry.findMany({ where: { message: { controlId } } });
    expect(entries.map((e) => e.mrn).sort()).toEqual([`NOPE-A-${controlId}`, `NOPE-B-${controlId}`]);
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(
      await attach(
        entries.map((e) => e.id),
        p.mrn,
      ),
    ).toMatchObject({
      status: "error",
      message: "Results attached together must come from one message and name one patient.",
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("refuses more results than one message may attach at once, with the field's message", async () => {
    const ids = Array.from({ length: 51 }, () => randomUUID());
    expect(await attach(ids, "ANY")).toMatchObject({ status: "error", fieldErrors: { entryId: ["Attach at most 50 results at a time."] } });
  });
});

/** An MRN names one patient in any case, as the HL7 and spreadsheet imports match it. */
describe("attaching by an MRN typed in another case", () => {
  let token = "";
  beforeAll(async () => {
    token = (await makeLabInterface(await makeUser("ADMIN"), `Attach MRN case ${randomUUID().slice(0, 6)}`)).token;
  });

  it("attaches to the patient with that MRN, the audit row saying the message named it", async () => {
    const p = await makePatient();
    // The message names her MRN with another date of birth: it waits, her MRN in it.
    const controlId = `QC-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, p.mrn, [tg(320, "F")], { dob: "19990101" }));
    const [entry] = await db().hl7QueueEntry.findMany({ where: { message: { controlId } } });
    expect(entry!.reason).toBe("DOB_MISMATCH");
    const typed = p.mrn.toLowerCase();
    expect(typed).not.toBe(p.mrn);
    actAs(await makeUser("NURSE"));
    expect(await attach([entry!.id], typed)).toMatchObject({ status: "ok" });
    const rows = await db().labResult.findMany({ where: { patientId: p.id } });
    expect(rows.map((r) => Number(r.valueNumeric))).toEqual([320]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect([audit.patientId, (audit.changes as { messageMrnMatched: boolean }).messageMrnMatched]).toEqual([p.id, true]);
  });

  it("still refuses an MRN no patient has", async () => {
    const [entry] = await unmatched(token, [tg(330, "F")]);
    actAs(await makeUser("NURSE"));
    expect(await attach([entry!.id], `none-${randomUUID().slice(0, 8)}`)).toMatchObject({
      status: "error",
      fieldErrors: { mrn: ["No patient has this MRN."] },
    });
  });
});
