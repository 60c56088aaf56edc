import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// The lab form of the patient page, as a nurse fills it: a refusal says what to do where the nurse is taken.
test.use({ storageState: storageStateFor("NURSE") });

test("a panel with a specimen date and no result says to enter one, where the focus goes, with no field marked", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await page.goto(`/patients/${patient.id}`);
  await page.getByText("Record lab results").click();
  const form = page.getByTestId("lab-form");
  const date = form.getByLabel("Specimen date");
  await hydrated(date);
  await date.fill(addDays(clinicToday(), -1));
  await form.getByRole("button", { name: "Save results" }).click();
  const message = form.getByTestId("form-error");
  await expect(message).toHaveText("Enter at least one result.");
  await expect(message).toBeFocused();
  await expect(form.locator('[aria-invalid="true"]')).toHaveCount(0);
  await expect(date).toHaveValue(addDays(clinicToday(), -1));

  // With the date left empty too, both are said, and the focus goes to the date.
  await date.fill("");
  await form.getByRole("button", { name: "Save results" }).click();
  await expect(message).toHaveText("Enter at least one result. Please correct the highlighted fields.");
  await expect(form.locator("#f-specimenDate-error")).toHaveText("Enter a date.");
  await expect(date).toBeFocused();
});
