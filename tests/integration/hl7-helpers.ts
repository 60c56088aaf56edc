import { randomUUID } from "node:crypto";
import { beforeAll, expect } from "vitest";
import { createLabInterfaceAction } from "@/app/(portal)/admin/lab-interfaces/actions";
import { attachHl7ResultAction } from "@/app/(portal)/labs/queue/actions";
import { POST } from "@/app/hl7/route";
import { importHl7File } from "@/lib/data/import-hl7";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb, TODAY } from "./helpers";
import { approveAsDermatologist } from "./token-helpers";

/**
 * A lab interface made by this administrator as the admin page makes it (no token shown), approved by a
 * dermatologist, who is shown its token (returned); unless `approved: false`, which leaves it waiting, without a
 * token (the two-person rule). The administrator acts after.
 */
export async function makeLabInterface(admin: { id: string }, name: string): Promise<{ token: string; interfaceId: string }>;
export async function makeLabInterface(admin: { id: string }, name: string, opts: { approved: false }): Promise<{ token: null; interfaceId: string }>;
export async function makeLabInterface(admin: { id: string }, name: string, { approved = true } = {}): Promise<{ token: string | null; interfaceId: string }> {
  actAs(admin);
  const state = await createLabInterfaceAction(IDLE, form({ name }));
  if (state.status !== "ok" || state.reveal) throw new Error("the interface was not created as it should be");
  const { id } = await testDb().hl7Interface.findFirstOrThrow({ where: { name, createdById: admin.id }, orderBy: { createdAt: "desc" } });
  const token = approved ? (await approveAsDermatologist("LAB_INTERFACE", id, admin)).token : null;
  return { token, interfaceId: id };
}

/** One ORU^R01 message for one patient, its OBX segments given from OBX-1 on, the specimen taken on 22 Nov. */
export function oru(controlId: string, mrn: string, obx: string[], { dob = "20000101", obr = "202611220800" } = {}) {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
    `PID|1||${mrn}^^^CLINIC^MR||Doe^Jane||${dob}|F`,
    `OBR|1||ORD1|57698-3^Panel^LN|||${obr}`,
    ...obx.map((o, i) => `OBX|${i + 1}|${o}`),
  ].join("\r");
}
export const tg = (value: number, status: string) => `NM|2571-8^Triglyceride^LN||${value}|mg/dL|0-150|${value > 150 ? "H" : "N"}|||${status}`;
export const hcg = (result: "Negative" | "Positive" | "Indeterminate", status: string) =>
  `CWE|2106-3^hCG urine^LN||${{ Negative: "260385009", Positive: "10828004", Indeterminate: "82334004" }[result]}^${result}^SCT||${result}|${result === "Negative" ? "N" : "A"}|||${status}`;

/**
 * For a file whose tests upload laboratory files as a nurse and act as her or as a dermatologist: `users`, both
 * made before the file's tests (read inside a test), and `upload`, a file of one message uploaded by that nurse
 * on the import path, checked to be imported (its results attached or queued).
 */
export function nurseUploads() {
  const users = {} as { nurse: { id: string; role: "NURSE" }; derm: { id: string; role: "DERMATOLOGIST" } };
  beforeAll(async () => {
    users.nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" };
    users.derm = { id: (await makeUser("DERMATOLOGIST")).id, role: "DERMATOLOGIST" };
  });
  async function upload(body: string) {
    const out = await importHl7File({ kind: "UPLOAD", user: users.nurse }, body, TODAY);
    expect(out.messages.map((m) => m.status)).toEqual(["IMPORTED"]);
  }
  return { users, upload };
}

/** The laboratory's retraction waiting in the queue for this patient (the one the test made). */
export const retractionOf = (patientId: string) => testDb().hl7QueueEntry.findFirstOrThrow({ where: { patientId, reason: "RETRACTED" } });

/** A message posted to /hl7 with an interface's token: the HTTP status, the MSA fields after MSA and the ERR segment (AE, AR). */
export async function postHl7(token: string, body: string | Uint8Array<ArrayBuffer>) {
  const response = await POST(
    new Request("http://localhost:3000/hl7", {
      method: "POST",
      body,
      headers: { "content-type": "x-application/hl7-v2+er7", authorization: `Bearer ${token}` },
    }),
  );
  const segments = (await response.text()).split("\r");
  return { status: response.status, msa: segments[1]!.split("|").slice(1), err: segments[2] ?? null };
}

/** A message's queue entries, in OBX order. */
export async function queueEntriesOf(controlId: string) {
  const entries = await testDb().hl7QueueEntry.findMany({ where: { message: { controlId } } });
  return entries.sort((a, b) => Number((a.observation as { setId: string }).setId) - Number((b.observation as { setId: string }).setId));
}

/** A message for this MRN, its OBX segments given, posted to /hl7: its queue entries, in OBX order. */
export async function postedToQueue(token: string, mrn: string, obx: string[]) {
  const controlId = `Q-${randomUUID().slice(0, 8)}`;
  await postHl7(token, oru(controlId, mrn, obx));
  return queueEntriesOf(controlId);
}

/**
 * Queue entries attached by `user` to the patient of this MRN (born 1 Jan 2000) as the queue's form sends them:
 * each number sent without its unit in the unit chosen (`units`, by entry id), the warnings confirmed (`ack`).
 */
export function attachFromQueue(user: { id: string }, entryIds: string[], mrn: string, units: Record<string, string> = {}, ack: string[] = []) {
  const body = new FormData();
  for (const id of entryIds) body.append("entryId", id);
  body.set("mrn", mrn);
  body.set("birthDate", "2000-01-01");
  for (const [id, unit] of Object.entries(units)) body.set(`unit:${id}`, unit);
  for (const a of ack) body.append("ack", a);
  actAs(user);
  return attachHl7ResultAction(IDLE, body);
}

/** The warnings' tokens an answer asks to confirm, none unless it asks. */
export const confirmTokens = (state: ActionState) => (state.status === "confirm" ? state.warnings.map((w) => w.token) : []);
