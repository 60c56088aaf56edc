import { clinicToday } from "../lib/clinic";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, startSpecCourse } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

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
