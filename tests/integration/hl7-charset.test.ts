import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7FileAction } from "@/app/(portal)/labs/import/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, makeUser, testDb } from "./helpers";
import { makeLabInterface, postHl7 } from "./hl7-helpers";

/**
 * A message's bytes are read in the character set its MSH-18 names: UTF-8 (empty, or UNICODE UTF-8),
 * strictly, or ISO 8859-1 (8859/1). "José" arrives as "José" either way. Bytes that are not text in the
 * named character set, or another character set, refuse the message (AE from /hl7, the file's error on
 * the upload page) and nothing of it is stored.
 */
const db = () => testDb();
const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const concat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

/** A message for a patient no MRN matches (its result waits for review, with the name it gives), MSH-18 as given. */
function message(controlId: string, given: string, msh18: string) {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1||||||${msh18}`,
    `PID|1||CS-${randomUUID().slice(0, 8)}^^^CLINIC^MR||Doe^${given}||20000101|F`,
    "OBR|1||ORD1|57698-3^Panel^LN|||202611220800",
    "OBX|1|NM|2571-8^Triglyceride^LN||120|mg/dL|0-150|N|||F",
  ].join("\r");
}
const controlId = () => `CS-${randomUUID().slice(0, 8)}`;

let token: string;
let interfaceId: string;
let nurse: { id: string };
beforeAll(async () => {
  ({ token, interfaceId } = await makeLabInterface(await makeUser("ADMIN"), `Charset lab ${randomUUID().slice(0, 8)}`));
  nurse = await makeUser("NURSE");
});

const post = (body: Uint8Array<ArrayBuffer>) => postHl7(token, body);

async function upload(bytes: Uint8Array<ArrayBuffer>) {
  const fd = new FormData();
  fd.append("file", new File([bytes], "results.hl7", { type: "text/plain" }));
  actAs(nurse);
  return importHl7FileAction(IDLE, fd);
}

/** What was stored of a message: its text and the name its waiting result carries. */
async function stored(id: string) {
  const rows = await db().hl7Message.findMany({ where: { controlId: id }, select: { raw: true, queue: { select: { patientName: true } } } });
  return rows.map((m) => ({ name: m.queue.map((q) => q.patientName), raw: /Doe\^[^|]*/.exec(m.raw)?.[0] }));
}

describe("the character set of a message posted to /hl7", () => {
  it("reads José in ISO 8859-1 under 8859/1, and in UTF-8 under UNICODE UTF-8 or an empty MSH-18", async () => {
    for (const [charset, encode] of [
      ["8859/1", latin1],
      ["UNICODE UTF-8", utf8],
      ["", utf8],
    ] as const) {
      const id = controlId();
      const answer = await post(encode(message(id, "José", charset)));
      expect([answer.status, ...answer.msa]).toEqual([200, "AA", id, "Imported: 0 results attached, 1 waiting for review (unknown MRN)."]);
      expect(await stored(id)).toEqual([{ name: ["José Doe"], raw: "Doe^José" }]);
    }
  });

  it("answers bytes that are not text in the named character set with AE naming the field, and stores nothing", async () => {
    const id = controlId();
    const text = "PID segment 1: PID-5 is not valid UTF-8; MSH-18 names no other character set.";
    const answer = await post(latin1(message(id, "José", "")));
    expect([answer.status, ...answer.msa]).toEqual([200, "AE", id, text]);
    expect(answer.err).toBe(`ERR||PID^1^5|102^Data type error^HL70357|E||||${text}`);
    expect(await stored(id)).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.message_reject", actorId: interfaceId }, orderBy: { id: "desc" } });
    expect(audit.changes).toEqual({ controlId: id, error: text, via: "INTERFACE" });

    const quoted = latin1(message(id, "José", "8859/1"));
    quoted[quoted.indexOf(0xe9)] = 0x93;
    expect((await post(quoted)).msa).toEqual(["AE", id, "PID segment 1: PID-5 has byte 0x93, not a character of 8859/1 (MSH-18)."]);
    expect(await stored(id)).toEqual([]);
  });

  it("answers a character set it does not accept with AE at MSH-18, and stores nothing", async () => {
    const id = controlId();
    const text = 'MSH-18 character set "8859/15" is not accepted; use UNICODE UTF-8 (or leave it empty), ASCII or 8859/1.';
    const answer = await post(utf8(message(id, "Jane", "8859/15")));
    // MSA-3 holds 80 characters; ERR-8 the whole text.
    expect([answer.status, ...answer.msa]).toEqual([200, "AE", id, text.slice(0, 80)]);
    expect(answer.err).toBe(`ERR||MSH^1^18|103^Table value not found^HL70357|E||||${text}`);
    expect(await stored(id)).toEqual([]);
  });
});

describe("the character set of an uploaded file", () => {
  it("reads each message by its own MSH-18: José in ISO 8859-1 and in UTF-8 in one file", async () => {
    const [first, second] = [controlId(), controlId()];
    const state = await upload(concat(latin1(message(first, "José", "8859/1")), utf8("\r\n"), utf8(message(second, "José", ""))));
    expect(state).toMatchObject({ status: "ok", message: "2 messages: 2 imported, 0 already imported, 0 refused." });
    expect([...(await stored(first)), ...(await stored(second))]).toEqual([
      { name: ["José Doe"], raw: "Doe^José" },
      { name: ["José Doe"], raw: "Doe^José" },
    ]);
  });

  it("refuses the whole file when a message is not text in its character set, naming it; nothing of the file is stored", async () => {
    const [first, second] = [controlId(), controlId()];
    const state = await upload(concat(utf8(message(first, "José", "")), utf8("\r"), latin1(message(second, "José", "UNICODE UTF-8"))));
    expect(state).toMatchObject({
      status: "error",
      fieldErrors: {
        file: ["Message 2: PID segment 1: PID-5 is not valid UTF-8, the character set MSH-18 names. Nothing of the file was imported."],
      },
    });
    expect([...(await stored(first)), ...(await stored(second))]).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.message_reject", actorId: nurse.id }, orderBy: { id: "desc" } });
    expect(audit.changes).toMatchObject({ via: "UPLOAD", error: expect.stringMatching(/^Message 2: PID segment 1/) });

    const other = await upload(utf8(message(controlId(), "Jane", "8859/15")));
    expect(other).toMatchObject({
      status: "error",
      fieldErrors: { file: [expect.stringMatching(/^Message 1: MSH-18 character set "8859\/15" is not accepted/)] },
    });
  });
});
