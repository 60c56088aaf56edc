import { changeDoseAnchor } from "../app/(portal)/patients/[patientId]/_components/course-anchors";
import type { Page } from "@playwright/test";
import { createSpecPatient, createUser, startSpecCourse } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

// The link to a course's dose change (a review's "Change the dose of the course…", lab-review-actions.spec.ts)
// opens the form scrolled into view with the focus on its heading also when the page is loaded whole: opened
// in a new tab, or reloaded.
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

/** The dose change panel: open, on screen below the page's top, its heading focused. */
async function expectAnchoredForm(page: Page) {
  const panel = page.getByTestId("panel-change-dose");
  await expect(panel).toHaveAttribute("open", "");
  await expect(panel.getByLabel("Effective from")).toBeVisible();
  await expect(panel.locator("summary")).toBeInViewport();
  await expect(panel.locator("summary")).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
}

test("a link to the course's dose change, opened in a new tab or reloaded, shows the form in view with its heading focused", async ({ context }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  const courseId = await startSpecCourse(patient, derm, 40);
  const tab = await context.newPage();
  await tab.goto(`/patients/${patient.id}#${changeDoseAnchor(courseId)}`);
  await expectAnchoredForm(tab);
  // Scrolled back to the top and reloaded: it goes back to the form.
  await tab.evaluate(() => window.scrollTo(0, 0));
  await tab.reload();
  await expectAnchoredForm(tab);
});
