import type { Locator, Page } from "@playwright/test";
import { createSpecPatient, createUser, startSpecCourse } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("STAFF") });

/** A patient whose course started 20 days ago without baseline labs (two overdue items), found by name on the worklist. */
async function overduePatient(over: { email?: string } = {}) {
  const derm = await createUser("DERMATOLOGIST");
  const p = await createSpecPatient(derm, over);
  await startSpecCourse(p, derm, 20);
  return p;
}

async function findCard(page: Page, lastName: string): Promise<Locator> {
  await page.goto("/monitoring");
  await page.getByRole("searchbox", { name: "Search" }).fill(lastName);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/search=/);
  const card = page.getByTestId("worklist-patient");
  await expect(card).toHaveCount(1);
  return card;
}

async function openSection(card: Locator, name: string) {
  const summary = card.locator("summary", { hasText: name });
  if ((await summary.locator("xpath=..").getAttribute("open")) === null) await summary.click();
}

test("at 390 px, the call-log form says the patient asked not to be called, and still records a call the patient made", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const patient = await overduePatient();
  const card = await findCard(page, patient.lastName);
  await openSection(card, "Log outreach");
  const outreach = card.getByTestId("outreach-form");
  await expect(outreach.getByRole("button", { name: "Log outreach" })).toBeVisible();
  await expect(outreach.getByTestId("outreach-do-not-call")).toHaveCount(0);

  await openSection(card, "Contact preferences");
  await card.getByLabel("Do not call").check();
  await card.getByRole("button", { name: "Save preferences" }).click();
  await expect(card.getByTestId("contact-form").getByTestId("form-ok")).toHaveText("Contact preferences saved.");

  const warning = outreach.getByTestId("outreach-do-not-call");
  await expect(warning).toHaveText(
    "Do not call: the patient asked not to be called by phone. Log a call only if the patient called the clinic or asked to be called back; otherwise send a reminder on a channel they accept.",
  );
  await expect(outreach.getByRole("group", { name: "About" })).toHaveAccessibleDescription(/^Do not call: the patient asked not to be called by phone\./);
  await outreach.getByLabel("Outcome").selectOption({ label: "Reached" });
  await outreach.getByLabel("Outreach note").fill("Patient called the clinic");
  await outreach.getByRole("button", { name: "Log outreach" }).click();
  await expect(outreach.getByTestId("form-ok")).toHaveText("Outreach noted for 2 items.");
  await expect(warning).toBeVisible();

  // The patient's own page logs outreach with the same form, and says the same.
  await page.goto(`/patients/${patient.id}`);
  await page.getByTestId("patient-outreach").locator("summary").click();
  await expect(page.getByTestId("patient-outreach").getByTestId("outreach-do-not-call")).toHaveText(
    /^Do not call: the patient asked not to be called by phone\./,
  );
});

test("at 1400 px, a card's reminder buttons name the channels as the selection's menu does", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const patient = await overduePatient();
  const card = await findCard(page, patient.lastName);
  const menu = page.getByTestId("bulk-reminders").getByLabel("Send to the selected patients").getByRole("option");
  await expect(menu).toHaveText(["Reminder email", "Reminder text message"]);
  await expect(card.getByTestId("reminder-form").getByRole("button")).toHaveText(["Reminder email", "Reminder text message"]);
  // Without SMTP_URL (as here), the reminders only reach the outbox folder: said where they are sent.
  await expect(page.getByTestId("reminder-outbox-note")).toHaveText(
    "Reminders are not sent to patients: no mail server or text-message gateway is set up, so each is written to the server's outbox folder.",
  );
});

