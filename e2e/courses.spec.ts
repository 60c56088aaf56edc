import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect, hydrated, searchPatients, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

// A new referral (no course, cannot become pregnant) and a patient on a course of 20 mg daily.
let referral: SpecPatient;
let onCourse: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  [referral, onCourse] = [await createSpecPatient(derm), await createSpecPatient(derm)];
  await startSpecCourse(onCourse, derm, 20);
});

test("a dermatologist enters a back-dated micro-dose course with a dose change and sees the cumulative dose", async ({ page }) => {
  const today = clinicToday();
  await searchPatients(page, referral.mrn);
  await page.getByRole("link", { name: referral.name }).click();
  await page.getByRole("link", { name: "Start a course" }).click();

  await page.getByLabel("Regimen").selectOption("MICRO_DOSE");
  await page.getByLabel("Start date").fill(addDays(today, -56));
  await page.getByLabel("Weight at start (kg)").fill("60");
  await page.getByLabel("Product").selectOption("ISOTRETINOIN_5MG");
  await page.getByLabel("Capsule strength (mg)").fill("5");
  await page.getByLabel("Dose per intake (mg)").fill("5");
  await page.getByLabel("How often").selectOption("DAILY");
  await page.getByLabel("I counseled the patient at this visit (recorded with the prescription).").check();
  await page.getByRole("button", { name: "Start course" }).click();

  const card = page.getByTestId("course-card");
  await expect(card).toBeVisible();
  // 5 mg daily for 57 days (start to today inclusive)
  await expect(card.getByTestId("cumulative-mg")).toHaveText("285 mg");

  const panel = page.getByTestId("panel-change-dose");
  await panel.getByText("Change the dose").click();
  await panel.getByLabel("Effective from").fill(addDays(today, -28));
  await panel.getByLabel("Reason").fill("Switch to alternate days");
  await panel.getByLabel("Dose per intake (mg)").fill("10");
  await panel.getByLabel("How often").selectOption("EVERY_N_DAYS");
  await panel.getByLabel("Every how many days").fill("2");
  await panel.getByRole("button", { name: "Save dose change" }).click();
  await expect(panel.getByTestId("form-ok")).toHaveText("Dose change saved.");

  // 28 days x 5 mg = 140 mg, then 10 mg on days 0, 2, ..., 28 after the change = 15 x 10 = 150 mg.
  await expect(card.getByTestId("cumulative-mg")).toHaveText("290 mg");
  await expect(card.getByTestId("cumulative-mgkg")).toHaveText("4.8 mg/kg");
  await expect(card.getByTestId("current-regimen")).toHaveText("10 mg every other day");
  await expect(card.getByTestId("dose-class")).toContainText("micro-dose");

  // A prescription today at the regimen in force, 10 mg every other day on 10 mg capsules, for 30 days.
  const rx = page.getByTestId("panel-prescription");
  await rx.getByText("Write a prescription").click();
  await rx.getByLabel("Capsule strength (mg)").fill("10");
  await rx.getByLabel("I counseled the patient at this visit (recorded with the prescription).").check();
  await rx.getByRole("button", { name: "Save prescription" }).click();
  await expect(rx.getByTestId("form-ok")).toHaveText("Prescription saved.");

  await card.getByText(/^Timeline/).click();
  await expect(card.getByTestId("timeline")).toContainText("Switch to alternate days");
  // Each prescription states what one fill dispenses: every other day for 30 days is 15 capsules, not 30;
  // the first, 5 mg daily for 30 days, 30 capsules.
  await expect(card.getByTestId("rx-dispense")).toHaveText(["Dispense: 15 × 10 mg capsules (30 days)", "Dispense: 30 × 5 mg capsules (30 days)"]);
  // And on paper.
  await page.goto(`/patients/${referral.id}/print`);
  await expect(page.getByTestId("print-course")).toContainText("Dispense: 15 × 10 mg capsules (30 days)");
});

test("a nurse sees the course but no prescribing controls", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await context.newPage();
  await page.goto(`/patients/${onCourse.id}`);
  await expect(page.getByTestId("course-card")).toBeVisible();
  await expect(page.getByTestId("panel-change-dose")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Start a course" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Record weight" })).toBeVisible();
  await context.close();
});

