import { clinicToday } from "../lib/clinic";
import { formatDate } from "../lib/format";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient, type SpecUser } from "./data";
import { expect, searchPatients, storageStateFor, test } from "./fixtures";

const PANEL = { "2571-8": "110", "2093-3": "180", "2085-9": "55", "13457-7": "100", "1742-6": "25", "1920-8": "24" };
// A patient for the nurse's panel; one with labs on file; one with exactly 25 results; a course started
// 20 days ago without baseline labs (overdue), whose dermatologist has no other patient; and a course of a
// patient who can become pregnant started 30 days ago without baseline labs (the baselines overdue, the
// renewal and the monthly test due).
let forPanel: SpecPatient;
let withLabs: SpecPatient;
let with25: SpecPatient;
let overdue: SpecPatient;
let manyOpen: SpecPatient;
let clinician: SpecUser;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  const nurse = await createUser("NURSE");
  clinician = await createUser("DERMATOLOGIST");
  [forPanel, withLabs, with25, overdue] = [
    await createSpecPatient(derm),
    await createSpecPatient(derm),
    await createSpecPatient(derm),
    await createSpecPatient(clinician),
  ];
  await recordLabs(withLabs, nurse, addDays(clinicToday(), -10), PANEL);
  // Four panels of six and one more result: 25.
  for (const daysAgo of [100, 70, 40, 10]) await recordLabs(with25, nurse, addDays(clinicToday(), -daysAgo), PANEL);
  await recordLabs(with25, nurse, addDays(clinicToday(), -5), { "1742-6": "27" });
  await startSpecCourse(overdue, clinician, 20);
  manyOpen = await createSpecPatient(derm, { canBecomePregnant: true });
  await startSpecCourse(manyOpen, derm, 30, { canBecomePregnant: true });
});

test("a nurse records a panel with a high triglyceride; the dermatologist sees it flagged on the dashboard", async ({ browser }) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  const name = forPanel.name;
  await searchPatients(page, forPanel.mrn);
  await page.getByRole("link", { name }).click();
  await page.getByText("Record lab results").click();
  const form = page.getByTestId("lab-form");
  await form.getByLabel("Triglycerides", { exact: true }).fill("612");
  await form.getByLabel("ALT", { exact: true }).fill("28");
  await form.getByRole("button", { name: "Save results" }).click();
  // The date picker left empty sends nothing: it asks for the date, not for a format the nurse never typed.
  await expect(form.locator("#f-specimenDate-error")).toHaveText("Enter a date.");
  await expect(form.getByLabel("Triglycerides", { exact: true })).toHaveValue("612");
  await form.getByLabel("Specimen date").fill(clinicToday());
  await form.getByLabel("Total cholesterol", { exact: true }).fill("abc");
  await form.getByRole("button", { name: "Save results" }).click();
  await expect(form.getByText("Enter a number (up to 3 decimals), or leave it empty.")).toBeVisible();
  await expect(form.getByLabel("Triglycerides", { exact: true })).toHaveValue("612");
  await form.getByLabel("Total cholesterol", { exact: true }).fill("");
  await form.getByRole("button", { name: "Save results" }).click();
  await expect(form.getByTestId("form-ok")).toHaveText(
    `2 results recorded for ${formatDate(clinicToday())}; 1 abnormal, listed for the dermatologist's review.`,
  );
  await expect(page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').first()).toContainText("612 mg/dL");
  // On a phone the table scrolls sideways: the flag is read beside the value, inside the window.
  await page.setViewportSize({ width: 390, height: 844 });
  const flag = page.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').first().getByTestId("flag-beside-value");
  await expect(flag).toBeVisible();
  await expect(flag).toHaveText("action");
  // Its right edge is inside the window's 390 px, the table not scrolled sideways.
  const box = await flag.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  await nurse.close();

  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const dash = await derm.newPage();
  await dash.goto("/dashboard");
  const abnormal = dash.getByTestId("abnormal-results").getByRole("listitem").filter({ hasText: name });
  await expect(abnormal).toContainText("Triglycerides");
  await expect(abnormal).toContainText("612 mg/dL · above the lab range 0–150 · at or above the action level 500");
  await abnormal.getByRole("link", { name }).click();
  const row = dash.getByTestId("lab-results").locator('tr[data-flag="ACTION"]').filter({ hasText: "612" });
  await row.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(row).toContainText("Reviewed by Dr. Alice Moreno");
  await dash.goto("/dashboard");
  await expect(dash.getByTestId("abnormal-results").getByRole("listitem").filter({ hasText: name }).filter({ hasText: "Triglycerides" })).toHaveCount(0);
  await derm.close();
});

