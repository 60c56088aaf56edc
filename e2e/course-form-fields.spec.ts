import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

test.use({ storageState: storageStateFor("DERMATOLOGIST") });

// New referrals for severe nodular acne, no course yet.
let derm: Awaited<ReturnType<typeof createUser>>;
test.beforeAll(async () => {
  derm = await createUser("DERMATOLOGIST");
});
const newReferral = (): Promise<SpecPatient> => createSpecPatient(derm);

test("the start-course target follows the indication and the regimen until the prescriber types one; a maintenance course saves with none", async ({
  page,
}) => {
  const patient = await newReferral();
  await page.goto(`/patients/${patient.id}/courses/new`);
  const target = page.getByLabel("Target (mg/kg)");
  await hydrated(target);
  // docs/DOMAIN.md "Targets": acne 120 mg/kg by default; rosacea, maintenance and other indications none.
  await expect(target).toHaveValue("120");
  await page.getByLabel("Regimen").selectOption("MAINTENANCE");
  await expect(target).toHaveValue("");
  await page.getByLabel("Regimen").selectOption("LOW_DOSE");
  await expect(target).toHaveValue("120");
  await page.getByLabel("Indication").selectOption("ROSACEA");
  await expect(target).toHaveValue("");
  await page.getByLabel("Indication").selectOption("OTHER");
  await expect(target).toHaveValue("");
  await page.getByLabel("Indication").selectOption("ACNE_SCARRING");
  await expect(target).toHaveValue("120");
  // Typed, it is the prescriber's: kept whatever is chosen next.
  await target.fill("150");
  await page.getByLabel("Regimen").selectOption("MAINTENANCE");
  await page.getByLabel("Indication").selectOption("ROSACEA");
  await expect(target).toHaveValue("150");

  // A fresh form: maintenance for nodular acne, 10 mg every 2 to 4 days (planned every 3), saved without a target.
  await page.reload();
  await hydrated(target);
  await page.getByLabel("Regimen").selectOption("MAINTENANCE");
  await expect(target).toHaveValue("");
  await page.getByLabel("Weight at start (kg)").fill("60");
  await page.getByLabel("Capsule strength (mg)").fill("10");
  await page.getByLabel("Dose per intake (mg)").fill("10");
  await page.getByLabel("How often").selectOption("EVERY_N_DAYS");
  await page.getByLabel("Every how many days").fill("3");
  await page.getByLabel("Every N days: at least (optional)", { exact: true }).fill("2");
  await page.getByLabel("Every N days: at most (optional)", { exact: true }).fill("4");
  await page.getByLabel("I counseled the patient at this visit (recorded with the prescription).").check();
  await page.getByRole("button", { name: "Start course" }).click();
  const card = page.getByTestId("course-card");
  await expect(card.getByTestId("current-regimen")).toHaveText("10 mg every 2–4 days");
  await expect(card).toContainText("Cumulative mg/kg (no cumulative target)");
  await expect(card).not.toContainText("Remaining to target");
});

test("a range regimen's bounds are labelled as numbers of days or times a week, not as dates", async ({ page }) => {
  const patient = await newReferral();
  await page.goto(`/patients/${patient.id}/courses/new`);
  const often = page.getByLabel("How often");
  await hydrated(often);
  await often.selectOption("EVERY_N_DAYS");
  for (const bound of ["at least", "at most"]) {
    const field = page.getByLabel(`Every N days: ${bound} (optional)`, { exact: true });
    await expect(field).toBeVisible();
    await expect(field).toHaveAccessibleDescription(/every 2–4 days/);
  }
  await expect(page.getByLabel(/from \(optional\)|up to \(optional\)/)).toHaveCount(0);
  await often.selectOption("TIMES_PER_WEEK");
  for (const bound of ["at least", "at most"]) {
    const field = page.getByLabel(`Times a week: ${bound} (optional)`, { exact: true });
    await expect(field).toBeVisible();
    await expect(field).toHaveAccessibleDescription(/1–3 times a week/);
  }
});

test("each dose period of the paper-record form names its period to a screen reader", async ({ page }) => {
  const patient = await newReferral();
  await page.goto(`/patients/${patient.id}/courses/history`);
  const form = page.getByTestId("paper-course-form");
  for (const i of [1, 2, 3, 4]) {
    const period = form.getByRole("group", { name: `Dose period ${i}`, exact: true });
    await expect(period.getByLabel(`Period ${i} from`, { exact: true })).toBeVisible();
    await expect(period.getByRole("textbox", { name: `Dose period ${i}: dose (mg)`, exact: true })).toBeVisible();
    await expect(period.getByRole("combobox", { name: `Dose period ${i}: how often`, exact: true })).toBeVisible();
    await expect(period.getByRole("textbox", { name: `Dose period ${i}: every N days / times a week`, exact: true })).toBeVisible();
  }
  // The visible labels stay as they were.
  await expect(form.getByTestId("period-2").getByText("Dose (mg)", { exact: true })).toBeVisible();
});

test("a dose change's answer goes once the form is changed again or another of the course's forms is sent; a dose of .3 is asked in whole mg", async ({
  page,
}) => {
  const patient = await newReferral();
  await startSpecCourse(patient, derm, 20); // 20 mg daily
  await page.goto(`/patients/${patient.id}`);
  const dose = page.getByTestId("panel-change-dose");
  await dose.getByText("Change the dose").click();
  const reason = dose.getByLabel("Reason");
  await hydrated(reason);
  await reason.fill("Dry lips");
  await dose.getByLabel("Dose per intake (mg)").fill("10");
  await dose.getByRole("button", { name: "Save dose change" }).click();
  const saved = dose.getByTestId("form-ok");
  await expect(saved).toHaveText("Dose change saved.");

  // Another of the course's forms sent, and refused: the dose form's answer is no longer the latest word.
  const missed = page.getByTestId("panel-missed");
  await missed.getByText("Record a missed dose").click();
  await missed.getByLabel("Day missed").fill(addDays(clinicToday(), -60));
  await missed.getByRole("button", { name: "Record missed dose" }).click();
  await expect(missed.getByTestId("form-error").or(missed.locator(".field-error"))).not.toHaveCount(0);
  await expect(saved).toHaveCount(0);

  // Saved again, then changed: its answer goes as soon as the form no longer holds what was saved.
  await reason.fill("Dry lips settled");
  await dose.getByLabel("Dose per intake (mg)").fill("30");
  await dose.getByRole("button", { name: "Save dose change" }).click();
  await expect(saved).toHaveText("Dose change saved.");
  await dose.getByLabel("Dose per intake (mg)").fill(".3");
  await expect(saved).toHaveCount(0);
  await reason.fill("Lower still");
  await dose.getByRole("button", { name: "Save dose change" }).click();
  await expect(dose.locator(".field-error")).toHaveText("Enter the dose in whole mg, like 20.");
});
