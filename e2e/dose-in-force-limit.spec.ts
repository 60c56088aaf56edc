import { clinicToday } from "../lib/clinic";
import { recordWeight } from "../lib/data/record-weight";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { changeSpecDose, createSpecPatient, createUser, startSpecCourse } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

test("voiding a dose version that puts a dose above 1 mg/kg/day back in force asks for confirmation on the void form, then voids it", async ({ page }) => {
  const today = clinicToday();
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  const courseId = await startSpecCourse(patient, derm, 20); // 20 mg daily at 60 kg from 20 days ago
  // 60 mg daily from today-15 (1.00 mg/kg/day at 60 kg), 40 mg daily from today-10; 50 kg recorded today-3 (40 / 50 = 0.80).
  await changeSpecDose(courseId, derm, addDays(today, -15), 60, "Escalation");
  await changeSpecDose(courseId, derm, addDays(today, -10), 40, "Dry lips");
  const nurse = await createUser("NURSE");
  await recordWeight(nurse, { patientId: patient.id, measuredOn: addDays(today, -3), weightGrams: 50_000 }, today);

  await page.goto(`/patients/${patient.id}`);
  const card = page.getByTestId("course-card");
  await card.getByText(/^Timeline/).click();
  const row = card.getByTestId("timeline").getByRole("row").filter({ hasText: "40 mg daily · Dry lips" });
  await row.getByText("Entered in error").click();
  await row.getByLabel("Reason").fill("Never reduced");
  await row.getByRole("button", { name: "Void entry" }).click();
  // Voided, 60 mg daily is in force again from today-10: 1.00 at 60 kg, then 1.20 at the 50 kg of today-3.
  const asked = row.getByTestId("confirm-warnings");
  await expect(asked).toContainText(
    `From ${formatDate(addDays(today, -3))} (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.`,
  );
  await expect(row.locator("del")).toHaveCount(0);
  await asked.getByRole("checkbox").check();
  await row.getByRole("button", { name: "Void entry" }).click();
  await expect(card.getByTestId("timeline").getByRole("row").filter({ hasText: "Entered in error: Never reduced" })).toBeVisible();
});
