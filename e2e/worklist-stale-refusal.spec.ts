import { clinicToday } from "../lib/clinic";
import { createSpecPatient, createUser, recordLabs, startSpecCourse } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("STAFF") });

test("at 1400 px, a call or a reminder refused because the items were completed meanwhile leaves the worklist showing them as they are now", async ({
  page,
}) => {
  // One patient of a dermatologist of the test's own, both baseline items overdue.
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm, { email: `e2e-stale-${Date.now()}@patients.isotrack.test` });
  await startSpecCourse(patient, derm, 20);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/monitoring");
  await page.getByLabel("Clinician").selectOption({ label: derm.name });
  await page.getByRole("button", { name: "Apply" }).click();
  const card = page.getByTestId("worklist-patient");
  await expect(card).toHaveCount(1);
  const items = card.getByTestId("open-items").getByRole("listitem");
  await expect(items).toHaveCount(2);
  await expect(items.filter({ hasText: "Baseline ALT/AST" })).toContainText("Overdue");

  // Meanwhile the liver panel is recorded: that item is completed.
  await recordLabs(patient, derm, clinicToday(), { "1742-6": "22", "1920-8": "24" });
  await card.locator("summary", { hasText: "Log outreach" }).click();
  const outreach = card.getByTestId("outreach-form");
  await outreach.getByRole("checkbox", { name: "Baseline fasting lipids" }).uncheck();
  await outreach.getByLabel("Outcome").selectOption({ label: "No answer" });
  await outreach.getByLabel("Outreach note").fill("Called about the liver panel");
  await outreach.getByRole("button", { name: "Log outreach" }).click();
  await expect(outreach.getByTestId("form-error")).toHaveText("That monitoring item is already completed; nothing was recorded.");
  // Without a reload, the card shows the item gone, and the form offers only the one still open.
  await expect(items).toHaveCount(1);
  await expect(items).toContainText("Baseline fasting lipids");
  await expect(outreach.getByTestId("outreach-items").getByRole("checkbox")).toHaveCount(1);

  // Then the lipids too: a reminder asked for is refused, and the patient leaves the list.
  await recordLabs(patient, derm, clinicToday(), { "2571-8": "120", "2093-3": "180" });
  await card.getByTestId("reminder-form").getByRole("button", { name: "Reminder email" }).click();
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId("worklist-empty")).toContainText("No patient matches this search or these filters.");
});
