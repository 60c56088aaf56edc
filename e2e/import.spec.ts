import AxeBuilder from "@axe-core/playwright";
import { randomBytes } from "node:crypto";
import { clinicToday } from "../lib/clinic";
import { addDays } from "../lib/domain/dates";
import { createUser, type SpecUser } from "./data";
import type { Page } from "@playwright/test";
import { expect, searchPatients, signIn, test } from "./fixtures";

let nurse: SpecUser;
test.beforeAll(async () => {
  nurse = await createUser("NURSE");
});

const tag = () => randomBytes(4).toString("hex").toUpperCase();
const csv = (lines: string[]) => ({ name: "clinic.csv", mimeType: "text/csv", buffer: Buffer.from(`${lines.join("\r\n")}\r\n`) });

/** Chooses what the file holds, attaches it and asks for the preview. */
async function upload(page: Page, kind: string, lines: string[]) {
  await page.getByLabel("The file holds").selectOption(kind);
  await page.getByLabel(/CSV file/).setInputFiles(csv(lines));
  await page.getByRole("button", { name: "Upload and preview" }).click();
}

test("a nurse migrates patients, their weights and lab results from spreadsheets, correcting a file once", async ({ page }) => {
  const [a, b] = [`MIG-${tag()}`, `MIG-${tag()}`];
  const header = "mrn,first_name,last_name,date_of_birth,sex_at_birth,pregnancy_category,indication,phone,email";
  await signIn(page, nurse);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await page.goto("/patients");
  await page.getByRole("link", { name: "Import from a spreadsheet" }).click();

  // The template downloads with the columns the upload expects.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download template (patients.csv)" }).click();
  expect((await download).suggestedFilename()).toBe("patients.csv");

  // A first file with a mistyped date and a formula: every problem is listed and nothing is written.
  await upload(page, "patients", [
    header,
    `${a},Mira,Solberg,2001-02-30,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
    `${b},=cmd,Vance,1998-07-14,MALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
  ]);
  const problems = page.getByTestId("import-problems");
  await expect(problems.getByRole("row")).toHaveCount(3);
  await expect(problems).toContainText("That date does not exist.");
  await expect(problems).toContainText("Starts like a spreadsheet formula");
  await expect(page.getByRole("button", { name: /^Import/ })).toHaveCount(0);

  // The corrected file imports both patients.
  await page.goto("/patients/import");
  await upload(page, "patients", [
    header,
    `${a},Mira,Solberg,2001-02-28,FEMALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
    `${b},Theo,Vance,1998-07-14,MALE,CAN_BECOME_PREGNANT,ACNE_NODULAR,,`,
  ]);
  await expect(page.getByTestId("import-plan")).toHaveText("2 new rows to import; 0 rows are already recorded and will be left as they are.");
  await page.getByRole("button", { name: "Import 2 rows" }).click();
  await expect(page.getByTestId("import-done")).toContainText("Imported 2 rows.");

  // Then a weight for one of them, which shows on the patient's page.
  await page.goto("/patients/import");
  await upload(page, "weights", ["mrn,date_of_birth,measured_on,weight_kg", `${a},2001-02-28,${addDays(clinicToday(), -3)},58.4`]);
  await page.getByRole("button", { name: "Import 1 row" }).click();
  await expect(page.getByTestId("import-done")).toContainText("Imported 1 row.");

  await searchPatients(page, a);
  await page.getByRole("link", { name: /Solberg/ }).click();
  await expect(page.getByText("58.4 kg").first()).toBeVisible();

  // Then her lab results: triglycerides in mmol/L, an unusual value the import must be told is checked,
  // and a negative pregnancy test from before today.
  const [d3, d2] = [addDays(clinicToday(), -3), addDays(clinicToday(), -2)];
  await page.goto("/patients/import");
  await upload(page, "labs", [
    "mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting",
    `${a},2001-02-28,${d3},2571-8,2.0,mmol/L,0,1.7,H,`,
    `${a},2001-02-28,${d2},2571-8,2500,mg/dL,,,,`,
    `${a},2001-02-28,${d3},2106-3,NEGATIVE,,,,,LAB`,
  ]);
  await expect(page.getByTestId("import-warnings")).toContainText("Triglycerides: 2500 mg/dL is unusually high (above 2000 mg/dL).");
  await expect(page.getByTestId("import-plan")).toHaveText("3 new rows to import; 0 rows are already recorded and will be left as they are.");
  await expect(page.getByText("Triglycerides 177.1 mg/dL (2.0 mmol/L in the file)")).toBeVisible();
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(page.getByText("Confirm the 1 unusual value listed above: nothing was imported.")).toBeVisible();
  await page.getByLabel(/I have checked the unusual value listed above/).check();
  await page.getByRole("button", { name: "Import 3 rows" }).click();
  await expect(page.getByTestId("import-done")).toContainText("Imported 3 rows.");

  await searchPatients(page, a);
  await page.getByRole("link", { name: /Solberg/ }).click();
  await expect(page.getByTestId("lab-results").first()).toContainText("177.1");
  await expect(page.getByTestId("lab-results").first()).toContainText("2500");
});

test("the import page, its templates' columns shown, has no accessibility violation; each template still downloads", async ({ page }) => {
  await signIn(page, nurse);
  await expect(page.getByTestId("current-user")).toBeVisible();
  await page.goto("/patients/import");
  for (const summary of await page.locator("summary").all()) await summary.click();
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  // No link inside a summary, which opens and closes the template's columns.
  await expect(page.locator("summary a")).toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download template (weights.csv)" }).click();
  expect((await download).suggestedFilename()).toBe("weights.csv");
});
