import { clinicToday } from "../lib/clinic";
import { recordWeight } from "../lib/data/record-weight";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, startSpecCourse } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("NURSE") });

test("a second weight for today asks whether it replaces the one recorded; replaced, the first stays in the history struck through", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20); // 60 kg recorded on the start day, 20 days ago
  const today = formatDate(clinicToday());
  await page.goto(`/patients/${patient.id}`);
  const weight = page.getByLabel("Weight (kg)", { exact: true });

  await weight.fill("61");
  await page.getByRole("button", { name: "Record weight" }).click();
  await expect(page.getByTestId("form-ok").filter({ hasText: `Weight 61 kg recorded for ${today}.` })).toBeVisible();

  // A second weight for the same day is not saved beside the first: the form asks.
  await weight.fill("61.8");
  await page.getByRole("button", { name: "Record weight" }).click();
  const asked = page.getByTestId("replace-weight");
  await expect(asked).toContainText(`A weight of 61 kg is already recorded for ${today}. Replace it?`);
  // Nothing is saved yet: focus goes to the question (read out), not back to the page.
  await expect(asked.getByText(`A weight of 61 kg is already recorded for ${today}. Replace it?`)).toBeFocused();
  await expect(weight).toHaveValue("61.8");
  await expect(asked.getByLabel("Reason for replacing")).toHaveValue("Re-weighed the same day");

  // Asked with an empty reason, the reason is asked for and the offer stays.
  await asked.getByLabel("Reason for replacing").fill("");
  await asked.getByRole("button", { name: "Replace it" }).click();
  await expect(page.getByText("Enter the reason for replacing the weight.")).toBeVisible();
  await page.getByTestId("replace-weight").getByLabel("Reason for replacing").fill("Re-weighed after the scale was recalibrated");
  await page.getByTestId("replace-weight").getByRole("button", { name: "Replace it" }).click();
  await expect(page.getByTestId("form-ok").filter({ hasText: `Weight 61.8 kg recorded for ${today}, replacing 61 kg` })).toBeVisible();
  await expect(page.getByTestId("replace-weight")).toHaveCount(0);

  // The history keeps the replaced weight, struck through with the reason, and the new one naming it.
  await page.getByText("Weight history").click();
  const history = page.getByTestId("weights");
  await expect(history.locator("del").filter({ hasText: `61 kg on ${today}` })).toBeVisible();
  await expect(history).toContainText("Replaced: Re-weighed after the scale was recalibrated");
  await expect(history.getByRole("listitem").first()).toContainText(`61.8 kg on ${today}`);
});

test("a weight far from the recorded ones is asked about with focus on the question; the keyboard reaches its confirmation next", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20); // 60 kg recorded on the start day, 20 days ago
  await page.goto(`/patients/${patient.id}`);
  const weight = page.getByLabel("Weight (kg)", { exact: true });

  // 132 typed for 132 lb: pressing Enter sends it, and the answer asks before saving.
  await weight.fill("132");
  await weight.press("Enter");
  const asked = page.getByTestId("confirm-warnings");
  await expect(asked).toContainText("132 kg is far from the 60 kg");
  await expect(asked.getByRole("paragraph").first()).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(asked.getByRole("checkbox")).toBeFocused();
  await expect(weight).toHaveValue("132");
});

test("a weight voided with the button, or corrected with Enter, keeps its answer under the entry struck through, with the focus", async ({ page }) => {
  const [nurse, today] = [await createUser("NURSE"), clinicToday()];
  const patient = await createSpecPatient(await createUser("DERMATOLOGIST"));
  const [first, second] = [addDays(today, -15), addDays(today, -10)];
  for (const [measuredOn, weightGrams] of [
    [first, 60_000],
    [second, 61_000],
    [addDays(today, -5), 62_000],
  ] as const)
    await recordWeight(nurse, { patientId: patient.id, measuredOn, weightGrams }, today);
  await page.goto(`/patients/${patient.id}`);
  await page.getByText("Weight history").click();
  const history = page.getByTestId("weights");

  // Voided with its button: the entry's form leaves with it, and the answer stays under the entry, focused.
  const voided = history.getByRole("listitem").filter({ hasText: `60 kg on ${formatDate(first)}` });
  await voided.getByText("Correct or void").click();
  await voided.getByLabel("Reason").fill("Another patient's weight");
  page.once("dialog", (d) => void d.accept());
  await voided.getByRole("button", { name: "Save" }).click();
  await expect(voided).toContainText("Entered in error: Another patient's weight");
  const voidAnswer = voided.getByTestId("correction-confirmation");
  await expect(voidAnswer).toHaveText("Entry marked as entered in error.");
  await expect(voidAnswer).toBeFocused();

  // Corrected with Enter in its reason: the same, and the answer moves to this entry.
  const corrected = history.getByRole("listitem").filter({ hasText: `61 kg on ${formatDate(second)}` });
  await corrected.getByText("Correct or void").click();
  await corrected.getByLabel("Corrected weight (kg)").fill("61.4");
  const reason = corrected.getByLabel("Reason");
  await hydrated(reason);
  await reason.fill("Typing error, 61.4 on the scale's slip");
  await reason.press("Enter");
  await expect(corrected).toContainText("Replaced: Typing error, 61.4 on the scale's slip");
  const correctAnswer = corrected.getByTestId("correction-confirmation");
  await expect(correctAnswer).toHaveText("Entry corrected; the original stays in the history.");
  await expect(correctAnswer).toBeFocused();
  await expect(history.getByTestId("correction-confirmation")).toHaveCount(1);
  await expect(history.getByRole("listitem").filter({ hasText: `61.4 kg on ${formatDate(second)}` })).toContainText(`Corrects ${formatDate(second)} entry`);
});
