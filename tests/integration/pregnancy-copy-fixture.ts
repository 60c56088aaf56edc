import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { importHl7File } from "@/lib/data/import-hl7";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { hcg } from "./hl7-helpers";

/**
 * A patient who can become pregnant, no course, with a positive pregnancy test recorded twice: the clinic's of
 * 22 Nov, entered by a new nurse on the lab panel form, then the laboratory's message reporting the same result,
 * uploaded by that nurse, a copy naming the first (lib/data/lab-copies.ts). A new dermatologist, returned with
 * the nurse, the patient and both records, stays signed in.
 */
export async function positiveRecordedTwice() {
  const nurse = await makeUser("NURSE");
  const derm = await makeUser("DERMATOLOGIST");
  const patient = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const urine = (await testDb().labTest.findFirstOrThrow({ where: { code: "2106-3" } })).id;
  actAs(nurse);
  const entry = form({
    patientId: patient.id,
    submissionId: randomUUID(),
    specimenDate: "2026-11-22",
    pregnancyTestSetting: "LAB",
    [`value:${urine}`]: "POSITIVE",
  });
  expect(await recordLabPanelAction(IDLE, entry)).toMatchObject({ status: "ok" });
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|202611230830||ORU^R01|MSG-${randomUUID().slice(0, 8)}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Patient^Test||20000101|F`,
    "OBR|1||ORD1|2106-3^hCG^LN|||202611220800",
    `OBX|1|${hcg("Positive", "F")}`,
  ].join("\r");
  const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, TODAY);
  expect(out.messages.map((m) => [m.status, m.attached])).toEqual([["IMPORTED", 1]]);
  const results = await testDb().labResult.findMany({ where: { patientId: patient.id, analyte: "HCG" }, orderBy: { enteredAt: "asc" } });
  expect(results.map((r) => r.duplicateOfId)).toEqual([null, results[0]!.id]);
  actAs(derm);
  return { derm, nurse, patient, first: results[0]!, copy: results[1]! };
}
