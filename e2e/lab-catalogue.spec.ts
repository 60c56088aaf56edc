import { randomInt } from "node:crypto";
import type { Locator, Page } from "@playwright/test";
import { addCatalogueTest } from "../lib/data/catalogue";
import { createUser } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

/*
 * The lab catalogue's Retire and Restore buttons name their test. Retiring asks first, saying what it does
 * (for a test the monitoring protocol reads, which of its items then wait), and the catalogue's hCG tests,
 * on which every pregnancy test is recorded, are never retired. The answer stays in the test's row, announced
 * and with the focus the button dropped. The catalogue is the whole run's: this spec retires only a test of
 * its own, and cancels the question asked for ALT.
 */
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

/** The answer left in `place`: announced, focused, and the focus not dropped to the page. */
async function expectLeftAnswer(place: Locator, text: string) {
  const answer = place.getByRole("status").filter({ hasText: text });
  await expect(answer).toHaveText(text);
  await expect(answer).toBeFocused();
  expect(await place.page().evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
}

/** Presses `button` with Enter; the question asked is answered with `accept`, and returned. */
async function pressAnswering(page: Page, button: Locator, accept: boolean): Promise<string> {
  const asked = new Promise<string>((resolve) =>
    page.once("dialog", (dialog) => {
      resolve(dialog.message());
      void (accept ? dialog.accept() : dialog.dismiss());
    }),
  );
  await hydrated(button);
  await button.focus();
  await page.keyboard.press("Enter");
  return asked;
}

test("each button names its test; retiring asks first, never takes an hCG test, and its answer stays in the row with the focus", async ({ page }) => {
  const code = `${randomInt(10000, 99999)}-7`;
  const name = `Ferritin ${code}`;
  await addCatalogueTest(await createUser("DERMATOLOGIST"), { code, name, kind: "QUANTITATIVE", unit: "ng/mL" });
  await page.goto("/lab-catalogue");
  const catalogue = page.getByTestId("catalogue");
  const row = (test: string) => catalogue.getByRole("row").filter({ has: page.getByRole("cell", { name: test, exact: true }) });

  // Every button's name is its own, and starts with what it shows (read once the table's buttons are there:
  // evaluateAll does not wait for them).
  await expect(row("ALT").getByRole("button", { name: "Retire ALT", exact: true })).toHaveText("Retire");
  await expect(row(name).getByRole("button", { name: `Retire ${name}`, exact: true })).toBeVisible();
  const names = await catalogue.getByRole("button").evaluateAll((buttons) => buttons.map((b) => b.getAttribute("aria-label") ?? ""));
  expect(names.length).toBeGreaterThan(5);
  expect(new Set(names).size).toBe(names.length);
  for (const n of names) expect(n).toMatch(/^(Retire|Restore) \S/);

  // The pregnancy tests are always offered: no Retire, and why.
  for (const hcg of ["hCG, urine (qualitative)", "hCG, serum (qualitative)"]) {
    await expect(row(hcg).getByRole("button")).toHaveCount(0);
    await expect(row(hcg)).toContainText("Always offered");
  }

  // ALT: the question says what retiring it does to the monitoring protocol; cancelled, nothing changes.
  const alt = row("ALT").getByRole("button", { name: "Retire ALT", exact: true });
  const asked = await pressAnswering(page, alt, false);
  expect(asked).toBe(
    "Retire ALT? It is no longer offered on the lab entry form. The monitoring protocol reads ALT for the baseline liver tests and the peak-dose and periodic labs, and no other test offered counts as ALT: those items would wait for a laboratory's results, sent or imported. Its results stay on the charts, and it can be restored.",
  );
  await expect(row("ALT")).toContainText("Offered");
  await expect(catalogue.getByRole("status")).toHaveCount(0);

  // The clinic's own test: retired with Enter once confirmed, then restored.
  const retire = row(name).getByRole("button", { name: `Retire ${name}`, exact: true });
  expect(await pressAnswering(page, retire, true)).toBe(
    `Retire ${name}? It is no longer offered on the lab entry form. Its results stay on the charts, and it can be restored.`,
  );
  await expect(row(name)).toContainText("Retired");
  await expectLeftAnswer(row(name), `${name} retired. It is no longer offered on the lab entry form; its results stay on the charts.`);

  const restore = row(name).getByRole("button", { name: `Restore ${name}`, exact: true });
  await restore.focus();
  await page.keyboard.press("Enter");
  await expect(row(name)).toContainText("Offered");
  await expectLeftAnswer(row(name), `${name} restored. It is offered on the lab entry form again.`);
  await expect(catalogue.getByRole("status")).toHaveCount(1);
});
