import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { QUEUED_LAB_RESULT } from "../lib/domain/pregnancy/pregnancy-tests";
import type { SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";
import { patientWithQueuedPositiveTest } from "./queued-pregnancy-data";

/*
 * A laboratory's positive pregnancy test that waits under Unfiled lab results for the patient with its MRN (the
 * message gives another date of birth) stops her prescribing: her banner says so and why, in words naming no
 * result, with a link to the queue for the roles that may open it (nurses and dermatologists, not office staff).
 */
let patient: SpecPatient;
const RESULT_WORDS = /positive|negative|indeterminate/i;

test.beforeAll(async () => {
  patient = await patientWithQueuedPositiveTest(addDays(clinicToday(), -1));
});

test("the banner says a laboratory's pregnancy test waits under Unfiled lab results, and links there for a nurse, not for office staff", async ({
  browser,
}) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const n = await nurse.newPage();
  await n.goto(`/patients/${patient.id}`);
  const banner = n.getByTestId("pregnancy-review-needed");
  await expect(banner).toContainText("Dermatologist review required before any further prescription.");
  await expect(banner.getByTestId("pregnancy-review-reasons")).toHaveText(`${QUEUED_LAB_RESULT}. Open Unfiled lab results`);
  await banner.getByRole("link", { name: "Open Unfiled lab results" }).click();
  await expect(n).toHaveURL(/\/labs\/queue$/);
  await expect(n.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${patient.mrn}` })).toHaveCount(1);
  await nurse.close();

  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await s.goto(`/patients/${patient.id}`);
  const staffBanner = s.getByTestId("pregnancy-review-needed");
  await expect(staffBanner.getByTestId("pregnancy-review-reasons")).toHaveText(`${QUEUED_LAB_RESULT}.`);
  await expect(staffBanner.getByRole("link")).toHaveCount(0);
  await expect(s.locator("main")).not.toContainText(RESULT_WORDS);
  await staff.close();
});
