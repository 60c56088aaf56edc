import type { Page } from "@playwright/test";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

const WIDTHS = [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
];
// Patients whose course started 20 days ago without baseline labs (two overdue items each): one with an
// email address for each window width, and one without.
const withEmail = new Map<number, SpecPatient>();
let noEmail: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  for (const { width } of WIDTHS) {
    const p = await createSpecPatient(derm, { email: `e2e-${width}-${Date.now()}@patients.isotrack.test` });
    await startSpecCourse(p, derm, 20);
    withEmail.set(width, p);
  }
  noEmail = await createSpecPatient(derm);
  await startSpecCourse(noEmail, derm, 20);
});

test.use({ storageState: storageStateFor("STAFF") });

/** Typed into the search box: the address then names the saved search, never the term; the box shows it back. */
async function search(page: Page, term: string) {
  await page.goto("/monitoring");
  await page.getByRole("searchbox", { name: "Search" }).fill(term);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/monitoring\?search=[0-9a-f-]{36}&sort=due&dir=asc$/);
  expect(page.url()).not.toContain(term);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(term);
}

/** Nothing wider than the window: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

async function openSection(page: Page, card: ReturnType<Page["getByTestId"]>, name: string) {
  const summary = card.locator("summary", { hasText: name });
  if ((await summary.locator("xpath=..").getAttribute("open")) === null) await summary.click();
}

for (const { width, height } of WIDTHS) {
  test(`at ${width} px, staff find a patient, log a call with its outcome, send a reminder and see both in the history`, async ({ page }) => {
    const patient = withEmail.get(width)!;
    await page.setViewportSize({ width, height });
    await search(page, patient.lastName);
    const card = page.getByTestId("worklist-patient");
    await expect(card).toHaveCount(1);
    await expect(card).toContainText(patient.name);
    await expect(card.getByTestId("open-items").getByRole("listitem")).toHaveCount(2);
    await expect(card).toContainText("20 days overdue");
    await expectNoSidewaysScroll(page);

    await openSection(page, card, "Log outreach");
    const outreach = card.getByTestId("outreach-form");
    // One call covers the patient's open items: both offered, both ticked.
    const ticks = outreach.getByTestId("outreach-items").getByRole("checkbox");
    await expect(ticks).toHaveCount(2);
    for (const tick of await ticks.all()) await expect(tick).toBeChecked();
    for (const tick of await ticks.all()) await tick.uncheck();
    await outreach.getByLabel("Outreach note").fill(`Called at ${width}, left voicemail`);
    await outreach.getByRole("button", { name: "Log outreach" }).click();
    // No item ticked and no outcome chosen: refused, the note and the ticks kept as sent.
    await expect(outreach.getByText("Tick at least one item the call was about.")).toBeVisible();
    await expect(outreach.getByText("Choose the outcome.")).toBeVisible();
    await expect(outreach.getByLabel("Outreach note")).toHaveValue(`Called at ${width}, left voicemail`);
    for (const tick of await ticks.all()) await expect(tick).not.toBeChecked();
    for (const tick of await ticks.all()) await tick.check();
    await outreach.getByLabel("Outcome").selectOption({ label: "Left message" });
    await outreach.getByRole("button", { name: "Log outreach" }).click();
    await expect(outreach.getByTestId("form-ok")).toHaveText("Outreach noted for 2 items.");

    await card.getByTestId("reminder-form").getByRole("button", { name: "Reminder email" }).click();
    await expect(card.getByTestId("reminder-form").getByTestId("form-ok")).toHaveText("1 reminder email queued.");
    // A background job sends the reminder after the response: the history shows it sent.
    await expect(async () => {
      await page.reload();
      const c = page.getByTestId("worklist-patient");
      await openSection(page, c, "Outreach history");
      const history = c.getByTestId("outreach-history");
      await expect(history.getByRole("listitem").filter({ hasText: "Reminder email" })).toContainText("Sent", { timeout: 1000 });
      // One note per item, shown as one call naming both.
      const call = history.getByRole("listitem").filter({ hasText: `Called at ${width}` });
      await expect(call).toHaveCount(1);
      await expect(call).toContainText("Left message");
      await expect(call).toContainText("Baseline ALT/AST, Baseline fasting lipids");
    }).toPass({ timeout: 20_000 });
    // Times on the clinic's wall clock to the minute: no seconds, no zone.
    const lastContact = page.getByTestId("worklist-patient").getByTestId("last-contact");
    await expect(lastContact).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    await expect(lastContact).not.toContainText(/\d{2}:\d{2}:\d{2}|E[SD]T|UTC/);
    await expect(page.getByTestId("outreach-history").getByRole("listitem").first()).not.toContainText(/\d{2}:\d{2}:\d{2}/);
    // Not offered again while the first is recent, and said why (the server refuses it anyway).
    const again = page.getByTestId("worklist-patient").getByTestId("reminder-form");
    await expect(again.getByRole("button", { name: "Reminder email" })).toBeDisabled();
    await expect(again.getByRole("button", { name: "Reminder email" })).toHaveAccessibleDescription(
      "Reminder email: A reminder email was sent to this patient in the last 24 hours.",
    );
    await expectNoSidewaysScroll(page);
  });
}

test("at 390 px, a do-not-contact choice and a missing address disable their reminder, with the reason, singly and in the selection", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // By the digits of the phone number, whatever its punctuation.
  const digits = await phoneDigits(page, noEmail);
  await search(page, digits);
  const card = page.getByTestId("worklist-patient").filter({ hasText: noEmail.name });
  await expect(card).toHaveCount(1);
  const reminders = card.getByTestId("reminder-form");
  const text = reminders.getByRole("button", { name: "Reminder text message" });
  const email = reminders.getByRole("button", { name: "Reminder email" });
  await expect(text).toBeEnabled();
  await expect(reminders.getByTestId("reminder-blocked-SMS")).toHaveCount(0);
  // No email address: that button is disabled from the start, and says why.
  await expect(email).toBeDisabled();
  await expect(email).toHaveAccessibleDescription("Reminder email: No email address on file.");

  await openSection(page, card, "Contact preferences");
  await card.getByLabel("Do not text").check();
  await card.getByRole("button", { name: "Save preferences" }).click();
  await expect(card.getByTestId("contact-form").getByTestId("form-ok")).toHaveText("Contact preferences saved.");
  await expect(card.getByTestId("do-not-contact")).toHaveText("Do not text");
  await expect(text).toBeDisabled();
  await expect(reminders.getByTestId("reminder-blocked-SMS")).toHaveText("Reminder text message: Patient asked not to be texted.");
  await expect(text).toHaveAccessibleDescription("Reminder text message: Patient asked not to be texted.");

  // Selected for a reminder text message, the selection's summary names them and why; none can: not sent.
  await page.getByRole("checkbox", { name: `Select ${noEmail.name}` }).check();
  const bulk = page.getByTestId("bulk-reminders");
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder text message" });
  await expect(bulk.getByTestId("bulk-blocked")).toHaveText(
    `The selected patient cannot be sent a reminder text message:${noEmail.name}: Patient asked not to be texted.`,
  );
  await expect(bulk.getByRole("button", { name: "Send reminders" })).toBeDisabled();
  await expectNoSidewaysScroll(page);
});

test("at 1400 px, reminders go to the patients selected one by one or all at once, with how many are selected", async ({ page }) => {
  // A dermatologist of this test's own: filtered by them, the page holds exactly their two patients.
  const derm = await createUser("DERMATOLOGIST");
  const patients = [await createSpecPatient(derm), await createSpecPatient(derm)];
  for (const p of patients) await startSpecCourse(p, derm, 20);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/monitoring");
  await page.getByLabel("Clinician").selectOption({ label: derm.name });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("worklist-patient")).toHaveCount(2);
  const bulk = page.getByTestId("bulk-reminders");
  const selectAll = bulk.getByRole("checkbox", { name: "Select all 2 on this page" });
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("No patient selected");
  await expect(bulk.getByRole("button", { name: "Send reminders" })).toBeVisible();
  // By text message, which both can be sent (neither has an email address).
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder text message" });

  await page.getByRole("checkbox", { name: `Select ${patients[0]!.name}` }).check();
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("1 patient selected");
  await expect(selectAll).not.toBeChecked();
  await expect(bulk.getByRole("button", { name: "Send 1 reminder" })).toBeVisible();

  await selectAll.check();
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("2 patients selected");
  await expect(page.getByRole("checkbox", { name: `Select ${patients[1]!.name}` })).toBeChecked();
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder text message" });
  // Sending to several patients asks first, naming the channel and how many; dismissed, nothing is sent.
  const asked: string[] = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await bulk.getByRole("button", { name: "Send 2 reminders" }).click();
  await expect.poll(() => asked).toEqual(["Send a reminder text message to 2 patients?"]);
  await expect(bulk.getByTestId("bulk-outcomes")).toHaveCount(0);
  await expect(bulk.getByTestId("bulk-blocked")).toHaveCount(0);
  // By email: neither has an address, so the summary names each with the reason, and nothing can be sent.
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder email" });
  const blocked = bulk.getByTestId("bulk-blocked");
  await expect(blocked.getByRole("paragraph")).toHaveText("None of the 2 selected can be sent a reminder email:");
  for (const p of patients) await expect(blocked.getByRole("listitem").filter({ hasText: p.name })).toHaveText(`${p.name}: No email address on file.`);
  await expect(bulk.getByRole("button", { name: "Send reminders" })).toBeDisabled();

  // By text, confirmed: both queued, and the channel the answers are about stays chosen.
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder text message" });
  await expect(blocked).toHaveCount(0);
  page.once("dialog", (dialog) => void dialog.accept());
  await bulk.getByRole("button", { name: "Send 2 reminders" }).click();
  const outcomes = bulk.getByTestId("bulk-outcomes").getByRole("listitem");
  for (const p of patients) await expect(outcomes.filter({ hasText: p.name })).toContainText("Reminder text message queued, not sent yet.");
  await expect(bulk.getByLabel("Send to the selected patients")).toHaveValue("SMS");

  await selectAll.uncheck();
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("No patient selected");
  await expect(page.getByRole("checkbox", { name: `Select ${patients[0]!.name}` })).not.toBeChecked();
});

test("at 1400 px, columns sort from their headings, the order in the URL, and a page past the end shows the last", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/monitoring");
  await page
    .getByTestId("worklist-sort")
    .getByRole("link", { name: /^Patient/ })
    .click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  const names = await page.getByTestId("worklist-patient").locator("a[href^='/patients/']").allTextContents();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" })));
  await page
    .getByTestId("worklist-sort")
    .getByRole("link", { name: /^Patient/ })
    .click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  // One match, asked for page 999 with an unknown order: page 1 of 1, in the default order.
  await search(page, noEmail.lastName);
  await page.goto(`${page.url().replace(/&sort=due&dir=asc$/, "")}&page=999&sort=bogus`);
  await expect(page.getByTestId("worklist-patient")).toHaveCount(1);
  await expect(page.getByTestId("worklist-patient")).toContainText(noEmail.name);
  // A search that cannot be used is said so, with what was typed kept.
  await page.getByRole("searchbox", { name: "Search" }).fill("x".repeat(101));
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("search-problem")).toHaveText("Search with at most 100 characters.");
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("x".repeat(101));
  // A term in the address itself (an old bookmark) is not used, and said so.
  await page.goto(`/monitoring?q=${noEmail.lastName}`);
  await expect(page.getByTestId("search-notice")).toHaveText("A search typed into the page's address is not used: type it in the search box.");
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("");
});

/** The patient's phone number's digits, as the patient page shows the number. */
async function phoneDigits(page: Page, patient: SpecPatient): Promise<string> {
  await page.goto(`/patients/${patient.id}/edit`);
  return (await page.getByLabel("Phone").inputValue()).replace(/\D/g, "");
}

test("at 390 px, a search that finds nobody says so and one link clears the search and the filters, the order kept", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/monitoring?status=OVERDUE&sort=name&dir=desc");
  await page.getByRole("searchbox", { name: "Search" }).fill("Nobody-by-this-name");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/search=/);
  const empty = page.getByTestId("worklist-empty");
  await expect(empty).toContainText("No patient matches this search or these filters.");
  await expectNoSidewaysScroll(page);

  await empty.getByRole("link", { name: "Clear the search and filters" }).click();
  await expect(page).toHaveURL(/\/monitoring\?sort=name&dir=desc$/);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("");
  await expect(page.getByLabel("Status")).toHaveValue("");
  await expect(page.getByTestId("worklist-patient").first()).toBeVisible();
});
