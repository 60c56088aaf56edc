import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { makeUser, testDb, TODAY } from "./helpers";

const db = () => testDb();

/** One ORU^R01 message: a triglyceride above the lab's range and an ALT within it, for one patient. */
function oru(controlId: string, mrn: string, dob: string) {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|${controlId}|P|2.5.1`,
    `PID|1||${mrn}^^^CLINIC^MR||Doe^Jane||${dob}|F`,
    "OBR|1||ORD1|57698-3^Lipid panel^LN|||202611220800",
    "OBX|1|NM|2571-8^Triglyceride^LN||180|mg/dL|0-150|H|||F",
    "OBX|2|NM|1742-6^ALT^LN||30|U/L|7-56|N|||F",
  ].join("\r");
}

async function patient() {
  const mrn = `H-${randomUUID().slice(0, 8)}`;
  const p = await db().patient.create({
    data: {
      mrn,
      firstName: "Jane",
      lastName: "Doe",
      dateOfBirth: new Date("1999-01-01T00:00:00Z"),
      sexAtBirth: "FEMALE",
      pregnancyCategory: "CANNOT_BECOME_PREGNANT",
      indication: "ACNE_NODULAR",
    },
  });
  return p;
}

describe("HL7 v2 result import", () => {
  it("attaches a matched patient's results once, with the lab's unit, range and flag kept", async () => {
    const nurse = await makeUser("NURSE");
    const p = await patient();
    const id = `MSG-${randomUUID().slice(0, 8)}`;
    const first = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, oru(id, p.mrn, "19990101"), TODAY);
    expect([first.error, first.messages.map((m) => [m.controlId, m.status, m.attached, m.queued])]).toEqual([null, [[id, "IMPORTED", 2, 0]]]);
    const rows = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: { code: "asc" } });
    expect(rows.map((r) => [r.code, Number(r.valueNumeric), r.flag])).toEqual([
      ["1742-6", 30, "NORMAL"],
      ["2571-8", 180, "HIGH"],
    ]);
    // The same message again (its control id) changes nothing.
    const again = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, oru(id, p.mrn, "19990101"), TODAY);
    expect(again.messages.map((m) => m.status)).toEqual(["ALREADY_IMPORTED"]);
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(2);
  });

  it("never attaches results to a patient whose date of birth differs: they wait for review", async () => {
    const nurse = await makeUser("NURSE");
    const p = await patient();
    const out = await importHl7File(
      { kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } },
      oru(`MSG-${randomUUID().slice(0, 8)}`, p.mrn, "19990102"),
      TODAY,
    );
    expect(out.messages.map((m) => [m.status, m.attached])).toEqual([["IMPORTED", 0]]);
    expect(out.messages[0]!.queued).toBeGreaterThan(0);
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("refuses a malformed message, naming the segment, and writes nothing", async () => {
    const nurse = await makeUser("NURSE");
    const p = await patient();
    const broken = oru(`MSG-${randomUUID().slice(0, 8)}`, p.mrn, "19990101").replace("PID|1||", "PIX|1||");
    const before = await db().labResult.count();
    const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, broken, TODAY);
    const problem = out.error ?? out.messages[0]?.error ?? "";
    expect(problem).toMatch(/PID|PIX/);
    expect(await db().labResult.count()).toBe(before);
  });
});
