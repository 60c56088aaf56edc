import type { Browser, Locator } from "@playwright/test";
import { readFileSync } from "node:fs";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, type SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

// The lipid panel fixture, addressed to this spec's own patient (MRN, date of birth) and dated today.
let patient: SpecPatient;
let file: Buffer;
test.beforeAll(async () => {
  patient = await createSpecPatient(await createUser("DERMATOLOGIST"));
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, select: { dateOfBirth: true } });
  const hl7 = (iso: string) => iso.replace(/-/g, "");
  const today = hl7(clinicToday());
  const text = readFileSync("tests/fixtures/hl7/lipids-v251.hl7", "utf8")
    .replace("ITK-20431", patient.mrn)
    .replace("||19990312|", `||${hl7(dateOfBirth.toISOString().slice(0, 10))}|`)
    .replace("ACME-LIP-0001", `ACME-E2E-${patient.mrn}`)
    .replace(/20261120073000/g, `${today}073000`)
    .replace(/20261120081000|20261121061000|20261121061500/g, `${today}081000`);
  file = Buffer.from(text, "utf8");
});

/** Uploads an HL7 file as a nurse, checks the import's outcome, and finds the patient's entry in the review queue. */
async function uploadAsNurse(browser: Browser, name: string, message: string, mrn: string, outcome: string) {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto("/labs/import");
  await page
    .getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)")
    .setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(message) });
  await page.getByRole("button", { name: "Import results" }).click();
  await expect(page.getByTestId("hl7-outcome")).toContainText(outcome);
  await page.goto("/labs/queue");
  return { nurse, page, entry: page.getByTestId("lab-queue-entry").filter({ hasText: mrn }) };
}

/**
 * A new patient, and a laboratory's message for them (their MRN and date of birth, the specimen taken today) with
 * one triglyceride sent as a number without its unit (OBX-6 empty).
 */
async function unitlessTriglyceride(tag: string, value: string) {
  const patient = await createSpecPatient(await createUser("DERMATOLOGIST"));
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, select: { dateOfBirth: true } });
  const [today, dob] = [clinicToday().replace(/-/g, ""), dateOfBirth.toISOString().slice(0, 10)];
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${today}0830||ORU^R01|E2E-${tag}-${patient.mrn}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Doe^Jane||${dob.replace(/-/g, "")}|F`,
    `OBR|1||ORD1|57698-3^Lipid panel^LN|||${today}0700`,
    `OBX|1|NM|2571-8^Triglyceride^LN||${value}||||||F`,
  ].join("\r");
  return { patient, dob, message };
}

/** Fills the queue entry's attach form with the patient's MRN and date of birth, sends it, and returns the form. */
async function attachTo(entry: Locator, mrn: string, dob: string) {
  const attach = entry.getByRole("form", { name: "Attach to a patient" });
  await attach.getByLabel("Patient's MRN").fill(mrn);
  await attach.getByLabel("Patient's date of birth").fill(dob);
  await attach.getByRole("button", { name: "Attach to this patient" }).click();
  return attach;
}

test("a nurse uploads a laboratory's HL7 file; the dermatologist sees the flagged results and reviews one with a note", async ({ browser }) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto("/patients");
  await page
    .getByRole("navigation", { name: "Main navigation" })
    .getByRole("link", { name: /^Unfiled lab results/ })
    .click();
  await page.getByRole("link", { name: "Import lab results" }).click();
  await page.getByRole("button", { name: "Import results" }).click();
  await expect(page.getByText("Choose an .hl7 or .txt file of result messages.")).toBeVisible();
  const chosen = page.getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)");
  await chosen.setInputFiles({ name: "empty.hl7", mimeType: "text/plain", buffer: Buffer.alloc(0) });
  await page.getByRole("button", { name: "Import results" }).click();
  await expect(
    page.getByText("The file chosen is empty: it holds no result messages. Check that it is the laboratory's file, then choose it again."),
  ).toBeVisible();
  await page
    .getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)")
    .setInputFiles({ name: "acme-lipids.hl7", mimeType: "text/plain", buffer: file });
  await page.getByRole("button", { name: "Import results" }).click();
  await expect(page.getByTestId("form-ok")).toHaveText("1 message: 1 imported, 0 already imported, 0 refused.");
  const outcome = page.getByTestId("hl7-outcome");
  await expect(outcome).toContainText(`Added: 4 results for ${patient.name} (MRN ${patient.mrn}).`);
  // 612 mg/dL is above the action level, below the critical one: nothing for today.
  await expect(page.getByTestId("hl7-urgent-summary")).toHaveCount(0);
  await outcome.getByRole("link", { name: `${patient.name} (MRN ${patient.mrn})` }).click();
  const rows = page.getByTestId("lab-results");
  await expect(rows.locator("tr").filter({ hasText: "Total cholesterol" })).toContainText("210 mg/dL · above the lab range 0–200 · below the action level 240");
  await expect(rows.locator("tr").filter({ hasText: "Total cholesterol" })).toContainText("Lab reported: 0-200, flag H");
  await nurse.close();

  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const dash = await derm.newPage();
  await dash.goto("/dashboard");
  const triglyceride = dash.getByTestId("abnormal-results").getByRole("listitem").filter({ hasText: patient.name }).filter({ hasText: "Triglycerides" });
  await expect(triglyceride).toContainText("612 mg/dL · above the lab range 0–149 · at or above the action level 500 · below the critical level 800");
  await triglyceride.getByLabel("Action taken (optional)").selectOption({ label: "Repeat test" });
  await triglyceride.getByLabel("Note").fill("Fasting repeat in 2 weeks");
  await triglyceride.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(dash.getByTestId("abnormal-results").getByRole("listitem").filter({ hasText: patient.name }).filter({ hasText: "Triglycerides" })).toHaveCount(
    0,
  );
  await dash.goto(`/patients/${patient.id}#labs`);
  const row = dash.getByTestId("lab-results").locator("tr").filter({ hasText: "Triglycerides" });
  await expect(row.getByTestId("review-history")).toContainText("Repeat test (Fasting repeat in 2 weeks)");
  await derm.close();
});

