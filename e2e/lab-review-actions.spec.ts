import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { acknowledgeLab } from "../lib/data/labs";
import { formatDate } from "../lib/format";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// Two patients on a course, each with a triglyceride of 612 mg/dL (action level) collected 3 days ago, and a
// third on a course with one of 900 mg/dL (critical) collected today, first in the dashboard's critical alerts.
// A fourth's 612 mg/dL was reviewed with Repeat test in 14 days, for a nurse to correct.
let forRepeat: SpecPatient;
let forDose: SpecPatient;
let onDashboard: SpecPatient;
let forCorrection: SpecPatient;
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
  forCorrection = await createSpecPatient(derm);
  await recordLabs(forCorrection, nurse, specimen, { "2571-8": "612" });
  const reviewed = await db.labResult.findFirstOrThrow({ where: { patientId: forCorrection.id }, select: { id: true } });
  await acknowledgeLab(derm, { labResultId: reviewed.id, reviewAction: "REPEAT_TEST", repeat: { inDays: 14 } }, clinicToday());
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
  // The date offered runs from tomorrow to 90 days ahead, in the clinic's calendar.
  await expect(form.getByLabel("Or on (date)")).toHaveAttribute("min", addDays(clinicToday(), 1));
  await expect(form.getByLabel("Or on (date)")).toHaveAttribute("max", addDays(clinicToday(), 90));
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

test("a nurse corrects a result reviewed with Repeat test to a normal value, is told the repeat is no longer listed, and a dermatologist acknowledges it on the dashboard", async ({
  browser,
}) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto(`/patients/${forCorrection.id}`);
  const label = `Repeat triglycerides (after the result of ${formatDate(specimen)})`;
  await expect(page.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: label })).toHaveCount(1);
  const row = page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });
  await row.getByText("Correct or void").click();
  await row.getByLabel("Corrected value (mg/dL)").fill("120");
  await row.getByLabel("Reason").fill("Typing error, 120 on the report");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByTestId("correction-confirmation")).toHaveText(
    `Entry corrected; the original stays in the history. ${label}, asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.`,
  );
  await expect(row.getByTestId("voided")).toContainText("Corrected: Typing error, 120 on the report");
  // The form left with the entry it corrected: its answer has the focus, not the page.
  await expect(row.getByTestId("correction-confirmation")).toBeFocused();
  await expect(page.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: label })).toHaveCount(0);
  await nurse.close();

  // No dermatologist saw the repeat go: the dashboard lists it until one acknowledges it.
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const dashboard = await derm.newPage();
  await dashboard.goto("/dashboard");
  const notice = dashboard.getByRole("region", { name: "Repeat tests no longer listed" }).getByRole("listitem").filter({ hasText: forCorrection.name });
  await expect(notice.getByTestId("repeat-notice")).toContainText(`${label} no longer needed: `);
  await expect(notice.getByTestId("repeat-notice")).toContainText(`corrected the result to 120 mg/dL (normal) on ${formatDate(clinicToday())}.`);
  const acknowledge = notice.getByRole("button", { name: "Acknowledge" });
  await hydrated(acknowledge);
  await acknowledge.click();
  await expect(notice).toHaveCount(0);
  // The notice has left with its button: its answer, naming the patient, stays in its place and has the focus.
  const answer = dashboard.getByRole("region", { name: "Repeat tests no longer listed" }).getByTestId("repeat-notice-answer");
  await expect(answer).toHaveText(`${forCorrection.name}: Notice acknowledged.`);
  await expect(answer).toBeFocused();
  await derm.close();
});

test("a review and a correction sent with Enter from a field hand the focus to their answer, as ones sent with the button do", async ({ browser }) => {
  const dermUser = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(dermUser);
  await recordLabs(patient, await createUser("NURSE"), specimen, { "2571-8": "612" });
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await derm.newPage();
  await page.goto(`/patients/${patient.id}`);
  const row = page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });

  // Reviewed with Enter in its note: the form leaves the row, and its answer has the focus, not the page.
  const note = row.getByTestId("review-form").getByLabel("Note");
  await hydrated(note);
  await note.fill("Seen, to repeat with the next visit");
  await note.press("Enter");
  const reviewed = row.getByTestId("review-confirmation");
  await expect(reviewed).toHaveText("Result reviewed.");
  await expect(row.getByTestId("review-history")).toContainText("Seen, to repeat with the next visit");
  await expect(reviewed).toBeFocused();

  // Corrected with Enter in its reason: the same.
  await row.getByText("Correct or void").click();
  await row.getByLabel("Corrected value (mg/dL)").fill("120");
  const reason = row.getByLabel("Reason");
  await hydrated(reason);
  await reason.fill("Typing error, 120 on the report");
  await reason.press("Enter");
  const corrected = row.getByTestId("correction-confirmation");
  await expect(corrected).toHaveText("Entry corrected; the original stays in the history.");
  await expect(row.getByTestId("voided")).toContainText("Corrected: Typing error, 120 on the report");
  await expect(corrected).toBeFocused();
  await derm.close();
});