test.describe("office staff", () => {
  test.use({ storageState: storageStateFor("STAFF") });

  test("see overdue patients on the worklist and log outreach", async ({ page }) => {
    await page.goto("/monitoring");
    await page.getByLabel("Status").selectOption("OVERDUE");
    await page.getByLabel("Clinician").selectOption({ label: clinician.name });
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/status=OVERDUE/);
    // That clinician's one patient, once, with both baseline items overdue.
    const card = page.getByTestId("worklist-patient");
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(overdue.name);
    await expect(card.getByTestId("open-items").getByRole("listitem")).toHaveCount(2);
    await expect(card.getByTestId("open-items")).toContainText("Overdue");
    await expect(card.getByTestId("phone")).toHaveText(/^\(\d{3}\) 555-01\d{2}$/);
    await card.locator("summary", { hasText: "Log outreach" }).click();
    await card.getByLabel("Outcome").selectOption({ label: "No answer" });
    await card.getByLabel("Outreach note").fill("Called, no answer");
    // Both open items ticked: one note each.
    await expect(card.getByTestId("outreach-items").getByRole("checkbox", { checked: true })).toHaveCount(2);
    await card.getByRole("button", { name: "Log outreach" }).click();
    await expect(card.getByTestId("outreach-form").getByTestId("form-ok")).toHaveText("Outreach noted for 2 items.");
    await card.locator("summary", { hasText: "Outreach history" }).click();
    await expect(card.getByTestId("outreach-history")).toContainText("No answer");
    await expect(card.getByTestId("outreach-history")).toContainText("Called, no answer");
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/^monitoring-worklist-\d{4}-\d{2}-\d{2}\.csv$/);
  });

  test("cannot see lab values", async ({ page }) => {
    await searchPatients(page, withLabs.mrn);
    await page.getByRole("link", { name: withLabs.name }).click();
    await expect(page.getByRole("heading", { name: "Monitoring" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Lab results" })).toHaveCount(0);
    await expect(page.getByTestId("lab-results")).toHaveCount(0);
    await expect(page.locator("main")).not.toContainText("mg/dL");
    await expect(page.locator("main")).not.toContainText("U/L");
    await page.goto("/monitoring");
    await expect(page.locator("main")).not.toContainText("mg/dL");
  });
});

test("on the patient page, the outreach form waits behind its summary until the nurse opens it, with every open item ticked", async ({ browser }) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto(`/patients/${overdue.id}`);
  const item = page.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: "Baseline fasting lipids" });
  await expect(item).toContainText("Overdue");
  await expect(page.getByLabel("Outreach note")).toHaveCount(0);
  const outreach = page.getByTestId("patient-outreach");
  await outreach.locator("summary", { hasText: "Log outreach" }).click();
  // The two overdue baselines, both ticked; the items not yet due are not offered.
  const ticks = outreach.getByTestId("outreach-items").getByRole("checkbox");
  await expect(ticks).toHaveCount(2);
  for (const tick of await ticks.all()) await expect(tick).toBeChecked();
  await outreach.getByLabel("Outcome").selectOption({ label: "Left message" });
  await outreach.getByLabel("Outreach note").fill("Left voicemail about the baseline labs");
  await outreach.getByRole("button", { name: "Log outreach" }).click();
  await expect(outreach.getByTestId("form-ok")).toHaveText("Outreach noted for 2 items.");
  await expect(item.getByTestId("latest-outreach")).toContainText("Left voicemail about the baseline labs");
  await nurse.close();
});