test("a critical value and a positive pregnancy test in an uploaded file are said first, naming the patient, and so is a pregnancy test left waiting", async ({
  browser,
}) => {
  const patient = await createSpecPatient(await createUser("DERMATOLOGIST"), { canBecomePregnant: true });
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, select: { dateOfBirth: true } });
  const [today, dob] = [clinicToday().replace(/-/g, ""), dateOfBirth.toISOString().slice(0, 10).replace(/-/g, "")];
  const missing = `NOBODY-${patient.mrn}`;
  const message = (controlId: string, mrn: string, obx: string[]) =>
    [
      `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${today}0830||ORU^R01|${controlId}|P|2.5.1`,
      `PID|1||${mrn}^^^CLINIC^MR||Doe^Jane||${dob}|F`,
      `OBR|1||ORD1|57698-3^Panel^LN|||${today}0700`,
      ...obx.map((o, i) => `OBX|${i + 1}|${o}`),
    ].join("\r");
  const file = [
    message(`E2E-UR1-${patient.mrn}`, patient.mrn, [
      "NM|2571-8^Triglyceride^LN||850|mg/dL|0-150|H|||F",
      "CWE|2106-3^hCG urine^LN||10828004^Positive^SCT||Positive|A|||F",
    ]),
    message(`E2E-UR2-${patient.mrn}`, missing, ["CWE|2106-3^hCG urine^LN||10828004^Positive^SCT||Positive|A|||F"]),
  ].join("\r\n");
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto("/labs/import");
  await page
    .getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)")
    .setInputFiles({ name: "urgent.hl7", mimeType: "text/plain", buffer: Buffer.from(file) });
  await page.getByRole("button", { name: "Import results" }).click();
  const held = page.getByRole("region", { name: "What the file held" });
  await expect(held.getByRole("alert")).toHaveText(
    "Needs attention today: 1 critical value and 2 pregnancy tests in messages 1 and 2, marked below; 1 of them waits under Unfiled lab results, to be filed today.",
  );
  const [first, second] = [page.getByTestId("hl7-outcome").nth(0), page.getByTestId("hl7-outcome").nth(1)];
  // First in the message's item, before what it added.
  const urgent = first.getByTestId("hl7-outcome-urgent");
  await expect(urgent).toHaveText([
    `${patient.name} (MRN ${patient.mrn}): Critical value: Triglycerides, 850 mg/dL · above the lab range 0–150 · at or above the critical level 800. Tell the dermatologist today.`,
    new RegExp(`^${patient.name} \\(MRN ${patient.mrn}\\): Positive pregnancy test, collected .*: prescribing is stopped\\. Tell the dermatologist today\\.$`),
  ]);
  await expect(first.locator(":scope > *").first()).toHaveAttribute("data-testid", "hl7-outcome-urgent");
  await expect(first).toContainText(`Added: 2 results for ${patient.name} (MRN ${patient.mrn}).`);
  await expect(second.getByTestId("hl7-outcome-urgent")).toHaveText(
    `MRN ${missing}: Pregnancy test waiting (hCG urine: Positive): it is on no patient's chart, so no prescribing check sees it. File it today under Unfiled lab results, and tell the dermatologist today. Open Unfiled lab results`,
  );
  await urgent
    .first()
    .getByRole("link", { name: `${patient.name} (MRN ${patient.mrn})` })
    .click();
  await expect(page).toHaveURL(new RegExp(`/patients/${patient.id}#labs$`));
  await expect(page.getByTestId("lab-results").locator("tr").filter({ hasText: "Triglycerides" })).toContainText("850");
  await nurse.close();
});

