import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient } from "./data";
import { expect, storageStateFor, test, type DemoRole } from "./fixtures";

/**
 * Every role's main pages and main task, at a desktop and a phone width, each scanned with axe for WCAG
 * 2.1 A and AA violations (none allowed), the forbidden and not-found pages included. With
 * SCREENSHOTS_DIR set, each role's home page is saved there at the desktop width (docs/screens).
 */
const WIDTHS = [
  { name: "desktop", width: 1400, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

let patient: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 70);
  const today = clinicToday();
  // Baseline, then a rising triglyceride (high, then action-level) and ALT: two trend charts with bands.
  await recordLabs(patient, derm, addDays(today, -75), { "2571-8": "140", "1742-6": "22" });
  await recordLabs(patient, derm, addDays(today, -40), { "2571-8": "260", "1742-6": "35" });
  await recordLabs(patient, derm, addDays(today, -5), { "2571-8": "520", "1742-6": "48" });
});

/** Waits for every streamed section, then asserts axe finds nothing. */
async function expectAccessible(page: Page, what: string) {
  await expect(page.locator('[role="status"][aria-label^="Loading"]')).toHaveCount(0);
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, what).toEqual([]);
}

async function saveScreenshot(page: Page, name: string, width: number, fullPage = false) {
  const dir = process.env.SCREENSHOTS_DIR;
  if (!dir || width < 1000) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage });
}
const saveHomeScreenshot = (page: Page, role: DemoRole, width: number) => saveScreenshot(page, `${role.toLowerCase()}-home`, width);

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test.describe("dermatologist", () => {
      test.use({ storageState: storageStateFor("DERMATOLOGIST") });

      test("dashboard, a sorted course list, the patient page with its charts and the printed summary", async ({ page }) => {
        await page.goto("/dashboard");
        await expect(page.getByRole("heading", { name: "Dashboard", level: 1 })).toBeVisible();
        await expectAccessible(page, "dashboard");
        await saveHomeScreenshot(page, "DERMATOLOGIST", size.width);

        await page.getByTestId("sort-cumulative").click();
        await expect(page).toHaveURL(/sort=cumulative&dir=desc/);
        await expect(page.getByRole("columnheader", { name: /Cumulative/ })).toHaveAttribute("aria-sort", "descending");
        await expectAccessible(page, "dashboard sorted");

        await page.goto(`/patients/${patient.id}`);
        const header = page.getByTestId("patient-header");
        await expect(header.getByTestId("patient-identity")).toContainText(/\(age \d+\)/);
        await expect(header.getByTestId("header-course")).toContainText("of 120 mg/kg");
        await expect(page.getByTestId("dose-chart")).toBeVisible();
        await expect(page.getByRole("figure", { name: /Triglycerides/ })).toBeVisible();
        await expectAccessible(page, "patient page");
        await saveScreenshot(page, "patient-page", size.width, true);
        // The dose chart's figures as a table: a scrolling box, reached and named by keyboard users too.
        await page.getByTestId("dose-chart").getByText("Show the figures as a table").click();
        const figures = page.getByTestId("dose-chart").getByRole("region", { name: "Cumulative mg/kg by week, then projected" });
        await expect(figures).toHaveAttribute("tabindex", "0");
        await expectAccessible(page, "patient page with the dose figures as a table");
        // Printed, the page leaves out the panels that only hold a form; the figures stay.
        await page.emulateMedia({ media: "print" });
        await expect(page.getByText("Record lab results")).toBeHidden();
        await expect(page.getByTestId("panel-change-dose").first()).toBeHidden();
        await expect(page.getByTestId("dose-chart")).toBeVisible();
        await page.emulateMedia({ media: "screen" });
        await expect(page.getByText("Record lab results")).toBeVisible();

        await header.getByRole("link", { name: "Print course summary" }).click();
        await expect(page.getByTestId("print-summary")).toContainText("Lifetime cumulative dose");
        await expect(page.getByTestId("print-course")).toHaveCount(1);
        await expectAccessible(page, "printed summary");
      });

      test("approvals, with an account waiting for its setup link", async ({ page }) => {
        const email = `e2e-waiting-${size.width}-${Date.now()}@spec.isotrack.test`;
        await db.user.create({ data: { email, name: "Waiting Nurse", role: "NURSE", passwordHash: null } });
        await page.goto("/approvals");
        await expect(page.getByTestId("account-waiting").filter({ hasText: email })).toContainText("Waiting Nurse · Nurse");
        await expectAccessible(page, "approvals");
      });

      test("a page that does not exist", async ({ page }) => {
        // The portal layout looks the patient up before the section's loading skeleton streams: a 404.
        const missing = await page.goto("/patients/00000000-0000-4000-8000-000000000000");
        expect(missing?.status()).toBe(404);
        await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
        await expectAccessible(page, "not found");
      });
    });

    test.describe("nurse", () => {
      test.use({ storageState: storageStateFor("NURSE") });

      test("finds a patient and is told, at the field, what to fix in a weight", async ({ page }) => {
        await page.goto("/patients");
        await expect(page.getByRole("heading", { name: "Patients", level: 1 })).toBeVisible();
        await expectAccessible(page, "patient list");
        await saveHomeScreenshot(page, "NURSE", size.width);

        await page.getByLabel("Search patients").fill(patient.mrn);
        await page.getByRole("button", { name: "Search" }).click();
        await expect(page.getByText("1 patient found")).toBeVisible();
        await page.getByRole("link", { name: patient.name }).click();
        await expect(page.getByTestId("patient-name")).toHaveText(patient.name);

        await page.getByRole("button", { name: "Record weight" }).click();
        const weight = page.getByLabel("Weight (kg)", { exact: true });
        await expect(weight).toHaveAttribute("aria-invalid", "true");
        await expect(weight).toBeFocused();
        await expectAccessible(page, "patient page with a refused weight");

        // Voiding a result asks first; dismissed, nothing changes.
        const row = page.getByTestId("lab-results").getByRole("row").nth(1);
        await row.getByText("Correct or void").click();
        await row.getByLabel("Reason").fill("Entered on the wrong patient");
        let asked = "";
        page.once("dialog", (d) => {
          asked = d.message();
          void d.dismiss();
        });
        await row.getByRole("button", { name: "Save" }).click();
        await expect.poll(() => asked).toContain("Void this entry as entered in error?");
        await expect(row.getByTestId("voided")).toHaveCount(0);
        await expect(row.getByTestId("form-ok")).toHaveCount(0);
      });

      test("a page the role may not open", async ({ page }) => {
        const response = await page.goto("/dashboard");
        expect(response?.status()).toBe(403);
        await expect(page.getByRole("heading", { name: "Not available for your role" })).toBeVisible();
        await expectAccessible(page, "forbidden");
      });
    });

    test.describe("office staff", () => {
      test.use({ storageState: storageStateFor("STAFF") });

      test("sorts the patient list and opens a patient without clinical figures", async ({ page }) => {
        await page.goto("/patients");
        await saveHomeScreenshot(page, "STAFF", size.width);
        await page.getByTestId("sort-dob").click();
        await expect(page).toHaveURL(/sort=dob&dir=asc/);
        await expect(page.getByRole("columnheader", { name: /Date of birth/ })).toHaveAttribute("aria-sort", "ascending");
        await expectAccessible(page, "patient list sorted");

        await page.goto(`/patients/${patient.id}`);
        await expect(page.getByTestId("patient-identity")).toContainText(patient.mrn);
        await expect(page.getByTestId("header-course")).toHaveCount(0);
        await expectAccessible(page, "patient page for staff");
      });
    });

    test.describe("administrator", () => {
      test.use({ storageState: storageStateFor("ADMIN") });

      test("sorts the users and reads the audit trail", async ({ page }) => {
        await page.goto("/admin/users");
        await expect(page.getByRole("heading", { name: "Users", level: 1 })).toBeVisible();
        await expectAccessible(page, "users");
        await saveHomeScreenshot(page, "ADMIN", size.width);
        if (size.width >= 768) {
          await page.getByTestId("sort-email").click();
          await expect(page.getByRole("columnheader", { name: /Email/ })).toHaveAttribute("aria-sort", "ascending");
        } else {
          // On a phone the email's column is left off (each row's name says it): its order is in the line above the table.
          await page.getByRole("navigation", { name: "Sort by" }).getByRole("link", { name: "Email" }).click();
          await expect(page.getByTestId("sort-by-email")).toHaveAttribute("aria-current", "true");
          await expect(page).toHaveURL(/sort=email&dir=asc/);
        }

        await page.goto("/admin/audit");
        await page.getByTestId("sort-action").click();
        await expect(page).toHaveURL(/sort=action&dir=asc/);
        await expectAccessible(page, "audit trail");

        // A patient's access report, one kind of event shown.
        await page.getByRole("searchbox", { name: "Patient" }).fill(patient.mrn);
        await page.getByRole("button", { name: "Filter" }).click();
        await page
          .getByRole("navigation", { name: "Kinds of event" })
          .getByRole("link", { name: /^Changes \(\d+\)$/ })
          .click();
        await expect(page).toHaveURL(/kind=changes/);
        await expect(page.getByTestId("audit-table")).toContainText("Course started");
        await expectAccessible(page, "a patient's access report, by kind");
      });
    });
  });
}
