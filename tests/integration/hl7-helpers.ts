import { createLabInterfaceAction } from "@/app/(portal)/admin/lab-interfaces/actions";
import { POST } from "@/app/hl7/route";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, testDb } from "./helpers";
import { approveAsDermatologist } from "./token-helpers";

/**
 * A lab interface made by this administrator as the admin page makes it: its token (shown once) and id.
 * Approved by a dermatologist unless `approved: false` (the two-person rule); the administrator acts after.
 */
export async function makeLabInterface(admin: { id: string }, name: string, { approved = true } = {}): Promise<{ token: string; interfaceId: string }> {
  actAs(admin);
  const state = await createLabInterfaceAction(IDLE, form({ name }));
  if (state.status !== "ok" || !state.reveal) throw new Error("the interface was not created");
  const { id } = await testDb().hl7Interface.findFirstOrThrow({ where: { name } });
  if (approved) await approveAsDermatologist("LAB_INTERFACE", id, admin);
  return { token: state.reveal.values[0]!, interfaceId: id };
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
