import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { createSpecPatient, createUser } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

// A total cholesterol sent without its unit, with the laboratory's range 0-200 (mg/dL): attached in mmol/L, the
// range read in it would be 0–7734 mg/dL and every value within it. The queue says it is not used and asks first;
// the result is judged by the clinic's range and flagged high.
test("a result attached in the unit chosen, its laboratory's range impossible in it, is judged by the clinic's range once confirmed", async ({ browser }) => {
  const patient = await createSpecPatient(await createUser("DERMATOLOGIST"));
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, select: { dateOfBirth: true } });
  const [today, dob] = [clinicToday().replace(/-/g, ""), dateOfBirth.toISOString().slice(0, 10)];
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${today}0830||ORU^R01|E2E-RU-${patient.mrn}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Doe^Jane||${dob.replace(/-/g, "")}|F`,
    `OBR|1||ORD1|57698-3^Lipid panel^LN|||${today}0700`,
    "OBX|1|NM|2093-3^Cholesterol^LN||5.2||0-200||||F",
  ].join("\r");
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto("/labs/import");
  await page
    .getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)")
    .setInputFiles({ name: "range-unit.hl7", mimeType: "text/plain", buffer: Buffer.from(message) });
  await page.getByRole("button", { name: "Import results" }).click();
  await expect(page.getByTestId("hl7-outcome")).toContainText("Unit missing or not accepted for the test");
  await page.goto("/labs/queue");
  const entry = page.getByTestId("lab-queue-entry").filter({ hasText: patient.mrn });
  const attach = entry.getByRole("form", { name: "Attach to a patient" });
  await attach.getByLabel("Patient's MRN").fill(patient.mrn);
  await attach.getByLabel("Patient's date of birth").fill(dob);
  await attach.getByLabel("Unit of Cholesterol, from the laboratory's report").selectOption("mmol/L");
  await attach.getByRole("button", { name: "Attach to this patient" }).click();
  await expect(attach.getByText("Check this result in the unit chosen, then confirm to attach it.")).toBeFocused();
  const confirm = attach.getByRole("checkbox", {
    name: /^Total cholesterol: the laboratory's range 0-200 is not used: read in mmol\/L, it is 0–7734 mg\/dL, .* The result is judged by the clinic's range, 0–200 mg\/dL\./,
  });
  expect(await db.labResult.count({ where: { patientId: patient.id } })).toBe(0);
  await confirm.check();
  await attach.getByRole("button", { name: "Attach to this patient" }).click();
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: patient.mrn })).toHaveCount(0);
  await page.goto(`/patients/${patient.id}#labs`);
  const row = page.getByTestId("lab-results").locator("tr").filter({ hasText: "Total cholesterol" });
  await expect(row).toContainText("201.1 mg/dL · above the lab range 0–200 · below the action level 240");
  await expect(row.getByTestId("lab-reported")).toHaveCount(0);
  await nurse.close();
});
