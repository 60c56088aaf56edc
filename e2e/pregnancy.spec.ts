import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import type { Page } from "@playwright/test";
import { recordContraception } from "../lib/data/pregnancy-records";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient } from "./data";
import { expect, searchPatients, storageStateFor, test } from "./fixtures";

const openPatient = async (page: Page, patient: SpecPatient) => {
  await searchPatients(page, patient.mrn);
  await page.getByRole("link", { name: patient.name }).click();
};

// All can become pregnant: one on a course of 20 mg daily for 30 days, one a new referral with no test on file, and
// one on a course started 25 days ago (the IUD and condoms confirmed then) who changed to the pill and condoms 5 days
// ago, with a negative laboratory test yesterday.
let onCourse: SpecPatient;
let referral: SpecPatient;
let switched: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  [onCourse, referral, switched] = [
    await createSpecPatient(derm, { canBecomePregnant: true }),
    await createSpecPatient(derm, { canBecomePregnant: true }),
    await createSpecPatient(derm, { canBecomePregnant: true }),
  ];
  await startSpecCourse(onCourse, derm, 30, { canBecomePregnant: true });
  const today = clinicToday();
  await startSpecCourse(switched, derm, 25, { canBecomePregnant: true });
  await recordContraception(
    derm,
    { patientId: switched.id, method: "TWO_METHODS", firstMethod: "COMBINED_PILL", secondMethod: "MALE_CONDOM", startDate: addDays(today, -5) },
    today,
  );
  await recordLabs(switched, derm, addDays(today, -1), { "2106-3": "NEGATIVE" }, "LAB");
});

async function recordPregnancyTest(page: Page, date: string, result: "Negative" | "Positive", setting: "A laboratory" | "The clinic (office test)") {
  await page.getByText("Record lab results").click();
  const form = page.getByTestId("lab-form");
  await form.getByLabel("Specimen date").fill(date);
  await form.getByLabel("Pregnancy test done at").selectOption({ label: setting });
  await form.getByLabel("hCG, urine (qualitative)").selectOption({ label: result });
  await form.getByRole("button", { name: "Save results" }).click();
  await expect(form.getByTestId("form-ok")).toContainText("recorded");
  // A test that is not negative is not a routine save: the nurse is told to alert the dermatologist.
  if (result === "Positive") await expect(form.getByRole("alert")).toContainText("prescribing is stopped. Tell the dermatologist today.");
  else await expect(form.getByRole("alert")).toHaveCount(0);
}

