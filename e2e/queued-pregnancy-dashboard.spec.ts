import { clinicToday } from "../lib/clinic";
import { QUEUED_LAB_RESULT } from "../lib/domain/pregnancy/pregnancy-tests";
import type { SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";
import { patientWithQueuedPositiveTest } from "./queued-pregnancy-data";

/*
 * A laboratory's positive pregnancy test waiting under Unfiled lab results for the patient with its MRN (the message
 * gives another date of birth) stops her prescribing: the dashboard's critical alerts name her on its first screen,
 * with a link to her and one to the queue, and the critical count counts her.
 */
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

let patient: SpecPatient;

test.beforeAll(async () => {
  patient = await patientWithQueuedPositiveTest(clinicToday());
});

test("the critical alerts name a patient whose prescribing a queued pregnancy test stops, with links to her and to the queue", async ({ page }) => {
  await page.goto("/dashboard");
  const panel = page.getByRole("region", { name: "Critical alerts" });
  const line = panel.getByTestId("queued-pregnancy-hold").filter({ hasText: patient.name });
  await expect(line).toHaveCount(1);
  await expect(line).toBeInViewport();
  await expect(line).toContainText(QUEUED_LAB_RESULT);
  await expect(line.getByRole("link", { name: patient.name })).toHaveAttribute("href", `/patients/${patient.id}`);
  const held = Number((await panel.getByTestId("queued-pregnancy-holds-count").textContent())!.match(/(\d+) patients?$/)![1]);
  expect(held).toBeGreaterThanOrEqual(1);

  await line.getByTestId("queued-pregnancy-hold-queue").click();
  await expect(page).toHaveURL(/\/labs\/queue$/);
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${patient.mrn}` })).toHaveCount(1);
});
