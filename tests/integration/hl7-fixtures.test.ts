import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7File, type Hl7Origin } from "@/lib/data/import-hl7";
import { makeUser, testDb, TODAY } from "./helpers";

const db = () => testDb();
const fixture = (name: string) => readFileSync(new URL(`../fixtures/hl7/${name}`, import.meta.url), "utf8");

/** The patients the fixture messages name (PID-3 MRN, PID-7 date of birth). */
async function fixturePatient(mrn: string, dob: string, category: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT" = "CANNOT_BECOME_PREGNANT") {
  return db().patient.create({
    data: {
      mrn,
      firstName: "Fixture",
      lastName: mrn,
      dateOfBirth: new Date(`${dob}T00:00:00Z`),
      sexAtBirth: category === "CAN_BECOME_PREGNANT" ? "FEMALE" : "MALE",
      pregnancyCategory: category,
      indication: "ACNE_NODULAR",
    },
  });
}

const rowsOf = (patientId: string) =>
  db().labResult.findMany({
    where: { patientId },
    orderBy: { code: "asc" },
    select: {
      code: true,
      valueNumeric: true,
      valueQualitative: true,
      unit: true,
      labRange: true,
      labFlag: true,
      flag: true,
      flagReason: true,
      refHighDefaulted: true,
    },
  });

let upload: Hl7Origin;
let ana: { id: string };
let daniel: { id: string };
let linh: { id: string };
beforeAll(async () => {
  const nurse = await makeUser("NURSE");
  upload = { kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } };
  ana = await fixturePatient("ITK-20431", "1999-03-12");
  daniel = await fixturePatient("ITK-20432", "1987-07-04");
  linh = await fixturePatient("ITK-20433", "2001-01-15", "CAN_BECOME_PREGNANT");
});