test("results for an MRN no patient has wait in the review queue together, counted, with what to check, and are attached at once", async ({ browser }) => {
  const nurse = await browser.newContext({ storageState: storageStateFor("NURSE") });
  const page = await nurse.newPage();
  await page.goto("/labs/import");
  await page
    .getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)")
    .setInputFiles({ name: "unmatched.hl7", mimeType: "text/plain", buffer: readFileSync("tests/fixtures/hl7/unmatched-patient.hl7") });
  await page.getByRole("button", { name: "Import results" }).click();
  await expect(page.getByTestId("hl7-outcome")).toContainText("Read; no result added to a chart. 2 results wait for review (No patient with this MRN)");
  await page.getByRole("link", { name: "Unfiled lab results" }).last().click();
  await expect(page.getByTestId("lab-queue-count")).toHaveText(/^\d+ results? waiting$/);
  // The message's two results for one patient wait together.
  const message = page.getByTestId("lab-queue-message").filter({ hasText: "MRN ITK-99999" });
  await expect(message).toHaveCount(1);
  const entries = message.getByTestId("lab-queue-entry");
  await expect(entries).toHaveCount(2);
  // The badge says why; the line beside it says what to check, not the same again.
  await expect(entries.first()).toContainText("No patient with this MRN");
  await expect(entries.first()).toContainText("the patient may be registered under another MRN, or not yet registered.");
  await expect(entries.first()).not.toContainText("No patient has this MRN.");

  // The nurse finds the patient (registered under another MRN) and attaches both results at once.
  const registered = await createSpecPatient(await createUser("DERMATOLOGIST"));
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: registered.id }, select: { dateOfBirth: true } });
  const attach = message.getByRole("form", { name: "Attach these results to a patient" });
  await attach.getByLabel("Patient's MRN").fill(registered.mrn);
  await attach.getByLabel("Patient's date of birth").fill(dateOfBirth.toISOString().slice(0, 10));
  await attach.getByRole("button", { name: "Attach all 2 final results to this patient" }).click();
  await expect(page.getByTestId("lab-queue-message").filter({ hasText: "MRN ITK-99999" })).toHaveCount(0);
  await page.goto(`/patients/${registered.id}#labs`);
  const labs = page.getByTestId("lab-results");
  await expect(labs.locator("tr").filter({ hasText: "Triglycerides" })).toContainText("180");
  await expect(labs.locator("tr").filter({ hasText: "Total cholesterol" })).toContainText("190");
  await nurse.close();
});

