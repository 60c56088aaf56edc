import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { getLabAlerts, recordLabPanel } from "@/lib/data/labs";
import { CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { meetAtLocks, settled } from "./lock-helpers";

/**
 * The same result recorded twice (by two nurses, or by hand and by the laboratory's message) is one
 * result: the later one needs a "record again" confirmation, or is recorded as a copy naming the first,
 * and is counted once (README "Lab results": duplicates). That must hold when the two arrive at the same
 * moment, not only one after the other.
 */
const db = () => testDb();
const SPECIMEN = "2026-11-20";

async function nurse() {
  const u = await makeUser("NURSE");
  return { id: u.id, role: "NURSE" as const };
}

/** A nurse records TG 900 mg/dL (critical) for SPECIMEN by hand, without confirming any repeat. */
async function byHand(actor: { id: string; role: "NURSE" }, patientId: string) {
  const labTestId = (await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } })).id;
  return recordLabPanel(actor, { patientId, submissionId: randomUUID(), specimenDate: SPECIMEN, values: [{ labTestId, value: "900" }] }, TODAY);
}

/** The laboratory's message with the same TG 900 for SPECIMEN. */
function fromLab(actor: { id: string; role: "NURSE" }, mrn: string) {
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|MSG-${randomUUID().slice(0, 8)}|P|2.5.1`,
    `PID|1||${mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
    "OBR|1||ORD1|57698-3^Lipid panel^LN|||202611200800",
    "OBX|1|NM|2571-8^Triglyceride^LN||900|mg/dL|0-150|HH|||F",
  ].join("\r");
  return importHl7File({ kind: "UPLOAD", user: actor }, message, TODAY);
}

/** The patient's live TG results that count (not copies of another). */
const counted = (patientId: string) => db().labResult.count({ where: { patientId, analyte: "TG", voidedAt: null, duplicateOfId: null } });
const criticalAlerts = async (patientId: string) => (await getLabAlerts(CLINICIAN, 1000)).critical.filter((a) => a.patientId === patientId);

describe("the same result recorded twice at the same moment", () => {
  it("two nurses entering the same result at once: it is counted once, the second asked to confirm or recorded as a copy", async () => {
    const [a, b] = [await nurse(), await nurse()];
    const p = await makePatient();
    // Each entry checks for an earlier one, inserts, then waits at the patient's derived-data lock.
    const outcomes = await meetAtLocks<unknown>([p.id], [settled(() => byHand(a, p.id)), settled(() => byHand(b, p.id))]);
    expect(outcomes[0]).toMatchObject({ value: { inserted: 1 } });
    expect(await counted(p.id)).toBe(1);
    expect(await criticalAlerts(p.id)).toHaveLength(1);
  });

  it("a hand entry made while the laboratory's message with the same result is imported: it is counted once", async () => {
    const n = await nurse();
    const p = await makePatient();
    // The message holds the patient's row and waits at the derived-data lock; the hand entry, which found no
    // earlier result, inserts and waits there too. The message then commits first.
    const outcomes = await meetAtLocks<unknown>([p.id], [settled(() => fromLab(n, p.mrn)), settled(() => byHand(n, p.id))]);
    expect(outcomes[0]).toMatchObject({ value: { messages: [{ status: "IMPORTED", attached: 1 }] } });
    expect(await counted(p.id)).toBe(1);
    expect(await criticalAlerts(p.id)).toHaveLength(1);
  });
});
