import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

/** A day `days` from today, as the date field takes it and as the app writes it. */
async function dayAhead(page: import("@playwright/test").Page, days: number) {
  return page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.getMonth()];
    return [d.toLocaleDateString("en-CA"), `${d.getDate()} ${month} ${d.getFullYear()}`] as const;
  }, days);
}

test("settings read as the app writes them: dates as dates, dose bounds in mg/kg/day", async ({ page }) => {
  await page.goto("/settings");
  const pregnancy = page.getByTestId("in-force-PREGNANCY_PREVENTION");
  const modification = pregnancy.getByText("iPLEDGE 2026 modification takes effect on").locator("xpath=..");
  await expect(modification).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}$/);
  await expect(modification).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  const dosing = page.getByTestId("in-force-DOSING");
  await expect(dosing.getByText("Low dose: below (mg/kg/day)", { exact: true }).locator("xpath=..")).toContainText("0.4");
  await expect(page.getByTestId("rule-set-today")).not.toContainText(/ a 8-| a 11-| a 18-/);
});

test("a scheduled dosing version is entered in mg/kg/day, and the versions say what it changes before its day", async ({ page }) => {
  await page.goto("/settings");
  const section = page.getByRole("region", { name: "Dosing" });
  await section.getByText("Change dosing").click();
  const form = section.getByRole("form", { name: "New version: Dosing" });
  const low = form.getByLabel("Low dose: below (mg/kg/day)");
  await expect(low).toHaveValue("0.4");
  await low.fill("0.0004");
  await form.getByRole("button", { name: "Save as a new version" }).click();
  await expect(form.getByText('"Low dose: below (mg/kg/day)" takes mg/kg/day with at most 3 decimals, like 0.1.')).toBeVisible();

  const [day, written] = await dayAhead(page, 40);
  await low.fill("0.35");
  await form.getByLabel("Takes effect on").fill(day);
  await form.getByRole("button", { name: "Save as a new version" }).click();
  await expect(form.getByTestId("form-ok")).toContainText(`taking effect on ${written}.`);

  await section.getByText(/^Versions \(/).click();
  const scheduled = section.getByTestId("versions-DOSING").getByRole("row").filter({ hasText: "scheduled" });
  await expect(scheduled).toContainText("Low dose: below (mg/kg/day): 0.4 → 0.35");
  await expect(scheduled).not.toContainText("Micro-dose");
});