test("a pregnancy test sent without a collection date waits, and is attached with the date from the laboratory's report", async ({ browser }) => {
  const patient = await createSpecPatient(await createUser("DERMATOLOGIST"), { canBecomePregnant: true });
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, select: { dateOfBirth: true } });
  const [today, dob] = [clinicToday(), dateOfBirth.toISOString().slice(0, 10)];
  const message = [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${today.replace(/-/g, "")}0830||ORU^R01|E2E-CD-${patient.mrn}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||Doe^Jane||${dob.replace(/-/g, "")}|F`,
    "OBR|1||ORD1|2106-3^hCG^LN",
    "OBX|1|CWE|2106-3^hCG urine^LN||260385009^Negative^SCT||Negative|N|||F",
  ].join("\r");
  const { nurse, page, entry } = await uploadAsNurse(browser, "undated.hl7", message, patient.mrn, "Collection date missing");
  await expect(entry).toContainText("no collection date (sent");
  const attach = await attachTo(entry, patient.mrn, dob);
  await expect(attach).toContainText("Enter the date the specimen was collected, from the laboratory's report");
  await attach.getByLabel("Pregnancy test collection date").fill(addDays(today, -3));
  await attach.getByRole("button", { name: "Attach to this patient" }).click();
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: patient.mrn })).toHaveCount(0);
  const filed = await db.labResult.findFirstOrThrow({ where: { patientId: patient.id }, select: { specimenDate: true } });
  expect(filed.specimenDate.toISOString().slice(0, 10)).toBe(addDays(today, -3));
  await nurse.close();
});

test("a number sent without its unit waits, and is attached in the unit chosen from the laboratory's report", async ({ browser }) => {
  const { patient, dob, message } = await unitlessTriglyceride("NU", "5.2");
  const { nurse, page, entry } = await uploadAsNurse(browser, "unitless.hl7", message, patient.mrn, "Unit missing or not accepted for the test");
  await expect(entry).toContainText("the laboratory sent no unit (OBX-6 is empty)");
  const attach = await attachTo(entry, patient.mrn, dob);
  await expect(attach).toContainText("Choose the unit the laboratory's report gives for this result");
  await attach.getByLabel("Unit of Triglyceride, from the laboratory's report").selectOption("mmol/L");
  await attach.getByRole("button", { name: "Attach to this patient" }).click();
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: patient.mrn })).toHaveCount(0);
  const filed = await db.labResult.findFirstOrThrow({ where: { patientId: patient.id }, select: { valueNumeric: true, enteredUnit: true } });
  expect([Number(filed.valueNumeric), filed.enteredUnit]).toEqual([460.6, "mmol/L"]);
  await nurse.close();
});

test("a number sent without its unit that may be critical comes first, and a value unusual in the unit chosen is attached once confirmed", async ({
  browser,
}) => {
  const { patient, dob, message } = await unitlessTriglyceride("UU", "25");
  const { nurse, page, entry } = await uploadAsNurse(browser, "unusual-unit.hl7", message, patient.mrn, "Unit missing or not accepted for the test");
  // 25 mg/dL is ordinary; 25 mmol/L is 2,214.3 mg/dL, above the critical level.
  await expect(entry).toHaveAttribute("data-critical", "true");
  await expect(entry).toContainText("May be critical: Triglycerides");
  await expect(entry.getByTestId("critical-value")).toHaveText(
    "Sent without its unit: critical if mmol/L (2214.3 mg/dL · above the lab range 0–150 · at or above the critical level 800).",
  );
  await entry.getByLabel("Unit of Triglyceride, from the laboratory's report").selectOption("mmol/L");
  const attach = await attachTo(entry, patient.mrn, dob);
  // Nothing attached yet: the question takes the focus, naming the value converted.
  await expect(attach.getByText("Check this result in the unit chosen, then confirm to attach it.")).toBeFocused();
  const confirm = attach.getByRole("checkbox", { name: /^Triglycerides: 2214\.3 mg\/dL is unusually high .* That is 25 in mmol\/L, the unit chosen/ });
  await expect(confirm).not.toBeChecked();
  expect(await db.labResult.count({ where: { patientId: patient.id } })).toBe(0);
  await confirm.check();
  await attach.getByRole("button", { name: "Attach to this patient" }).click();
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: patient.mrn })).toHaveCount(0);
  const filed = await db.labResult.findFirstOrThrow({ where: { patientId: patient.id }, select: { valueNumeric: true, enteredUnit: true, flag: true } });
  expect([Number(filed.valueNumeric), filed.enteredUnit, filed.flag]).toEqual([2214.3, "mmol/L", "CRITICAL"]);
  const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", patientId: patient.id }, select: { changes: true } });
  expect(audit.changes).toMatchObject({ unitChosenByHand: true, confirmed: ["UNUSUAL"] });
  await nurse.close();
});
