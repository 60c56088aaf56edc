import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { changeSpecDose, createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient } from "./data";
import { enterPaperTotal, expect, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

// A patient on a course of 20 mg daily for 21 days (420 mg at 60 kg = 7 mg/kg), with a triglyceride value
// mistyped as 1,500 instead of 150.
let patient: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20);
  await recordLabs(patient, derm, addDays(clinicToday(), -1), { "2571-8": "1500" });
});

test("a dermatologist migrates a two-course paper history while a third course is active, corrects a mistyped lab value and a misread paper total", async ({
  page,
}) => {
  await page.goto(`/patients/${patient.id}`);
  await expect(page.getByTestId("course-card")).toHaveCount(1);

  // First paper course: two dose periods, 3 Jan .. 16 Jan 2022 at 40 mg (560 mg), 17 Jan .. 30 Jan at 60 mg (840 mg).
  await page.getByRole("link", { name: "Enter a course from paper records" }).click();
  const form = page.getByTestId("paper-course-form");
  await form.getByLabel("First day").fill("2022-01-03");
  await form.getByLabel("Last day").fill("2022-01-30");
  await form.getByLabel("Weight used (kg)").fill("70");
  await form.getByTestId("period-1").getByLabel("Period 1 from").fill("2022-01-03");
  await form.getByTestId("period-1").getByLabel("Dose (mg)").fill("40");
  await form.getByTestId("period-2").getByLabel("Period 2 from").fill("2022-01-17");
  await form.getByTestId("period-2").getByLabel("Dose (mg)").fill("60");
  // A mistyped period date is refused, and every value is kept.
  await form.getByTestId("period-2").getByLabel("Period 2 from").fill("2022-02-17");
  await form.getByRole("button", { name: "Save course history" }).click();
  await expect(form.getByText("This period starts after the course ended.")).toBeVisible();
  await expect(form.getByLabel("Weight used (kg)")).toHaveValue("70");
  await expect(form.getByTestId("period-1").getByLabel("Dose (mg)")).toHaveValue("40");
  await form.getByTestId("period-2").getByLabel("Period 2 from").fill("2022-01-17");
  await form.getByRole("button", { name: "Save course history" }).click();
  await expect(page.getByTestId("course-card")).toHaveCount(2);

  // Second paper course: only the total is known, 7,000 mg at 70 kg (100 mg/kg).
  await enterPaperTotal(page, { firstDay: "2023-01-02", lastDay: "2023-06-30", ended: "STOPPED", weightKg: "70", totalMg: "7000" });
  const cards = page.getByTestId("course-card");
  await expect(cards).toHaveCount(3);

  // 420 + 1,400 + 7,000 mg; 7 + 20 + 100 mg/kg: past the active course's 120 mg/kg target.
  await expect(page.getByTestId("lifetime")).toHaveText("8,820 mg · 127.0 mg/kg");
  const active = cards.nth(0);
  await expect(active.getByTestId("cumulative-mg")).toHaveText("420 mg");
  await expect(active.getByTestId("lifetime-warning")).toBeVisible();
  await expect(active.getByTestId("remaining")).toHaveText("None: lifetime total past target");
  await expect(cards.nth(1).getByTestId("cumulative-mg")).toHaveText("7,000 mg");
  await expect(cards.nth(1)).toContainText("From paper records");
  await expect(cards.nth(2).getByTestId("cumulative-mg")).toHaveText("1,400 mg");

  // The mistyped triglyceride value is corrected: the original stays, struck through.
  const results = page.getByTestId("lab-results");
  await results.getByText("Correct or void").first().click();
  // A slip in the correction itself (15000): unusual, so it is asked about until confirmed, and nothing changes.
  await results.getByLabel("Corrected value (mg/dL)").first().fill("15000");
  await results.getByLabel("Reason").first().fill("Typing error, 150 on the report");
  await results.getByRole("button", { name: "Save" }).first().click();
  const asked = results.getByTestId("confirm-warnings");
  await expect(asked).toContainText("This value is unusual: check it against the report, then confirm it to save it.");
  await expect(asked.getByRole("checkbox", { name: /15000 mg\/dL is unusually high/ })).not.toBeChecked();
  await expect(results.getByTestId("voided")).toHaveCount(0);
  await results.getByLabel("Corrected value (mg/dL)").first().fill("150");
  await results.getByRole("button", { name: "Save" }).first().click();
  await expect(results.getByTestId("voided")).toContainText("Corrected: Typing error, 150 on the report");
  await expect(results.locator("del")).toHaveText(/1,?500/);

  // The paper total was misread: 8,400 mg, not 7,000 (120 mg/kg at 70 kg). Lifetime 420 + 1,400 + 8,400 mg;
  // 7 + 20 + 120 mg/kg. The figures it replaces stay in the course's timeline, struck through.
  const paper = cards.nth(1).getByTestId("panel-paper-record");
  await paper.getByText("Correct paper record").click();
  await paper.getByLabel("Course total (mg)").fill("8400");
  // Without a reason it is refused, and the figure typed is kept.
  await paper.getByRole("button", { name: "Save correction" }).click();
  await expect(paper.getByText("Enter a reason of at least 3 characters.")).toBeVisible();
  await expect(paper.getByLabel("Course total (mg)")).toHaveValue("8400");
  await expect(page.getByTestId("lifetime")).toHaveText("8,820 mg · 127.0 mg/kg");
  await paper.getByLabel("Reason").fill("Misread the chart");
  await paper.getByRole("button", { name: "Save correction" }).click();
  await expect(page.getByTestId("lifetime")).toHaveText("10,220 mg · 147.0 mg/kg");
  await cards
    .nth(1)
    .getByText(/^Timeline/)
    .click();
  await expect(cards.nth(1).getByTestId("timeline").locator("del")).toContainText("total 7,000 mg, weight used 70 kg");
});

