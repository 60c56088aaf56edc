import type { Page } from "@playwright/test";
import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, startSpecCourse, type SpecPatient } from "./data";
import { enterPaperTotal, expect, storageStateFor, test } from "./fixtures";

/**
 * docs/DOMAIN.md "Targets", lifetime: at or past the target the card warns and shows no remaining dose, and the
 * portal makes the lifetime figure impossible to miss. A course from paper records takes a patient on a course
 * in progress past the course's target: the card, its chart, the header, the dashboard and the printout agree.
 */
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

// 20 mg daily at 60 kg from 20 days ago: 21 days to today = 420 mg = 7.0 mg/kg of 120. Alone, 113 mg/kg x 60 kg
// = 6,780 mg remain, 339 daily doses from tomorrow: the target on today + 339.
let patient: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20);
});

/** The patient's row on the dashboard, its courses in order of progress (by lifetime), page by page; `rank` in that order. */
async function dashboardRow(page: Page, name: string, dir: "asc" | "desc") {
  for (let n = 1; n <= 40; n++) {
    await page.goto(`/dashboard?sort=progress&dir=${dir}&page=${n}`);
    const rows = page.getByTestId("active-courses").locator("tbody tr");
    await expect(rows.first()).toBeVisible();
    const row = rows.filter({ hasText: name });
    if ((await row.count()) === 1) return { row, rank: (n - 1) * 25 + (await rows.allTextContents()).findIndex((t) => t.includes(name)) + 1 };
  }
  throw new Error("the patient's course is not on the dashboard");
}

const nearTargetCount = async (page: Page) => {
  await page.goto("/dashboard");
  return Number(await page.getByTestId("count-near-target").textContent());
};

test("a paper course takes the lifetime total past the target: no remaining dose or target date anywhere, the lifetime figure everywhere", async ({ page }) => {
  const today = clinicToday();
  const before = await nearTargetCount(page);
  // Far from its target, the course is among the least advanced: listed from the least.
  const { row } = await dashboardRow(page, patient.name, "asc");
  await expect(row.getByTestId("course-target-date")).toHaveText(formatDate(addDays(today, 339)));

  // From paper records, its total only: 7,140 mg at 60 kg = 119 mg/kg. Lifetime 420 + 7,140 = 7,560 mg, 7 + 119 =
  // 126 mg/kg, 105 % of 120.
  await page.goto(`/patients/${patient.id}`);
  await enterPaperTotal(page, { firstDay: "2020-01-06", lastDay: "2020-06-30", weightKg: "60", totalMg: "7140", note: "Previous dermatologist letter" });
  const cards = page.getByTestId("course-card");
  await expect(cards).toHaveCount(2);
  await expect(page.getByTestId("lifetime")).toHaveText("7,560 mg · 126.0 mg/kg");

  // The course in progress: its own figures, no remaining dose, no target date, no projection, the warning.
  const active = cards.nth(0);
  await expect(active.getByTestId("course-indication")).toContainText("Severe nodular acne · Low-dose continuous");
  await expect(active.getByTestId("cumulative-mgkg")).toHaveText("7.0 mg/kg");
  await expect(active.getByTestId("remaining")).toHaveText("None: lifetime total past target");
  await expect(active.getByTestId("projected-date")).toHaveText("—");
  await expect(active.getByTestId("lifetime-warning")).toHaveText(
    "The lifetime total (7,560 mg, 126.0 mg/kg) is already at or past this course's target of 120 mg/kg.",
  );
  const chart = active.getByTestId("dose-chart");
  await expect(chart.locator("figcaption")).toHaveText(
    `Cumulative dose: 7.0 of 120 mg/kg on ${formatDate(today)}. The lifetime total, 126.0 mg/kg, is past the target.`,
  );
  await chart.getByText("Show the figures as a table").click();
  await expect(chart.getByRole("region", { name: "Cumulative mg/kg by week", exact: true })).toBeVisible();
  await expect(chart.getByRole("cell", { name: "Projected" })).toHaveCount(0);

  // The paper course: its total, said honestly, with no daily figures; its note as a note.
  const paper = cards.nth(1);
  await expect(paper.getByTestId("cumulative-mg")).toHaveText("7,140 mg");
  await expect(paper.getByTestId("cumulative-mgkg")).toHaveText("119.0 mg/kg");
  await expect(paper.getByTestId("total-only")).toContainText("Recorded as a total only: 7,140 mg (119.0 mg/kg) from 6 Jan 2020 to 30 Jun 2020.");
  await expect(paper.getByTestId("dose-chart")).toHaveCount(0);
  await expect(paper.getByTestId("dose-class")).toHaveText("Not known: recorded as a total only");
  // Its calendar days are not days on therapy: the paper record gives no dose days.
  await expect(paper.getByTestId("days-on-therapy")).toHaveText("Not known: recorded as a total only");
  await expect(paper).toContainText("Paper record note: Previous dermatologist letter");
  await expect(paper).not.toContainText("0.00 mg/kg/day");

  // The header: this course's figure and the lifetime's against the target.
  await expect(page.getByTestId("header-course")).toContainText("7.0 mg/kg this course · lifetime 126.0 mg/kg of 120 mg/kg (105%)");
  await expect(page.getByTestId("header-past-target")).toHaveText("Lifetime total past target");

  // The dashboard: counted among the courses near or past their target, within what the count counts, past it.
  expect(await nearTargetCount(page)).toBe(before + 1);
  const after = await dashboardRow(page, patient.name, "desc");
  expect(after.rank).toBeLessThanOrEqual(before + 1);
  await expect(after.row.getByTestId("course-lifetime")).toHaveText("lifetime 126.0 mg/kg");
  await expect(after.row.getByTestId("course-progress")).toHaveText("105% lifetime");
  await expect(after.row.getByTestId("course-target-date")).toHaveText("Past target (lifetime)");

  // The printout says what the card says.
  await page.goto(`/patients/${patient.id}/print`);
  const printed = page.getByTestId("print-course");
  await expect(printed.nth(0)).toContainText("None: lifetime total past target");
  await expect(printed.nth(0).getByTestId("print-lifetime-warning")).toBeVisible();
  await expect(printed.nth(0)).not.toContainText("(projected)");
  await expect(printed.nth(1)).toContainText("weight used 60 kg · From paper records");
  await expect(printed.nth(1)).toContainText("Not known: recorded as a total only");
  await expect(printed.nth(1)).toContainText("Previous dermatologist letter");
});
