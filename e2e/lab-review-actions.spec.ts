import { clinicToday } from "../lib/clinic";
import { formatDate } from "../lib/format";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// Two patients on a course, each with a triglyceride of 612 mg/dL (action level) collected 3 days ago, and a
// third on a course with one of 900 mg/dL (critical) collected today, first in the dashboard's critical alerts.
let forRepeat: SpecPatient;
let forDose: SpecPatient;
let onDashboard: SpecPatient;
const specimen = addDays(clinicToday(), -3);
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  const nurse = await createUser("NURSE");
  [forRepeat, forDose, onDashboard] = [await createSpecPatient(derm), await createSpecPatient(derm), await createSpecPatient(derm)];
  for (const p of [forRepeat, forDose]) {
    await startSpecCourse(p, derm, 40);
    await recordLabs(p, nurse, specimen, { "2571-8": "612" });
  }
  await startSpecCourse(onDashboard, derm, 40);
  await recordLabs(onDashboard, nurse, clinicToday(), { "2571-8": "900" });
});

test("a dermatologist reviews a high triglyceride with Repeat test in 14 days and sees the repeat on the patient page", async ({ browser }) => {
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await derm.newPage();
  await page.goto(`/patients/${forRepeat.id}`);
  const row = page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });
  const form = row.getByTestId("review-form");
  await hydrated(form);
  await form.getByLabel("Action taken (optional)").selectOption({ label: "Repeat test" });
  await expect(form.getByLabel("Repeat in (days)")).toHaveValue("14");
  await form.getByRole("button", { name: "Mark reviewed" }).click();

  const label = `Repeat triglycerides (after the result of ${formatDate(specimen)})`;
  const due = formatDate(addDays(clinicToday(), 14));
  await expect(row.getByTestId("review-history")).toContainText("Repeat test");
  await expect(row.getByTestId("review-confirmation")).toHaveText(`Result reviewed. ${label} is listed under Monitoring, due ${due}.`);
  const item = page.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: label });
  await expect(item).toHaveAttribute("data-status", "NOT_DUE");
  await expect(item).toContainText(`due ${due}`);
  await expect(item).toContainText(`Asked for when the result of ${formatDate(specimen)} was reviewed`);
  await derm.close();
});

test("a review with Dose reduced changes no dose and links to the course's dose change, opened", async ({ browser }) => {
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await derm.newPage();
  await page.goto(`/patients/${forDose.id}`);
  const row = page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });
  const form = row.getByTestId("review-form");
  await hydrated(form);
  await form.getByLabel("Action taken (optional)").selectOption({ label: "Dose reduced" });
  await form.getByRole("button", { name: "Mark reviewed" }).click();
  const confirmation = row.getByTestId("review-confirmation");
  await expect(confirmation).toContainText("Result reviewed. The review changes no dose: record the new dose on the course.");
  await confirmation.getByRole("link", { name: `Change the dose of the course started ${formatDate(addDays(clinicToday(), -40))}` }).click();
  const panel = page.getByTestId("panel-change-dose");
  await expect(panel).toHaveAttribute("open", "");
  await expect(panel.getByLabel("Effective from")).toBeVisible();
  await derm.close();
});

test("on the dashboard, the answer to a review with Dose reduced stays above the list, with its link, once the row has left it", async ({ browser }) => {
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await derm.newPage();
  await page.goto("/dashboard");
  const panel = page.getByRole("region", { name: "Critical alerts" });
  const row = panel.getByRole("listitem").filter({ hasText: onDashboard.name });
  const form = row.getByTestId("review-form");
  await hydrated(form);
  await form.getByLabel("Action taken (optional)").selectOption({ label: "Dose reduced" });
  await expect(form).toContainText("a link follows");
  await form.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(row).toHaveCount(0);
  const confirmation = panel.getByTestId("review-confirmation");
  await expect(confirmation).toContainText(`${onDashboard.name}: Result reviewed. The review changes no dose: record the new dose on the course.`);
  await confirmation.getByRole("link", { name: `Change the dose of the course started ${formatDate(addDays(clinicToday(), -40))}` }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${onDashboard.id}#change-dose-`));
  await expect(page.getByTestId("panel-change-dose")).toHaveAttribute("open", "");
  await derm.close();
});