test("a nurse records the day the pharmacy dispensed a prescription, then corrects it: the line says so, every date kept", async ({ browser }) => {
  const today = clinicToday();
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 5); // 20 mg daily, a 30-day prescription written on the first day, no dispensed date
  const [first, second] = [addDays(today, -4), addDays(today, -3)];
  const context = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await context.newPage();
  await page.goto(`/patients/${patient.id}`);
  const card = page.getByTestId("course-card");
  await card.getByText(/^Timeline/).click();
  const row = card.getByTestId("timeline").getByRole("row").filter({ hasText: "Claravis 20 mg capsules" });
  await expect(row.getByTestId("rx-dispense")).toHaveText("Dispense: 30 × 20 mg capsules (30 days)");

  await row.getByText("Record dispensing", { exact: true }).click();
  const date = row.getByLabel("Dispensed on");
  await hydrated(date);
  await date.fill(first);
  await row.getByRole("button", { name: "Record dispensing" }).click();
  await expect(row.getByTestId("correction-confirmation")).toContainText(`Recorded as dispensed on ${formatDate(first)}.`);
  await expect(row.getByTestId("rx-dispense")).toHaveText(`Dispensed on ${formatDate(first)} · one fill: 30 × 20 mg capsules (30 days)`);

  await row.getByText("Correct the dispensed date", { exact: true }).click();
  const corrected = row.getByLabel("Corrected dispensed date");
  await hydrated(corrected);
  await corrected.fill(second);
  await row.getByLabel("Reason").fill("The pharmacy's label gives the next day");
  await row.getByRole("button", { name: "Save correction" }).click();
  await expect(row.getByTestId("correction-confirmation")).toContainText(`Dispensed date corrected to ${formatDate(second)}`);
  await expect(row.getByTestId("rx-dispense")).toHaveText(`Dispensed on ${formatDate(second)} (corrected) · one fill: 30 × 20 mg capsules (30 days)`);
  const history = row.getByTestId("dispensing-history");
  await history.getByText(/^Dispensed dates recorded/).click();
  await expect(history.getByRole("listitem")).toHaveText([
    new RegExp(`^Dispensed on ${formatDate(first)} · recorded by `),
    new RegExp(`^Corrected to ${formatDate(second)} · recorded by .* · The pharmacy's label gives the next day$`),
  ]);
  await context.close();
});

test("a nurse records a weight typed in pounds: asked to check it, then saved once confirmed, with focus on what was saved", async ({ browser }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20); // 60 kg recorded on the start day
  const context = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await context.newPage();
  await page.goto(`/patients/${patient.id}`);
  const weight = page.getByLabel("Weight (kg)", { exact: true });
  await weight.fill("132");
  await page.getByRole("button", { name: "Record weight" }).click();
  const asked = page.getByTestId("confirm-warnings");
  await expect(asked).toContainText("132 kg is far from the 60 kg recorded on");
  await expect(weight).toHaveValue("132");
  await asked.getByRole("checkbox").check();
  await page.getByRole("button", { name: "Confirm and record" }).click();
  const saved = page.getByTestId("form-ok").filter({ hasText: "Weight 132 kg recorded for" });
  await expect(saved).toBeVisible();
  // The button was disabled while saving, which drops focus: it lands on the message, not on the page's top.
  await expect(saved).toBeFocused();
  // Far down the page, whose chart it is stays in view; at the top, the header says it.
  const identity = page.getByTestId("sticky-identity");
  await page.setViewportSize({ width: 1024, height: 400 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(identity).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(identity).toContainText(`${patient.name} · MRN ${patient.mrn}`);
  await context.close();
});

test("a course completed with its last day next week stays in progress until then, and can be stopped today instead", async ({ page }) => {
  const today = clinicToday();
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20);
  await page.goto(`/patients/${patient.id}`);
  const header = page.getByTestId("patient-header");
  await expect(header).toContainText("Course active");

  const status = page.getByTestId("panel-status");
  await status.getByText("Pause, resume, complete or stop").click();
  await status.getByLabel("Action").selectOption("COMPLETE");
  await status.getByLabel("Date").fill(addDays(today, 7));
  await status.getByLabel("Reason").fill("Target reached next week");
  page.once("dialog", (d) => void d.accept());
  await status.getByRole("button", { name: "Update course" }).click();
  await status.getByTestId("confirm-warnings").getByRole("checkbox").check();
  page.once("dialog", (d) => void d.accept());
  await status.getByRole("button", { name: "Update course" }).click();

  // Still taken until its last day: in progress in the header, with its end offered earlier.
  const earlier = page.getByTestId("panel-end-earlier");
  await expect(earlier).toBeVisible();
  await expect(header).toContainText("Course active");
  await earlier.getByText(/^End earlier than/).click();
  await earlier.getByLabel("Action").selectOption("STOP");
  await earlier.getByLabel("Last day taken").fill(today);
  await earlier.getByLabel("Reason").fill("Positive pregnancy test");
  page.once("dialog", (d) => void d.accept());
  await earlier.getByRole("button", { name: "End the course earlier" }).click();
  await expect(page.getByTestId("panel-end-earlier")).toHaveCount(0);
  await expect(header).not.toContainText("Course active");
});