test("a nurse records a positive test: the dermatologist sees the banner and cannot prescribe; staff see a review and no result", async ({ browser }) => {
  const today = clinicToday();
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const n = await nurse.newPage();
  await openPatient(n, onCourse);
  const name = onCourse.name;
  await expect(n.getByTestId("patient-name")).toHaveText(name);
  await expect(n.getByTestId("pregnancy-alert")).toHaveCount(0);
  await recordPregnancyTest(n, today, "Positive", "The clinic (office test)");
  await expect(n.getByTestId("pregnancy-alert")).toContainText("Positive pregnancy test");
  await nurse.close();

  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const d = await derm.newPage();
  await d.goto("/dashboard");
  const alert = d.getByTestId("critical-alerts").getByRole("listitem").filter({ hasText: name });
  await alert.getByTestId("alert-result-link").click();
  await expect(d).toHaveURL(/\?labs=all#lab-/);
  await expect(d.getByTestId("pregnancy-alert")).toContainText("prescribing is stopped");
  const panel = d.getByTestId("panel-prescription");
  await panel.getByText("Write a prescription").click();
  await panel.getByLabel("I counseled the patient at this visit (recorded with the prescription).").check();
  await panel.getByRole("button", { name: "Save prescription" }).click();
  await expect(panel.getByTestId("pregnancy-refusal")).toContainText("no documented dermatologist decision");
  await expect(panel.getByLabel("I counseled the patient at this visit (recorded with the prescription).")).toBeChecked();
  await derm.close();

  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await openPatient(s, onCourse);
  await expect(s.getByTestId("pregnancy-review-needed")).toContainText("Dermatologist review required");
  await expect(s.locator("main")).not.toContainText(/positive|negative|indeterminate/i);
  // The review is the dermatologist's own item: office staff do not get it on the worklist, even asked for by its kind.
  await s.goto("/monitoring?kind=PREG_REVIEW");
  await expect(s.getByTestId("worklist-count")).toHaveText("0 patients");
  await expect(s.locator("main")).not.toContainText(/Dermatologist review|positive|negative|indeterminate/i);
  await staff.close();
});

test("a first prescription lists what is missing; once the tests and contraception are recorded it is written with its dispense-by date and quantity, and a positive test after it holds it", async ({
  browser,
}) => {
  const today = clinicToday();
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const d = await derm.newPage();
  await openPatient(d, referral);
  await d.getByRole("link", { name: "Start a course" }).click();
  await d.getByLabel("Weight at start (kg)").fill("55");
  await d.getByLabel("Dose per intake (mg)").fill("20");
  await d.getByRole("button", { name: "Start course" }).click();
  const refusal = d.getByTestId("pregnancy-refusal");
  await expect(refusal).toContainText("No negative pregnancy test collected");
  await expect(refusal).toContainText("2 negative tests are needed before the first prescription");
  await expect(refusal).toContainText("Contraception (two methods or committed abstinence) must be documented");
  await expect(d.getByLabel("Weight at start (kg)")).toHaveValue("55");

  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const n = await nurse.newPage();
  await openPatient(n, referral);
  await recordPregnancyTest(n, addDays(today, -25), "Negative", "A laboratory");
  await n.reload();
  await recordPregnancyTest(n, addDays(today, -1), "Negative", "A laboratory");
  const cx = n.getByTestId("form-contraception");
  await cx.getByText("Record contraception").click();
  await cx.getByLabel("First method").selectOption("Intrauterine device (IUD)");
  await cx.getByRole("button", { name: "Save contraception" }).click();
  await expect(cx.getByLabel("Second method")).toHaveAccessibleDescription(/Choose the second method: two methods are needed/);
  await cx.getByLabel("Second method").selectOption("Male latex condom");
  await cx.getByLabel("In use since").fill(addDays(today, -40));
  await cx.getByRole("button", { name: "Save contraception" }).click();
  await expect(cx.getByTestId("form-ok")).toHaveText("Contraception recorded.");
  await nurse.close();

  // Counseled, but the form was opened before the contraception was recorded: nothing to confirm, so refused for that alone.
  await expect(d.getByTestId("contraception-confirmation")).toContainText(`No contraception in use on ${formatDate(today)} is documented`);
  await d.getByLabel("I counseled the patient at this visit (recorded with the prescription).").check();
  await d.getByRole("button", { name: "Start course" }).click();
  await expect(refusal).toHaveText(/Record counseling with the contraception confirmed with the patient/);
  await expect(refusal.getByRole("listitem")).toHaveCount(1);

  // Opened again, the form shows the contraception in use; confirmed with the patient at this visit's counseling.
  await d.reload();
  await d.getByLabel("Weight at start (kg)").fill("55");
  await d.getByLabel("Dose per intake (mg)").fill("20");
  await expect(d.getByTestId("contraception-confirmation")).toContainText(
    `Contraception in use on ${formatDate(today)}: Intrauterine device (IUD) + Male latex condom, since ${formatDate(addDays(today, -40))}.`,
  );
  await d.getByLabel("I counseled the patient at this visit (recorded with the prescription).").check();
  await d.getByLabel("Contraception confirmed with the patient").check();
  await d.getByLabel("REMS confirmation number (optional)").fill("IP-20261123");
  await d.getByRole("button", { name: "Start course" }).click();
  await expect(d.getByTestId("course-card")).toBeVisible();
  await expect(d.getByTestId("pregnancy-status")).toContainText(`dispense by`);
  await d
    .getByTestId("course-card")
    .getByText(/^Timeline/)
    .click();
  await expect(d.getByTestId("timeline")).toContainText("do not dispense after");
  await expect(d.getByTestId("rx-dispense")).toHaveText("Dispense: 30 × 20 mg capsules (30 days)");
  await expect(d.getByTestId("counseling")).toContainText("IP-20261123 · contraception confirmed: Intrauterine device (IUD) + Male latex condom");

  // A positive test the next hour: the prescription must not be dispensed, and its line says so.
  const nurseAgain = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const n2 = await nurseAgain.newPage();
  await openPatient(n2, referral);
  await recordPregnancyTest(n2, today, "Positive", "A laboratory");
  await nurseAgain.close();
  await d.reload();
  await d
    .getByTestId("course-card")
    .getByText(/^Timeline/)
    .click();
  await expect(d.getByTestId("rx-dispense")).toHaveText(/^Do not dispense: /);
  await derm.close();
});

test("a prescription is refused while the contraception in use was never confirmed; counseling that confirms it lets it be written", async ({ browser }) => {
  const today = clinicToday();
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const d = await derm.newPage();
  await openPatient(d, switched);
  // This month's counseling (at the course start) confirmed the IUD and condoms, no longer in use since the pill.
  const panel = d.getByTestId("panel-prescription");
  await panel.getByText("Write a prescription").click();
  await panel.getByRole("button", { name: "Save prescription" }).click();
  const refusal = panel.getByTestId("pregnancy-refusal");
  await expect(refusal.getByRole("listitem")).toHaveText([
    "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception " +
      `in use on ${formatDate(today)} (the contraception confirmed on ${formatDate(addDays(today, -25))} is no longer the record in use).`,
  ]);
  await expect(d.getByTestId("counseling")).toContainText("contraception confirmed: Intrauterine device (IUD) + Male latex condom");

  // First the counseling of ten days ago, entered late: the form offers the IUD and condoms, in use that day.
  const counseling = d.getByTestId("form-counseling");
  await counseling.getByText("Record counseling").click();
  await counseling.getByLabel("Counseled on").fill(addDays(today, -10));
  await expect(counseling.getByTestId("contraception-confirmation")).toContainText(
    `Contraception in use on ${formatDate(addDays(today, -10))}: Intrauterine device (IUD) + Male latex condom`,
  );
  await counseling.getByRole("button", { name: "Save counseling" }).click();
  await expect(counseling.getByTestId("form-ok")).toHaveText("Counseling recorded.");
  await expect(counseling.getByLabel("Counseled on")).toHaveValue(today);

  // The form is back at today, and so is the contraception it offers: the dermatologist confirms the pill and condoms with her.
  await expect(counseling.getByTestId("contraception-confirmation")).toContainText(
    `Contraception in use on ${formatDate(today)}: Combined oral contraceptive pill + Male latex condom, since ${formatDate(addDays(today, -5))}.`,
  );
  await counseling.getByLabel("Contraception confirmed with the patient").check();
  await counseling.getByRole("button", { name: "Save counseling" }).click();
  await expect(counseling.getByTestId("form-ok")).toHaveText("Counseling recorded.");
  await expect(d.getByTestId("counseling").getByRole("listitem").first()).toContainText(
    `${formatDate(today)} · contraception confirmed: Combined oral contraceptive pill + Male latex condom`,
  );

  // The same prescription is now written, on yesterday's test.
  await panel.getByRole("button", { name: "Save prescription" }).click();
  await expect(panel.getByTestId("form-ok")).toHaveText("Prescription saved.");
  await expect(d.getByTestId("pregnancy-status")).toContainText("dispense by");

  // The pill's record, entered in error: today's confirmation of it no longer counts, and its counseling says so.
  const pill = d.getByTestId("contraception").getByRole("listitem").filter({ hasText: "Combined oral contraceptive pill" });
  await pill.getByText("Entered in error").click();
  await pill.getByLabel("Reason").fill("Wrong methods");
  await pill.getByRole("button", { name: "Void contraception record" }).click();
  await expect(d.getByTestId("counseling").getByRole("listitem").first()).toContainText(
    `${formatDate(today)} · contraception confirmed: Combined oral contraceptive pill + Male latex condom (that record was since marked as entered in error)`,
  );
  await derm.close();
});
