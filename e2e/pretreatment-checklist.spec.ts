import AxeBuilder from "@axe-core/playwright";
import { clinicToday } from "../lib/clinic";
import { recordContraception } from "../lib/data/pregnancy-records";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, recordLabs, type SpecPatient, type SpecUser } from "./data";
import { expect, searchPatients, storageStateFor, test } from "./fixtures";

// A new referral who can become pregnant: nothing recorded yet, no course.
let derm: SpecUser;
let referral: SpecPatient;
test.beforeAll(async () => {
  derm = await createUser("DERMATOLOGIST");
  referral = await createSpecPatient(derm, { canBecomePregnant: true });
});

test("a dermatologist sees what a new patient needs before a first prescription, then sees each line ticked once recorded", async ({ browser }) => {
  const today = clinicToday();
  const context = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const page = await context.newPage();
  await searchPatients(page, referral.mrn);
  await page.getByRole("link", { name: referral.name }).click();
  const checklist = page.getByTestId("pretreatment-checklist");
  const line = (key: string) => checklist.locator(`[data-line="${key}"]`);
  const earliest = checklist.getByTestId("checklist-earliest");
  await expect(checklist.getByRole("heading")).toHaveText("Before the first prescription");
  await expect(checklist).toHaveAttribute("data-ready", "false");
  for (const key of ["SCREENING_TEST", "CONFIRMATION_TEST", "CONTRACEPTION", "COUNSELING", "CONTRACEPTION_CONFIRMED"])
    await expect(line(key)).toHaveAttribute("data-done", "false");
  await expect(line("SCREENING_TEST")).toContainText("Not done: Screening pregnancy test, negative");
  // A screening test today, then the confirmation test 19 days later; contraception documented from today counts 30 days later.
  await expect(line("CONFIRMATION_TEST")).toContainText(
    `After a screening test today, a negative test in a laboratory or the clinic collected on or after ${formatDate(addDays(today, 19))}`,
  );
  await expect(line("CONTRACEPTION")).toContainText(`Documented from today, a first prescription could be written from ${formatDate(addDays(today, 30))}`);
  await expect(earliest).toHaveText(`Earliest first prescription: ${formatDate(addDays(today, 30))}, if everything else is done by then.`);
  const { violations } = await new AxeBuilder({ page })
    .include('[data-testid="pretreatment-checklist"]')
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  // What the nurse records (by the setup): a screening test 25 days ago, a confirmation test yesterday, contraception from 45 days ago.
  await recordLabs(referral, derm, addDays(today, -25), { "2106-3": "NEGATIVE" }, "LAB");
  await recordLabs(referral, derm, addDays(today, -1), { "2106-3": "NEGATIVE" }, "LAB");
  await recordContraception(
    derm,
    { patientId: referral.id, method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: addDays(today, -45) },
    today,
  );
  await page.reload();
  await expect(line("SCREENING_TEST")).toHaveAttribute("data-done", "true");
  await expect(line("SCREENING_TEST")).toContainText(`Collected on ${formatDate(addDays(today, -25))}.`);
  await expect(line("CONFIRMATION_TEST")).toContainText(`Collected on ${formatDate(addDays(today, -1))} in a laboratory, 24 days after the screening test`);
  await expect(line("CONTRACEPTION")).toContainText(`Documented from ${formatDate(addDays(today, -45))}, in use.`);
  await expect(line("COUNSELING")).toHaveAttribute("data-done", "false");
  await expect(line("CONTRACEPTION_CONFIRMED")).toHaveAttribute("data-done", "false");
  await expect(earliest).toHaveText(`Earliest first prescription: ${formatDate(today)}, if everything else is done by then.`);

  // The dermatologist counsels today, confirms with the patient the contraception in use, and records both on the page.
  const counseling = page.getByTestId("form-counseling");
  await counseling.getByText("Record counseling").click();
  await expect(counseling.getByTestId("contraception-confirmation")).toContainText(
    `Contraception in use on ${formatDate(today)}: Intrauterine device (IUD) + Male latex condom, since ${formatDate(addDays(today, -45))}.`,
  );
  await counseling.getByLabel("Contraception confirmed with the patient").check();
  await counseling.getByRole("button", { name: "Save counseling" }).click();
  await expect(counseling.getByTestId("form-ok")).toBeVisible();
  await expect(line("COUNSELING")).toHaveAttribute("data-done", "true");
  await expect(line("COUNSELING")).toContainText(`Done: Counseling in the 30 days before the prescription`);
  await expect(line("COUNSELING").getByTestId("checklist-detail")).toHaveText(`Recorded on ${formatDate(today)}.`);
  await expect(line("CONTRACEPTION_CONFIRMED")).toHaveAttribute("data-done", "true");
  await expect(line("CONTRACEPTION_CONFIRMED").getByTestId("checklist-detail")).toHaveText(`Confirmed at the counseling of ${formatDate(today)}.`);
  await expect(page.getByTestId("counseling")).toContainText("contraception confirmed: Intrauterine device (IUD) + Male latex condom");
  await expect(checklist).toHaveAttribute("data-ready", "true");
  await expect(earliest).toHaveText("Everything is done: a first prescription could be written today.");
  await context.close();

  // Office staff see nothing of it.
  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await searchPatients(s, referral.mrn);
  await s.getByRole("link", { name: referral.name }).click();
  await expect(s.getByTestId("patient-name")).toHaveText(referral.name);
  await expect(s.getByTestId("pretreatment-checklist")).toHaveCount(0);
  await expect(s.locator("main")).not.toContainText("Before the first prescription");
  await staff.close();
});