test("a dermatologist completes a course begun in the clinic, then corrects a mistyped dose version: the corrected dose and cumulative dose show, the version it replaces struck through", async ({
  page,
}) => {
  const today = clinicToday();
  const derm = await createUser("DERMATOLOGIST");
  const ended = await createSpecPatient(derm);
  // 20 mg daily at 60 kg from today-20, then "40 mg" daily from today-10: the chart says 30 mg.
  const courseId = await startSpecCourse(ended, derm, 20);
  await changeSpecDose(courseId, derm, addDays(today, -10), 40, "Tolerating well");
  await page.goto(`/patients/${ended.id}`);
  const card = page.getByTestId("course-card");

  // Completed with today-6 as the last day taken.
  const status = card.getByTestId("panel-status");
  await status.getByText("Pause, resume, complete or stop").click();
  await status.getByLabel("Action").selectOption("COMPLETE");
  await status.getByLabel("Date").fill(addDays(today, -6));
  await status.getByLabel("Reason").fill("Clear skin");
  page.once("dialog", (d) => void d.accept());
  await status.getByRole("button", { name: "Update course" }).click();
  // Far below its target: "Complete" asks first, naming how far the patient got.
  const below = status.getByTestId("confirm-warnings");
  await expect(below).toContainText("the patient is at 6.7 mg/kg of the 120 mg/kg target (6%)");
  await expect(card.getByText("Completed", { exact: true })).toHaveCount(0);
  await below.getByRole("checkbox").check();
  page.once("dialog", (d) => void d.accept());
  await status.getByRole("button", { name: "Update course" }).click();
  await expect(card.getByText("Completed", { exact: true })).toBeVisible();
  // today-20 .. today-11: 10 days x 20 mg = 200 mg; today-10 .. today-6: 5 days x 40 mg = 200 mg. 400 mg / 60 kg.
  await expect(card.getByTestId("cumulative-mg")).toHaveText("400 mg");
  await expect(card.getByTestId("cumulative-mgkg")).toHaveText("6.7 mg/kg");
  await expect(card.getByTestId("panel-change-dose")).toHaveCount(0);

  // An ended course's regimen does not change: its 40 mg version is corrected to 30 mg, from the same day.
  const correct = card.getByTestId("panel-correct-dose");
  await correct.getByText("Correct a dose entry").click();
  // The fields start from the first entry; picking the second fills its own date and dose (dated on the first's
  // day, the correction would replace that one too).
  await expect(correct.getByLabel("Effective from")).toHaveValue(addDays(today, -20));
  await expect(correct.getByLabel("Dose per intake (mg)")).toHaveValue("20");
  await correct.getByLabel("Entry to correct").selectOption({ label: `Correct ${formatDate(addDays(today, -10))}: 40 mg daily` });
  await expect(correct.getByLabel("Effective from")).toHaveValue(addDays(today, -10));
  await expect(correct.getByLabel("Dose per intake (mg)")).toHaveValue("40");
  await expect(correct.getByLabel("How often")).toHaveValue("DAILY");
  await correct.getByLabel("Dose per intake (mg)").fill("30");
  // Without a reason it is refused, and what was typed is kept.
  await correct.getByRole("button", { name: "Save correction" }).click();
  await expect(correct.getByText("Enter a reason.")).toBeVisible();
  await expect(correct.getByLabel("Dose per intake (mg)")).toHaveValue("30");
  await correct.getByLabel("Reason").fill("Entered 40, the chart says 30");
  await correct.getByRole("button", { name: "Save correction" }).click();
  await expect(correct.getByTestId("form-ok")).toHaveText("Correction saved.");

  // 200 mg + 5 days x 30 mg = 350 mg; 350 / 60 kg = 5.83 mg/kg. The course stays completed.
  await expect(card.getByTestId("cumulative-mg")).toHaveText("350 mg");
  await expect(card.getByTestId("cumulative-mgkg")).toHaveText("5.8 mg/kg");
  await expect(page.getByTestId("lifetime")).toHaveText("350 mg · 5.8 mg/kg");
  await expect(card.getByText("Completed", { exact: true })).toBeVisible();
  await card.getByText(/^Timeline/).click();
  const timeline = card.getByTestId("timeline");
  await expect(timeline.getByRole("row").filter({ hasText: "(superseded)" }).locator("del")).toHaveText("40 mg daily");
  await expect(timeline.getByRole("row").filter({ hasText: "(correction)" })).toContainText("30 mg daily · Entered 40, the chart says 30");

  // Reopening asks for a reason too: refused without one, the course stays completed.
  const reopen = card.getByTestId("panel-reopen");
  await reopen.getByText("Reopen this course").click();
  await reopen.getByRole("button", { name: "Reopen course" }).click();
  await expect(reopen.getByText("Enter a reason of at least 3 characters.")).toBeVisible();
  await expect(card.getByText("Completed", { exact: true })).toBeVisible();
});

test("an edit of a patient's details keeps what it replaced: the edit page lists each change with who made it", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const other = await createSpecPatient(derm);
  await page.goto(`/patients/${other.id}/edit`);
  await expect(page.getByTestId("earlier-details")).toContainText("have not been changed since the patient was registered");
  const before = await page.getByLabel("Phone").inputValue();
  await page.getByLabel("Phone").fill("(201) 555-0176");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/patients/${other.id}$`));
  // Stored in E.164, shown as the clinic writes its numbers.
  await expect(page.getByRole("region", { name: "Contact and indication" })).toContainText("(201) 555-0176");
  await page.goto(`/patients/${other.id}/edit`);
  const row = page.getByTestId("earlier-details").getByRole("row").filter({ hasText: "Phone" });
  await expect(row).toContainText(before || "—");
  // Kept as E.164, the one form every number is stored in.
  await expect(row).toContainText("+12015550176");
});
