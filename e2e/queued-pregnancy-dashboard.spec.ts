import { randomBytes } from "node:crypto";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { importHl7File } from "../lib/data/import-hl7";
import { QUEUED_LAB_RESULT } from "../lib/domain/pregnancy/pregnancy-tests";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

/*
 * A laboratory's positive pregnancy test waiting under Unfiled lab results for the patient with its MRN (the message
 * gives another date of birth) stops her prescribing: the dashboard's critical alerts name her on its first screen,
 * with a link to her and one to the queue, and the critical count counts her.
 */
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

let patient: SpecPatient;
const hl7Date = (iso: string) => iso.replace(/-/g, "");

test.beforeAll(async () => {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  patient = await createSpecPatient(derm, { canBecomePregnant: true });
  await startSpecCourse(patient, derm, 10, { canBecomePregnant: true });
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${hl7Date(clinicToday())}0830||ORU^R01|E2E-QD-${randomBytes(4).toString("hex")}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Ash^Ann||19600615|F`,
    `OBR|1||ORD1|2106-3^hCG urine^LN|||${hl7Date(clinicToday())}0700`,
    "OBX|1|CWE|2106-3^hCG urine^LN||10828004^Positive^SCT||Negative|A|||F",
  ].join("\r");
  const imported = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, clinicToday());
  expect(imported.messages[0]).toMatchObject({ queued: 1 });
  expect(await db.hl7QueueEntry.findFirstOrThrow({ where: { mrn: patient.mrn, status: "PENDING" } })).toMatchObject({
    reason: "DOB_MISMATCH",
    holdsPatientId: patient.id,
  });
});

test("the critical alerts name a patient whose prescribing a queued pregnancy test stops, with links to her and to the queue", async ({ page }) => {
  await page.goto("/dashboard");
  const panel = page.getByRole("region", { name: "Critical alerts" });
  const line = panel.getByTestId("queued-pregnancy-hold").filter({ hasText: patient.name });
  await expect(line).toHaveCount(1);
  await expect(line).toBeInViewport();
  await expect(line).toContainText(QUEUED_LAB_RESULT);
  await expect(line.getByRole("link", { name: patient.name })).toHaveAttribute("href", `/patients/${patient.id}`);
  const held = Number((await panel.getByTestId("queued-pregnancy-holds-count").textContent())!.match(/(\d+) patients?$/)![1]);
  expect(held).toBeGreaterThanOrEqual(1);

  await line.getByTestId("queued-pregnancy-hold-queue").click();
  await expect(page).toHaveURL(/\/labs\/queue$/);
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${patient.mrn}` })).toHaveCount(1);
});