test("at 1400 px, each card's reminder buttons, sections and forms are named after its patient", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  // A dermatologist of this test's own: filtered by them, the page holds exactly their two patients.
  const derm = await createUser("DERMATOLOGIST");
  const patients = [await createSpecPatient(derm), await createSpecPatient(derm)];
  for (const p of patients) await startSpecCourse(p, derm, 20);
  await page.goto("/monitoring");
  await page.getByLabel("Clinician").selectOption({ label: derm.name });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("worklist-patient")).toHaveCount(2);
  for (const p of patients) {
    for (const channel of ["Reminder email", "Reminder text message"])
      await expect(page.getByRole("button", { name: `${channel} to ${p.name}`, exact: true })).toHaveCount(1);
    const card = page.getByTestId("worklist-patient").filter({ hasText: p.name });
    for (const section of ["Log outreach", "Outreach history (0)", "Contact preferences"])
      await expect(card.locator("summary", { hasText: section })).toHaveText(`${section} for ${p.name}`);
    await openSection(card, "Log outreach");
    await openSection(card, "Contact preferences");
  }
  for (const p of patients) {
    await expect(page.getByRole("form", { name: `Log outreach for ${p.name}`, exact: true })).toHaveCount(1);
    await expect(page.getByRole("button", { name: `Log outreach for ${p.name}`, exact: true })).toHaveCount(1);
    await expect(page.getByRole("form", { name: `Contact preferences for ${p.name}`, exact: true })).toHaveCount(1);
    await expect(page.getByRole("button", { name: `Save preferences for ${p.name}`, exact: true })).toHaveCount(1);
  }
});

/** The lines (by their top edge) that each given part of the element's text is drawn on. */
async function linesOf(element: Locator, parts: string[]): Promise<number[]> {
  return element.evaluate((el, wanted) => {
    const chars: { ch: string; top: number }[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      for (let i = 0; i < (node.textContent ?? "").length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        chars.push({ ch: node.textContent![i]!, top: Math.round(range.getBoundingClientRect().top) });
      }
    const text = chars.map((c) => c.ch).join("");
    return wanted.map((part) => {
      const at = text.indexOf(part);
      return new Set(chars.slice(at, at + part.length).map((c) => c.top)).size;
    });
  }, parts);
}

/** How far (px) the element, or any element drawn inside it, reaches past the container's left or right edge. */
async function overflowPast(container: Locator, element: Locator): Promise<number> {
  const box = (await container.boundingBox())!;
  return element.evaluate(
    (el, { left, right }) =>
      Math.max(
        0,
        ...[el, ...el.querySelectorAll("*")]
          .map((e) => e.getBoundingClientRect())
          // A line break opportunity (<wbr>) has no box: it is drawn nowhere.
          .filter((r) => r.width > 0 || r.height > 0)
          .flatMap((r) => [left - r.left, r.right - right]),
      ),
    { left: box.x, right: box.x + box.width },
  );
}

for (const { width, height } of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`at ${width} px, a card's email address breaks only before the @, never inside the name or the domain, and nothing scrolls sideways`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    // An address as patients have them (several patients may share one: the search finds the card by name).
    const local = "hannah.johnson";
    const patient = await overduePatient({ email: `${local}@example.test` });
    const card = await findCard(page, patient.lastName);
    const address = card.getByText(`${local}@example.test`, { exact: true });
    await expect(address).toBeVisible();
    expect(await linesOf(address, [local, "@example.test"])).toEqual([1, 1]);
    const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(scroll).toBeLessThanOrEqual(inner);
  });
}

for (const { width, height } of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`at ${width} px, an address whose name is longer than the column is cut short, never broken inside it, with the whole address as its title, on the worklist and the patient's page`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    // 64 characters, the longest name an address may have (RFC 5321).
    const local = `hannah.elizabeth.johnson-whitfield.${"x".repeat(29)}`;
    const email = `${local}@example.test`;
    const patient = await overduePatient({ email });
    const check = async (container: Locator) => {
      const address = container.getByText(email, { exact: true });
      await expect(address).toBeVisible();
      expect(await linesOf(address, [local, "@example.test"])).toEqual([1, 1]);
      await expect(address).toHaveAttribute("title", email);
      expect(await overflowPast(container, address)).toBe(0);
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(scroll).toBeLessThanOrEqual(inner);
    };
    await check(await findCard(page, patient.lastName));
    await page.goto(`/patients/${patient.id}`);
    await check(page.getByRole("region", { name: "Contact and indication" }));
  });
}
