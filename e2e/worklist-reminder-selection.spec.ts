import type { Page } from "@playwright/test";
import { db } from "../lib/db";
import { setContactPreferences } from "../lib/data/contact-preferences";
import { queueReminders } from "../lib/data/queue-reminders";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient, type SpecUser } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("STAFF") });

/**
 * A dermatologist of the test's own with four patients whose baseline labs are overdue, each with an email
 * address: the third asked not to be emailed, and the fourth was sent a reminder email an hour ago.
 */
async function fourPatients(): Promise<{ derm: SpecUser; ok: SpecPatient[]; optedOut: SpecPatient; emailed: SpecPatient }> {
  const derm = await createUser("DERMATOLOGIST");
  const patients: SpecPatient[] = [];
  for (let i = 0; i < 4; i++) {
    const p = await createSpecPatient(derm, { email: `e2e-selection-${i}-${Date.now()}@patients.isotrack.test` });
    await startSpecCourse(p, derm, 20);
    patients.push(p);
  }
  const [a, b, optedOut, emailed] = patients as [SpecPatient, SpecPatient, SpecPatient, SpecPatient];
  const { version } = await db.patient.findUniqueOrThrow({ where: { id: optedOut.id }, select: { version: true } });
  await setContactPreferences(derm, optedOut.id, { doNotEmail: true, doNotText: false, doNotCall: false }, version);
  const [queued] = await queueReminders(derm, { patientIds: [emailed.id], channel: "EMAIL" });
  if (!queued?.queued) throw new Error("the earlier reminder was not queued");
  // As the dispatcher leaves it once sent.
  const sentAt = new Date(Date.now() - 3600_000);
  await db.reminder.update({ where: { id: queued.reminderId }, data: { status: "SENT", attempts: 1, claimedAt: sentAt, finishedAt: sentAt } });
  return { derm, ok: [a, b], optedOut, emailed };
}

async function showClinician(page: Page, derm: SpecUser, count: number) {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto("/monitoring");
  await page.getByLabel("Clinician").selectOption({ label: derm.name });
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("worklist-patient")).toHaveCount(count);
}

test("at 1400 px, the selection counts only the patients a reminder can go to, naming an earlier reminder as it names a do-not-contact choice", async ({
  page,
}) => {
  const { derm, ok, optedOut, emailed } = await fourPatients();
  await showClinician(page, derm, 4);
  // The patient emailed an hour ago: that card's email button is disabled, and says why.
  const emailedCard = page.getByTestId("worklist-patient").filter({ hasText: emailed.name });
  const recent = "A reminder email was sent to this patient in the last 24 hours.";
  await expect(emailedCard.getByRole("button", { name: `Reminder email to ${emailed.name}` })).toBeDisabled();
  await expect(emailedCard.getByTestId("reminder-blocked-EMAIL")).toHaveText(`Reminder email: ${recent}`);
  await expect(emailedCard.getByRole("button", { name: `Reminder text message to ${emailed.name}` })).toBeEnabled();

  const bulk = page.getByTestId("bulk-reminders");
  await bulk.getByRole("checkbox", { name: "Select all 4 on this page" }).check();
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("4 patients selected");
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder email" });
  const blocked = bulk.getByTestId("bulk-blocked");
  await expect(blocked.getByRole("paragraph")).toHaveText("2 of the 4 selected cannot be sent a reminder email:");
  await expect(blocked.getByRole("listitem")).toHaveCount(2);
  await expect(blocked.getByRole("listitem").filter({ hasText: optedOut.name })).toHaveText(`${optedOut.name}: Patient asked not to be emailed.`);
  await expect(blocked.getByRole("listitem").filter({ hasText: emailed.name })).toHaveText(`${emailed.name}: ${recent}`);

  // The button and the question count the two who will be sent one.
  const asked: string[] = [];
  page.once("dialog", (dialog) => {
    asked.push(dialog.message());
    void dialog.accept();
  });
  await bulk.getByRole("button", { name: "Send 2 reminders" }).click();
  await expect.poll(() => asked).toEqual(["Send a reminder email to 2 patients? 2 of the 4 selected cannot be sent one."]);
  await expect(bulk.getByTestId("form-ok")).toHaveText("2 reminder emails queued, 2 not sent.");
  const outcomes = bulk.getByTestId("bulk-outcomes").getByRole("listitem");
  for (const p of ok) await expect(outcomes.filter({ hasText: p.name })).toHaveText(`${p.name}: Reminder email queued, not sent yet.`);

  // All four selected again: now none can be sent one, and the button stays disabled.
  await bulk.getByRole("checkbox", { name: "Select all 4 on this page" }).check();
  await expect(blocked.getByRole("paragraph")).toHaveText("None of the 4 selected can be sent a reminder email:");
  // Waiting, or already sent by the background job: either way, not again.
  for (const p of ok)
    await expect(blocked.getByRole("listitem").filter({ hasText: p.name })).toHaveText(
      /: A reminder email (is already queued for this patient and not sent yet|to this patient is being sent now|was sent to this patient in the last 24 hours)\.$/,
    );
  await expect(bulk.getByRole("button", { name: "Send reminders" })).toBeDisabled();
  // By text message, all four can.
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder text message" });
  await expect(blocked).toHaveCount(0);
  await expect(bulk.getByRole("button", { name: "Send 4 reminders" })).toBeEnabled();
});

test("at 1400 px, the answer to a send stays until the selection changes, and then goes", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patients: SpecPatient[] = [];
  for (let i = 0; i < 2; i++) {
    const p = await createSpecPatient(derm, { email: `e2e-answer-${i}-${Date.now()}@patients.isotrack.test` });
    await startSpecCourse(p, derm, 20);
    patients.push(p);
  }
  const [first, second] = patients as [SpecPatient, SpecPatient];
  await showClinician(page, derm, 2);
  const bulk = page.getByTestId("bulk-reminders");
  await page.getByRole("checkbox", { name: `Select ${first.name}` }).check();
  await bulk.getByRole("button", { name: "Send 1 reminder" }).click();
  await expect(bulk.getByTestId("form-ok")).toHaveText("1 reminder email queued.");
  await expect(bulk.getByTestId("bulk-outcomes")).toHaveText(`${first.name}: Reminder email queued, not sent yet.`);
  // The answer clears the selection; the answer itself stays, and so does a change of channel.
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("No patient selected");
  await bulk.getByLabel("Send to the selected patients").selectOption({ label: "Reminder text message" });
  await expect(bulk.getByTestId("bulk-outcomes")).toBeVisible();

  // A new selection: the last send's answer goes.
  await page.getByRole("checkbox", { name: `Select ${second.name}` }).check();
  await expect(bulk.getByTestId("bulk-selected")).toHaveText("1 patient selected");
  await expect(bulk.getByTestId("bulk-outcomes")).toHaveCount(0);
  await expect(bulk.getByTestId("form-ok")).toHaveCount(0);
  // Sent again, the new answer shows, until the box that selects them all changes the selection.
  await bulk.getByRole("button", { name: "Send 1 reminder" }).click();
  await expect(bulk.getByTestId("bulk-outcomes")).toHaveText(`${second.name}: Reminder text message queued, not sent yet.`);
  await bulk.getByRole("checkbox", { name: "Select all 2 on this page" }).check();
  await expect(bulk.getByTestId("bulk-outcomes")).toHaveCount(0);
});
