import { randomBytes } from "node:crypto";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { importHl7File } from "../lib/data/import-hl7";
import { addDays } from "../lib/domain/dates";
import { QUEUED_LAB_RESULT } from "../lib/domain/pregnancy/pregnancy-tests";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

/*
 * A laboratory's positive pregnancy test that waits under Unfiled lab results for the patient with its MRN (the
 * message gives another date of birth) stops her prescribing: her banner says so and why, in words naming no
 * result, with a link to the queue for the roles that may open it (nurses and dermatologists, not office staff).
 */
let patient: SpecPatient;
const RESULT_WORDS = /positive|negative|indeterminate/i;
const hl7Date = (iso: string) => iso.replace(/-/g, "");

test.beforeAll(async () => {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  patient = await createSpecPatient(derm, { canBecomePregnant: true });
  await startSpecCourse(patient, derm, 10, { canBecomePregnant: true });
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${hl7Date(clinicToday())}0830||ORU^R01|E2E-QP-${randomBytes(4).toString("hex")}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Ash^Ann||19600615|F`,
    `OBR|1||ORD1|2106-3^hCG urine^LN|||${hl7Date(addDays(clinicToday(), -1))}0700`,
    "OBX|1|CWE|2106-3^hCG urine^LN||10828004^Positive^SCT||Negative|A|||F",
  ].join("\r");
  const imported = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, clinicToday());
  expect(imported.messages[0]).toMatchObject({ queued: 1 });
  const entry = await db.hl7QueueEntry.findFirstOrThrow({ where: { mrn: patient.mrn, status: "PENDING" } });
  expect(entry).toMatchObject({ reason: "DOB_MISMATCH", holdsPatientId: patient.id });
});

test("the banner says a laboratory's pregnancy test waits under Unfiled lab results, and links there for a nurse, not for office staff", async ({
  browser,
}) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const n = await nurse.newPage();
  await n.goto(`/patients/${patient.id}`);
  const banner = n.getByTestId("pregnancy-review-needed");
  await expect(banner).toContainText("Dermatologist review required before any further prescription.");
  await expect(banner.getByTestId("pregnancy-review-reasons")).toHaveText(`${QUEUED_LAB_RESULT}. Open Unfiled lab results`);
  await banner.getByRole("link", { name: "Open Unfiled lab results" }).click();
  await expect(n).toHaveURL(/\/labs\/queue$/);
  await expect(n.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${patient.mrn}` })).toHaveCount(1);
  await nurse.close();

  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await s.goto(`/patients/${patient.id}`);
  const staffBanner = s.getByTestId("pregnancy-review-needed");
  await expect(staffBanner.getByTestId("pregnancy-review-reasons")).toHaveText(`${QUEUED_LAB_RESULT}.`);
  await expect(staffBanner.getByRole("link")).toHaveCount(0);
  await expect(s.locator("main")).not.toContainText(RESULT_WORDS);
  await staff.close();
});
