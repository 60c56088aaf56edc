import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createLabInterfaceAction, revokeLabInterfaceAction } from "@/app/(portal)/admin/lab-interfaces/actions";
import { attachHl7ResultAction, dismissHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { POST } from "@/app/hl7/route";
import { getAuditReport } from "@/lib/data/audit-report";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";
import { makeLabInterface } from "./hl7-helpers";
import { approveAsDermatologist } from "./token-helpers";

const db = () => testDb();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/hl7/${name}`, import.meta.url), "utf8");

/** The v2.3 liver panel fixture for another patient and control id. */
const liver = (mrn: string, controlId: string, dob = "19870704") =>
  fixture("liver-v23.hl7").replace("ITK-20432", mrn).replace("NSL-LFT-20261121-0042", controlId).replace("||19870704|", `||${dob}|`);

const post = (body: string, token: string | null, type = "x-application/hl7-v2+er7") =>
  POST(
    new Request("http://localhost:3000/hl7", {
      method: "POST",
      body,
      headers: { "content-type": type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    }),
  );

/** An acknowledgement's MSA segment (code, control id acknowledged, text) and its ERR segment, if any. */
async function readAck(response: Response) {
  const segments = (await response.text()).split("\r");
  expect(segments[0]).toMatch(/^MSH\|\^~\\&\|ISOTRACK\|CLINIC\|/);
  expect(segments.length).toBeLessThanOrEqual(3);
  return { msa: segments[1]!.split("|").slice(1), err: segments[2] ?? null };
}
const msa = async (response: Response) => (await readAck(response)).msa;
/** ERR-3 of a refusal unrelated to the message's content (HL7 table 0357). */
const NOT_PROCESSED = "207^Application internal error^HL70357";

async function patient(mrn: string, dob = "1987-07-04") {
  return db().patient.create({
    data: {
      mrn,
      firstName: "Endpoint",
      lastName: "Test",
      dateOfBirth: new Date(`${dob}T00:00:00Z`),
      sexAtBirth: "MALE",
      pregnancyCategory: "CANNOT_BECOME_PREGNANT",
      indication: "ACNE_NODULAR",
    },
  });
}

let token: string;
let interfaceId: string;
let admin: { id: string };
beforeAll(async () => {
  admin = await makeUser("ADMIN");
  ({ token, interfaceId } = await makeLabInterface(admin, "Northside lab feed"));
});

describe("POST /hl7 from a lab interface", () => {
  it("stores only the token's hash, and shows its first characters", async () => {
    const row = await db().hl7Interface.findUniqueOrThrow({ where: { id: interfaceId } });
    expect(token).toMatch(/^ihl7_[A-Za-z0-9_-]{43}$/);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.tokenHash).not.toContain(token);
    expect(row.tokenHint).toBe(token.slice(0, 9));
  });

  it("imports a message with a valid token and acknowledges it (AA); the same message again changes nothing", async () => {
    const p = await patient(`EP-${randomUUID().slice(0, 8)}`);
    const controlId = `NSL-${randomUUID().slice(0, 8)}`;
    const first = await post(liver(p.mrn, controlId), token);
    expect(first.status).toBe(200);
    expect(await readAck(first)).toEqual({ msa: ["AA", controlId, "Imported: 2 results attached, 0 waiting for review."], err: null });
    const rows = await db().labResult.findMany({ where: { patientId: p.id }, include: { hl7Message: true } });
    expect(rows.map((r) => [r.enteredById, r.hl7Message?.interfaceId]).sort()).toEqual([
      [null, interfaceId],
      [null, interfaceId],
    ]);
    expect((await db().hl7Interface.findUniqueOrThrow({ where: { id: interfaceId } })).lastUsedAt).not.toBeNull();
    const again = await post(liver(p.mrn, controlId), token, "text/plain; charset=utf-8");
    expect(await readAck(again)).toEqual({ msa: ["AA", controlId, "Already imported: nothing changed."], err: null });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(2);
    const audit = await db().auditEvent.findMany({ where: { action: "lab.message_import", actorId: interfaceId } });
    expect(audit.map((a) => (a.changes as { controlId: string; via: string }).via)).toContain("INTERFACE");
    expect(JSON.stringify(audit.map((a) => a.changes))).not.toMatch(/Okafor|19870704/);
    // The interface is named by its id and no role: it is not a nurse, and the trail says which lab it was.
    const written = await db().auditEvent.findMany({ where: { actorId: interfaceId, action: { in: ["lab.message_import", "lab.import"] } } });
    expect(new Set(written.map((a) => `${a.action}:${a.actorRole}`))).toEqual(new Set(["lab.message_import:null", "lab.import:null"]));
    const report = await getAuditReport({ role: "ADMIN" }, { actorId: interfaceId, page: 1 });
    expect(new Set(report.rows.map((r) => r.actorName))).toEqual(new Set([`Northside lab feed (lab interface ${interfaceId.slice(0, 8)})`]));
  });

  it("answers a malformed message with AE naming the segment, its ERR the field and HL7 error, and writes nothing", async () => {
    const before = { results: await db().labResult.count(), messages: await db().hl7Message.count() };
    const broken = liver("EP-NONE", "NSL-BROKEN-1").replace("OBX|2|NM|", "OBX|2||");
    const response = await post(broken, token);
    expect(response.status).toBe(200);
    // A v2.3 message: the acknowledgement is in 2.3, whose ERR-1 carries the location and code as well.
    expect(await readAck(response)).toEqual({
      msa: ["AE", "NSL-BROKEN-1", "OBX segment 2: OBX-2 (value type) is missing."],
      err: "ERR|OBX^2^2^101&Required field missing&HL70357|OBX^2^2|101^Required field missing^HL70357|E||||OBX segment 2: OBX-2 (value type) is missing.",
    });
    expect({ results: await db().labResult.count(), messages: await db().hl7Message.count() }).toEqual(before);
  });

  it("answers a failure of the server with AR (send it again later), writes nothing of the message, and imports it when it comes again", async () => {
    const p = await patient(`EP-${randomUUID().slice(0, 8)}`);
    const controlId = `NSL-${randomUUID().slice(0, 8)}`;
    // A real fault inside the import's transaction: the application role may not insert lab results for a while.
    const [{ role }] = await db().$queryRaw<[{ role: string }]>`SELECT current_user AS role`;
    const owner = new pg.Client({ connectionString: inject("ownerUrl") });
    await owner.connect();
    try {
      await owner.query(`REVOKE INSERT ON lab_results FROM "${role}"`);
      const failed = await post(liver(p.mrn, controlId), token);
      expect(failed.status).toBe(500);
      expect(await readAck(failed)).toEqual({
        msa: ["AR", controlId, "The server could not process the message. Send it again later."],
        err: "ERR|^^^207&Application internal error&HL70357||207^Application internal error^HL70357|E||||The server could not process the message. Send it again later.",
      });
    } finally {
      await owner.query(`GRANT INSERT ON lab_results TO "${role}"`);
      await owner.end();
    }
    expect(await db().hl7Message.count({ where: { controlId } })).toBe(0);
    const again = await post(liver(p.mrn, controlId), token);
    expect([again.status, ...(await msa(again))]).toEqual([200, "AA", controlId, "Imported: 2 results attached, 0 waiting for review."]);
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(2);
  });

  it("imports a message as large as the endpoint accepts (one result for each of 2,900 patients), rather than answering AR to it every time it is sent", async () => {
    const mrns = Array.from({ length: 2900 }, (_, i) => `EP-BIG-${randomUUID().slice(0, 6)}-${i}`);
    await db().patient.createMany({
      data: mrns.map((mrn) => ({
        mrn,
        firstName: "Endpoint",
        lastName: "Test",
        dateOfBirth: new Date("1987-07-04T00:00:00Z"),
        sexAtBirth: "MALE" as const,
        pregnancyCategory: "CANNOT_BECOME_PREGNANT" as const,
        indication: "ACNE_NODULAR" as const,
      })),
    });
    const controlId = `NSL-BIG-${randomUUID().slice(0, 8)}`;
    const body = [
      `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
      ...mrns.flatMap((mrn) => [`PID|||${mrn}||||19870704`, "OBX|1|NM|2571-8^^LN||120|mg/dL|||||F|||202611220800"]),
    ].join("\r");
    // Just under the 256 KB the server accepts (scripts/server.mjs answers a larger body with 413).
    expect(body.length).toBeGreaterThan(250_000);
    expect(body.length).toBeLessThan(256 * 1024);
    const response = await post(body, token);
    expect([response.status, ...(await msa(response))]).toEqual([200, "AA", controlId, "Imported: 2900 results attached, 0 waiting for review."]);
    expect(await db().labResult.count({ where: { hl7Message: { controlId } } })).toBe(2900);
  }, 180_000);

  it("refuses a missing or unknown token (401, AR), another media type (415, AR) and a body that is not one message (400, AE), writing no result", async () => {
    const before = { results: await db().labResult.count(), messages: await db().hl7Message.count() };
    const missing = await post(liver("EP-X", "NSL-NOTOKEN"), null);
    expect([missing.status, missing.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="hl7"']);
    expect(await readAck(missing)).toEqual({
      msa: ["AR", "", "A valid lab interface token is required: Authorization: Bearer <token>."],
      err: `ERR|||${NOT_PROCESSED}|E||||A valid lab interface token is required: Authorization: Bearer <token>.`,
    });
    const unknown = await post(liver("EP-X", "NSL-UNKNOWN"), `ihl7_${"A".repeat(43)}`);
    expect(unknown.status).toBe(401);
    const json = await post(liver("EP-X", "NSL-JSON"), token, "application/json");
    expect([json.status, (await readAck(json)).err]).toEqual([415, `ERR|||${NOT_PROCESSED}|E||||Send the message as x-application/hl7-v2+er7 or text/plain.`]);
    const two = await post(`${liver("EP-X", "NSL-TWO-1")}\r${liver("EP-X", "NSL-TWO-2")}`, token);
    expect([two.status, await readAck(two)]).toEqual([
      400,
      {
        msa: ["AE", "NSL-TWO-1", "Send one HL7 message per request."],
        err: "ERR|MSH^2^^100&Segment sequence error&HL70357|MSH^2|100^Segment sequence error^HL70357|E||||Send one HL7 message per request.",
      },
    ]);
    const notHl7 = await post("PID|1||EP-X^^^CLINIC^MR", token);
    const notHl7Text = 'The file must start with an MSH segment; it starts with "PID".';
    expect([notHl7.status, await readAck(notHl7)]).toEqual([
      400,
      { msa: ["AE", "", notHl7Text], err: `ERR||MSH^1|100^Segment sequence error^HL70357|E||||${notHl7Text}` },
    ]);
    expect({ results: await db().labResult.count(), messages: await db().hl7Message.count() }).toEqual(before);
  });

  it("refuses a revoked interface's token from the next call on, and audits the attempt", async () => {
    actAs(admin);
    await createLabInterfaceAction(IDLE, form({ name: "Lab to revoke" }));
    const row = await db().hl7Interface.findFirstOrThrow({ where: { name: "Lab to revoke" } });
    const { token: revokedToken } = await approveAsDermatologist("LAB_INTERFACE", row.id, admin);
    expect(await revokeLabInterfaceAction(IDLE, form({ interfaceId: row.id }))).toMatchObject({ status: "ok" });
    const before = await db().hl7Message.count();
    const response = await post(liver("EP-X", "NSL-REVOKED"), revokedToken);
    expect(response.status).toBe(401);
    expect(await db().hl7Message.count()).toBe(before);
    const denied = await db().auditEvent.findFirstOrThrow({ where: { action: "access.denied", entityId: row.id } });
    expect([denied.changes, denied.actorId, denied.actorRole]).toEqual([{ reason: "revoked" }, row.id, null]);
  });
});