test("on the patient page, office staff note one call about two of the open items; the worklist's history shows it once, naming both", async ({ browser }) => {
  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const page = await staff.newPage();
  await page.goto(`/patients/${manyOpen.id}`);
  const outreach = page.getByTestId("patient-outreach");
  await outreach.locator("summary", { hasText: "Log outreach" }).click();
  const chosen = ["Baseline ALT/AST", "Baseline fasting lipids"];
  const ticks = outreach.getByTestId("outreach-items").getByRole("checkbox");
  // Every open item offered and ticked: more than the two the call was about (a third one shown, once the
  // form has rendered: it renders when the summary is opened).
  await expect(ticks.nth(2)).toBeVisible();
  for (const tick of await ticks.all()) await expect(tick).toBeChecked();
  await expect(outreach.getByRole("checkbox", { name: "Prescription renewal" })).toBeChecked();
  for (const tick of await ticks.all()) {
    const label = (await tick.locator("xpath=..").innerText()).trim();
    if (!chosen.includes(label)) await tick.uncheck();
  }
  await expect(outreach.getByTestId("outreach-items").getByRole("checkbox", { checked: true })).toHaveCount(2);
  await outreach.getByLabel("Outcome").selectOption({ label: "Reached" });
  await outreach.getByLabel("Outreach note").fill("Asked her to book the baseline labs");
  await outreach.getByRole("button", { name: "Log outreach" }).click();
  await expect(outreach.getByTestId("form-ok")).toHaveText("Outreach noted for 2 items.");
  for (const label of chosen)
    await expect(page.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: label }).getByTestId("latest-outreach")).toContainText(
      "Asked her to book the baseline labs",
    );
  await expect(
    page.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: "Prescription renewal" }).getByTestId("latest-outreach"),
  ).toHaveCount(0);
  // The patient page keeps the whole outreach history too, the call once with both items.
  const history = page.getByTestId("patient-outreach-history");
  await history.locator("summary", { hasText: "Outreach history (1)" }).click();
  await expect(history.getByTestId("outreach-history").getByRole("listitem")).toHaveCount(1);
  await expect(history.getByTestId("outreach-history")).toContainText("Baseline ALT/AST, Baseline fasting lipids");
  await expect(history.getByTestId("outreach-history")).toContainText("Asked her to book the baseline labs");

  await page.goto("/monitoring");
  await page.getByRole("searchbox", { name: "Search" }).fill(manyOpen.mrn);
  await page.getByRole("button", { name: "Apply" }).click();
  const card = page.getByTestId("worklist-patient");
  await expect(card).toHaveCount(1);
  await card.locator("summary", { hasText: "Outreach history (1)" }).click();
  const calls = card.getByTestId("outreach-history").getByRole("listitem");
  await expect(calls).toHaveCount(1);
  await expect(calls).toContainText("Reached");
  await expect(calls).toContainText("Asked her to book the baseline labs");
  await expect(calls).toContainText("Baseline ALT/AST, Baseline fasting lipids");
  await expect(calls).not.toContainText("Prescription renewal");
  await staff.close();
});

test("the lab table lists the latest 25 results, and the whole history is one link away", async ({ browser }) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto(`/patients/${with25.id}`);
  const table = page.getByTestId("lab-results");
  await expect(table.locator("tbody tr")).toHaveCount(25);
  await expect(page.getByTestId("all-labs")).toHaveCount(0);
  await page.getByText("Record lab results").click();
  const form = page.getByTestId("lab-form");
  await form.getByLabel("Specimen date").fill(clinicToday());
  await form.getByLabel("ALT", { exact: true }).fill("31");
  await form.getByRole("button", { name: "Save results" }).click();
  await expect(form.getByTestId("form-ok")).toContainText("1 result recorded");
  await expect(page.getByText("Latest 25 of 26 results.")).toBeVisible();
  await expect(table.locator("tbody tr").first()).toContainText("31 U/L");
  await page.getByTestId("all-labs").click();
  await expect(page).toHaveURL(/\?labs=all#labs$/);
  await expect(table.locator("tbody tr")).toHaveCount(26);
  await page.getByRole("link", { name: "Show the latest 25 results" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(25);
  await nurse.close();
});
