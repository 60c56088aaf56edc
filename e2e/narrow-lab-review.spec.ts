import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// On a phone (390 px wide) the results table scrolls sideways: an abnormal result's review is still within
// the screen, under its row, and done there with a tap.
test.use({ storageState: storageStateFor("DERMATOLOGIST"), viewport: { width: 390, height: 844 } });

test("at 390 px, a high triglyceride's review controls are on screen, under their row, and review it with a tap", async ({ page }) => {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  const patient = await createSpecPatient(derm);
  await recordLabs(patient, nurse, addDays(clinicToday(), -3), { "2571-8": "612" });
  await page.goto(`/patients/${patient.id}`);
  const table = page.getByTestId("lab-results");
  const form = table.getByTestId("review-form");
  await hydrated(form);
  const action = form.getByLabel("Action taken (optional)");
  const button = form.getByRole("button", { name: "Mark reviewed" });
  // The result's row stays a few lines tall: its flag's reason is not squeezed to a word a line.
  const row = table.locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });
  expect((await row.boundingBox())!.height).toBeLessThan(160);
  await action.selectOption({ label: "Repeat test" });
  // Scrolled down to the form, and not sideways: both controls are wholly on the screen.
  await button.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - window.innerHeight / 2));
  for (const control of [action, button]) await expect(control).toBeInViewport({ ratio: 1 });
  const box = (await button.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  // What a tap at its middle reaches is the button itself, not the table scrolled over it.
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  expect(await page.evaluate(([px, py]) => document.elementFromPoint(px!, py!)?.closest("button")?.textContent, [x, y])).toBe("Mark reviewed");
  await page.mouse.click(x, y);
  const confirmation = table.getByTestId("review-confirmation");
  await expect(confirmation).toContainText("Result reviewed.");
  await expect(confirmation).toBeFocused();
  await expect(confirmation).toBeInViewport({ ratio: 1 });
  await expect(table.getByTestId("review-history")).toContainText("Repeat test");
});

test("on a wide screen the review stays in the result's Flag column, on its row", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  const patient = await createSpecPatient(derm);
  await recordLabs(patient, nurse, addDays(clinicToday(), -3), { "2571-8": "612" });
  await page.goto(`/patients/${patient.id}`);
  const row = page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });
  await hydrated(row.getByTestId("review-form"));
  await expect(row.getByRole("cell").nth(4).getByRole("button", { name: "Mark reviewed" })).toBeVisible();
  await expect(page.getByTestId("review-row")).toHaveCount(0);
});