describe("the review queue", () => {
  it("attaches a waiting result to the patient confirmed by MRN and date of birth, once", async () => {
    const nurse = await makeUser("NURSE");
    const controlId = `NSL-${randomUUID().slice(0, 8)}`;
    await post(liver(`UNKNOWN-${controlId}`, controlId), token);
    const entries = await db().hl7QueueEntry.findMany({ where: { message: { controlId } } });
    expect(entries.map((e) => [e.reason, e.status])).toEqual([
      ["UNMATCHED", "PENDING"],
      ["UNMATCHED", "PENDING"],
    ]);
    const alt = entries.find((e) => (e.observation as { code: string }).code === "1742-6")!;
    const p = await patient(`EP-${randomUUID().slice(0, 8)}`, "1987-07-04");
    actAs(nurse);
    const wrongDob = await attachHl7ResultAction(IDLE, form({ entryId: alt.id, mrn: p.mrn, birthDate: "1987-07-05" }));
    expect(wrongDob).toMatchObject({ status: "error", fieldErrors: { birthDate: ["This is not the date of birth of the patient with this MRN."] } });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    const ok = await attachHl7ResultAction(IDLE, form({ entryId: alt.id, mrn: p.mrn, birthDate: "1987-07-04" }));
    expect(ok).toMatchObject({ status: "ok" });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect([row!.code, row!.flag, row!.enteredById, row!.hl7MessageId]).toEqual(["1742-6", "ACTION", nurse.id, alt.messageId]);
    expect(await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: alt.id } })).toMatchObject({
      status: "ATTACHED",
      labResultId: row!.id,
      resolvedById: nurse.id,
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: alt.id } });
    expect([audit.actorId, audit.patientId]).toEqual([nurse.id, p.id]);
    // The MRN the message gave (here no patient's) is part of the message: the row says whether it was the
    // patient's, never what it was.
    expect(audit.changes).toEqual({ reason: "UNMATCHED", messageMrnMatched: false, labResultId: row!.id });
    expect(JSON.stringify(audit.changes)).not.toContain(`UNKNOWN-${controlId}`);
    const twice = await attachHl7ResultAction(IDLE, form({ entryId: alt.id, mrn: p.mrn, birthDate: "1987-07-04" }));
    expect(twice).toMatchObject({ status: "error", message: "This result was already attached or dismissed." });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("dismisses a waiting result with a reason; without one, nothing changes", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const controlId = `NSL-${randomUUID().slice(0, 8)}`;
    await post(liver(`UNKNOWN-${controlId}`, controlId), token);
    const entry = await db().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    actAs(derm);
    const blank = await dismissHl7ResultAction(IDLE, form({ entryId: entry.id, reason: " " }));
    expect(blank).toMatchObject({ status: "error", fieldErrors: { reason: ["Enter why the result is dismissed."] } });
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).status).toBe("PENDING");
    expect(await dismissHl7ResultAction(IDLE, form({ entryId: entry.id, reason: "Not a patient of this clinic" }))).toMatchObject({ status: "ok" });
    expect(await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({
      status: "REJECTED",
      resolvedById: derm.id,
      resolutionNote: "Not a patient of this clinic",
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_reject", entityId: entry.id } });
    expect([audit.actorId, audit.changes]).toEqual([derm.id, { reason: "Not a patient of this clinic" }]);
  });
});
