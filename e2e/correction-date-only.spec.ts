import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// "Correct or void" on a lab result, as a nurse fills it: a corrected date with no value is not taken for a void.
test.use({ storageState: storageStateFor("NURSE") });

test("a correction with a new specimen date and no value is not turned into a void: the value is asked for, the date kept", async ({ page }) => {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  const patient = await createSpecPatient(derm);
  await recordLabs(patient, nurse, addDays(clinicToday(), -3), { "1742-6": "35" });
  const asked: string[] = [];
  page.on("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.goto(`/patients/${patient.id}`);
  const results = page.getByTestId("lab-results");
  await results.getByText("Correct or void").first().click();
  const value = results.getByLabel("Corrected value (U/L)");
  const date = results.getByLabel("Corrected specimen date");
  await hydrated(date);
  await date.fill(addDays(clinicToday(), -4));
  await results.getByLabel("Reason").fill("Specimen date misread");
  await results.getByRole("button", { name: "Save" }).click();
  await expect(results.locator(".field-error")).toHaveText("To correct the date, enter the value again; to void the result, leave the date empty too.");
  await expect(value).toHaveAttribute("aria-invalid", "true");
  await expect(value).toBeFocused();
  await expect(date).toHaveValue(addDays(clinicToday(), -4));
  expect(asked).toEqual([]);
  await expect(results.getByTestId("voided")).toHaveCount(0);

  // The value entered again, the date is corrected.
  await value.fill("35");
  await results.getByRole("button", { name: "Save" }).click();
  await expect(results.getByTestId("correction-confirmation")).toContainText("Entry corrected; the original stays in the history.");
  await expect(results.getByTestId("voided")).toContainText("Corrected: Specimen date misread");
  expect(asked).toEqual([]);
});