describe("HL7 fixtures: results as laboratories send them", () => {
  it("imports a v2.5.1 lipid panel for the patient matched by MRN and date of birth, the lab's range and flag beside ours", async () => {
    const out = await importHl7File(upload, fixture("lipids-v251.hl7"), TODAY);
    expect(out).toEqual({
      error: null,
      messages: [
        {
          index: 1,
          controlId: "ACME-LIP-0001",
          sender: { application: "ACMELAB", facility: "ACME REFERENCE LAB" },
          version: "2.5.1",
          status: "IMPORTED",
          attached: 4,
          corrected: 0,
          queued: 0,
          patients: [{ id: ana.id, attached: 4 }],
          queueReasons: [],
          repeats: { stillListed: [], noLongerListed: [] },
          // 612 mg/dL of triglycerides is above the action level, below the critical one: nothing for today.
          urgent: [],
        },
      ],
    });
    const rows = (await rowsOf(ana.id)).map((r) => [r.code, Number(r.valueNumeric), r.unit, r.labRange, r.labFlag, r.flag, r.flagReason]);
    expect(rows).toEqual([
      ["18262-6", 128, "mg/dL", "0-99", "H", "HIGH", "128 mg/dL · above the lab range 0–99 · below the action level 190"],
      ["2085-9", 38, "mg/dL", ">39", "L", "LOW", "38 mg/dL · below the lab range ≥ 39"],
      ["2093-3", 210, "mg/dL", "0-200", "H", "HIGH", "210 mg/dL · above the lab range 0–200 · below the action level 240"],
      [
        "2571-8",
        612,
        "mg/dL",
        "0-149",
        "H",
        "ACTION",
        "612 mg/dL · above the lab range 0–149 · at or above the action level 500 · below the critical level 800",
      ],
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.message_import", entityType: "Hl7Message" }, orderBy: { id: "desc" } });
    expect(audit.changes).toMatchObject({ controlId: "ACME-LIP-0001", attached: 4, queued: 0, via: "UPLOAD" });
    // The message's content is not in the audit row: no name, no date of birth.
    expect(JSON.stringify(audit.changes)).not.toMatch(/Rivera|19990312/);
  });

  it("changes nothing when the same message (sender and control id) comes again", async () => {
    const before = { results: await db().labResult.count(), messages: await db().hl7Message.count(), queue: await db().hl7QueueEntry.count() };
    const again = await importHl7File(upload, fixture("lipids-v251.hl7"), TODAY);
    expect(again.messages.map((m) => [m.controlId, m.status, m.attached, m.queued])).toEqual([["ACME-LIP-0001", "ALREADY_IMPORTED", 0, 0]]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.message_import" }, orderBy: { id: "desc" } });
    expect(audit.changes).toEqual({ controlId: "ACME-LIP-0001", sender: "ACMELAB^ACME REFERENCE LAB", alreadyImported: true, via: "UPLOAD" });
    expect({ results: await db().labResult.count(), messages: await db().hl7Message.count(), queue: await db().hl7QueueEntry.count() }).toEqual(before);
  });

  it("imports a v2.3 liver panel; an AST without an upper limit is judged by the default range, and says so", async () => {
    const out = await importHl7File(upload, fixture("liver-v23.hl7"), TODAY);
    expect(out.messages.map((m) => [m.version, m.status, m.attached])).toEqual([["2.3", "IMPORTED", 2]]);
    expect((await rowsOf(daniel.id)).map((r) => [r.code, r.flag, r.refHighDefaulted, r.flagReason])).toEqual([
      ["1742-6", "ACTION", false, "145 U/L · above the lab range 7–40 · above the action level 120 (3× ULN) · at or below the critical level 200 (5× ULN)"],
      ["1920-8", "HIGH", true, "52 U/L · above the default range 8–40 · at or below the action level 120 (3× ULN)"],
    ]);
    const specimen = await db().labResult.findFirstOrThrow({ where: { patientId: daniel.id, code: "1742-6" } });
    expect(specimen.specimenDate.toISOString().slice(0, 10)).toBe("2026-11-19"); // OBR-7, no OBX-14
  });

  it("imports serum (SNOMED coded, v2.5.1) and urine (words, v2.4) pregnancy tests as laboratory tests", async () => {
    for (const name of ["serum-hcg-v251.hl7", "urine-hcg-v24.hl7"]) {
      const out = await importHl7File(upload, fixture(name), TODAY);
      expect(out.messages.map((m) => [m.status, m.attached])).toEqual([["IMPORTED", 1]]);
    }
    const rows = await db().labResult.findMany({ where: { patientId: linh.id }, orderBy: { code: "asc" } });
    expect(rows.map((r) => [r.code, r.valueQualitative, r.flag, r.pregnancyTestSetting, r.specimenDate.toISOString().slice(0, 10)])).toEqual([
      ["2106-3", "NEGATIVE", "NORMAL", "LAB", "2026-11-21"],
      ["2118-8", "NEGATIVE", "NORMAL", "LAB", "2026-11-20"],
    ]);
  });

  it("queues an unknown patient's results for review and attaches nothing", async () => {
    const before = await db().labResult.count();
    const out = await importHl7File(upload, fixture("unmatched-patient.hl7"), TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.queued, m.queueReasons])).toEqual([["IMPORTED", 0, 2, ["UNMATCHED"]]]);
    expect(await db().labResult.count()).toBe(before);
    const queued = await db().hl7QueueEntry.findMany({ where: { mrn: "ITK-99999" } });
    expect(queued.map((q) => [q.reason, q.status, q.birthDate, (q.observation as { code: string }).code]).sort((a, b) => a[3]!.localeCompare(b[3]!))).toEqual([
      ["UNMATCHED", "PENDING", "1995-01-01", "2093-3"],
      ["UNMATCHED", "PENDING", "1995-01-01", "2571-8"],
    ]);
  });

  it("queues results whose date of birth differs from the patient with that MRN, never attaching them", async () => {
    const wrongDob = fixture("lipids-v251.hl7").replace("ACME-LIP-0001", "ACME-LIP-0099").replace("||19990312|F|", "||19990313|F|");
    const before = await db().labResult.count({ where: { patientId: ana.id } });
    const out = await importHl7File(upload, wrongDob, TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.queued, m.queueReasons])).toEqual([["IMPORTED", 0, 4, ["DOB_MISMATCH"]]]);
    expect(await db().labResult.count({ where: { patientId: ana.id } })).toBe(before);
  });

  it("refuses a malformed message naming the segment, and writes nothing of it", async () => {
    const before = { results: await db().labResult.count(), messages: await db().hl7Message.count(), queue: await db().hl7QueueEntry.count() };
    const out = await importHl7File(upload, fixture("malformed-obx2.hl7"), TODAY);
    expect(out.messages.map((m) => [m.controlId, m.status, m.error])).toEqual([["ACME-LIP-0003", "REJECTED", "OBX segment 3: OBX-2 (value type) is missing."]]);
    expect({ results: await db().labResult.count(), messages: await db().hl7Message.count(), queue: await db().hl7QueueEntry.count() }).toEqual(before);
    const noType = fixture("unmatched-patient.hl7").replace("|ORU^R01^ORU_R01|", "||");
    const out2 = await importHl7File(upload, noType, TODAY);
    expect(out2.messages.map((m) => [m.status, m.error])).toEqual([["REJECTED", "MSH segment 1: MSH-9 (message type) is missing."]]);
    const reject = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.message_reject" }, orderBy: { id: "desc" } });
    expect(reject.changes).toEqual({ controlId: "ACME-LIP-0002", error: "MSH segment 1: MSH-9 (message type) is missing.", via: "UPLOAD" });
  });

  it("reads a file of several messages, each on its own: one imported, one refused", async () => {
    const file = [fixture("malformed-obx2.hl7"), fixture("lipids-v251.hl7").replace("ACME-LIP-0001", "ACME-LIP-0100").replace("||612|", "||300|")].join("\n");
    const out = await importHl7File(upload, file, TODAY);
    expect(out.messages.map((m) => [m.index, m.controlId, m.status, m.attached])).toEqual([
      [1, "ACME-LIP-0003", "REJECTED", 0],
      [2, "ACME-LIP-0100", "IMPORTED", 4],
    ]);
  });
});
