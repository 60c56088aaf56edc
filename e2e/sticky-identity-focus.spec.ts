import type { Locator, Page } from "@playwright/test";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("NURSE") });

// The identity bar (components/sticky-identity.tsx) is fixed at the top of a patient's page once its header has
// scrolled away; the page's scroll padding (app/globals.css) keeps what is focused or linked to out from under it.

let patient: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20);
});

/** The bottom edge of the identity bar, once the page is scrolled far enough for it to show. */
async function barBottom(page: Page): Promise<number> {
  const bar = page.getByTestId("sticky-identity");
  await expect(bar).toBeVisible();
  const box = (await bar.boundingBox())!;
  return box.y + box.height;
}

/** Scrolls the page so that the element's top edge lies `above` px above the bar's bottom edge: in its shadow. */
async function underTheBar(page: Page, element: Locator, above: number) {
  await element.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 4));
  const bottom = await barBottom(page);
  await element.evaluate((el, y) => window.scrollBy(0, el.getBoundingClientRect().top - y), bottom - above);
  expect((await element.boundingBox())!.y).toBeLessThan(bottom);
}

for (const { width, height } of [
  { width: 1400, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`at ${width} px, a field reached with Tab or focused by a form's answer, and a section reached by its link, land below the identity bar, not under it`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto(`/patients/${patient.id}`);
    const weight = page.getByLabel("Weight (kg)", { exact: true });
    const date = page.getByLabel("Measured on", { exact: true });
    await hydrated(weight);

    // Tab from the field before it: the date field, just under the bar's lower edge, scrolls out from under it.
    for (const above of [2, 12, 30]) {
      await underTheBar(page, date, above);
      await weight.evaluate((el) => (el as HTMLElement).focus({ preventScroll: true }));
      await page.keyboard.press("Tab");
      await expect(date).toBeFocused();
      expect((await date.boundingBox())!.y).toBeGreaterThanOrEqual(await barBottom(page));
    }

    // Focus moved by script (a form's answer, a question asked before saving) lands below the bar too.
    for (const above of [2, 12, 30]) {
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await underTheBar(page, weight, above);
      await weight.evaluate((el) => (el as HTMLElement).focus());
      expect((await weight.boundingBox())!.y).toBeGreaterThanOrEqual(await barBottom(page));
    }

    // A section reached by its link ("Document a decision" leads to #pregnancy) starts below the bar too.
    const section = page.locator("#pregnancy");
    await underTheBar(page, section, 12);
    await page.evaluate(() => (window.location.hash = "pregnancy"));
    await expect.poll(async () => (await section.boundingBox())!.y).toBeGreaterThanOrEqual(await barBottom(page));
  });
}
