import { randomBytes } from "node:crypto";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { importHl7File } from "../lib/data/import-hl7";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect } from "./fixtures";

const hl7Date = (iso: string) => iso.replace(/-/g, "");

/**
 * A patient who can become pregnant, on a course, whose laboratory's positive pregnancy test (collected on
 * `collectedOn`, a clinic day) waits under Unfiled lab results: the message, uploaded by a nurse, names her MRN
 * and another date of birth, so the entry waits (DOB_MISMATCH) and holds her prescribing.
 */
export async function patientWithQueuedPositiveTest(collectedOn: string): Promise<SpecPatient> {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  const patient = await createSpecPatient(derm, { canBecomePregnant: true });
  await startSpecCourse(patient, derm, 10, { canBecomePregnant: true });
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${hl7Date(clinicToday())}0830||ORU^R01|E2E-QP-${randomBytes(4).toString("hex")}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Ash^Ann||19600615|F`,
    `OBR|1||ORD1|2106-3^hCG urine^LN|||${hl7Date(collectedOn)}0700`,
    "OBX|1|CWE|2106-3^hCG urine^LN||10828004^Positive^SCT||Negative|A|||F",
  ].join("\r");
  const imported = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, clinicToday());
  expect(imported.messages[0]).toMatchObject({ queued: 1 });
  const entry = await db.hl7QueueEntry.findFirstOrThrow({ where: { mrn: patient.mrn, status: "PENDING" } });
  expect(entry).toMatchObject({ reason: "DOB_MISMATCH", holdsPatientId: patient.id });
  return patient;
}
