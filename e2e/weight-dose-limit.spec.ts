import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { changeSpecDose, createSpecPatient, createUser, startSpecCourse } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("NURSE") });

test("a nurse's weight that puts the current dose above 1 mg/kg/day is confirmed, and the dermatologist's course card says it", async ({ browser, page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  const courseId = await startSpecCourse(patient, derm, 20); // 60 kg recorded on the start day, 20 days ago
  // 60 mg daily at 60 kg: 1.00 mg/kg/day, not above the limit.
  await changeSpecDose(courseId, derm, addDays(clinicToday(), -5), 60, "Escalation");
  const line = "At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";

  await page.goto(`/patients/${patient.id}`);
  await page.getByLabel("Weight (kg)", { exact: true }).fill("50");
  await page.getByRole("button", { name: "Record weight" }).click();
  // 60 mg / 50 kg = 1.20 mg/kg/day: asked, nothing saved yet.
  const asked = page.getByTestId("confirm-warnings");
  await expect(asked).toContainText(`${line} Tell the prescriber; the dose is not changed.`);
  await asked.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Confirm and record" }).click();
  await expect(page.getByTestId("form-ok").filter({ hasText: `Weight 50 kg recorded for ${formatDate(clinicToday())}.` })).toBeVisible();

  const dermContext = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const dermPage = await dermContext.newPage();
  await dermPage.goto(`/patients/${patient.id}`);
  await expect(dermPage.getByTestId("course-card").getByTestId("dose-limit")).toHaveText(line);
  // The printed summary says it too.
  await dermPage.goto(`/patients/${patient.id}/print`);
  await expect(dermPage.getByTestId("print-course").getByTestId("print-dose-limit")).toHaveText(line);
  await dermContext.close();
});
