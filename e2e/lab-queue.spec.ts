import type { Locator, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { acknowledgeLab } from "../lib/data/labs";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, recordLabs } from "./data";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// An entry of the unfiled results, once attached or dismissed, leaves the list with its forms: the answer stays
// where it was, announced and with the focus. Each entry's controls are named after it (its test and date, and
// the patient its message names), so that a screen reader tells them from those of the entries around it.
test.use({ storageState: storageStateFor("NURSE") });

const specimen = addDays(clinicToday(), -3);
const hl7Date = (iso: string) => iso.replace(/-/g, "");
const unregisteredMrn = () => `E2E-Q-${randomBytes(4).toString("hex").toUpperCase()}`;

type Obx = { code: string; test: string; value: string; flag: string; status?: "F" | "C" | "P" };
const TG = (value: string, status: "F" | "C" | "P" = "F"): Obx => ({
  code: "2571-8",
  test: "Triglyceride",
  value,
  flag: Number(value) > 149 ? "H" : "N",
  status,
});
const CHOLESTEROL: Obx = { code: "2093-3", test: "Cholesterol", value: "190", flag: "N" };

/** A laboratory's message naming a patient (MRN, date of birth, given and family name) with results of the specimen of three days ago. */
function message(controlId: string, patient: { mrn: string; dob: string; name: [string, string] }, results: Obx[]) {
  return [
    `MSH|^~\\&|LAB|ACME|ISOTRACK|CLINIC|${hl7Date(clinicToday())}0830||ORU^R01|${controlId}|P|2.5.1`,
    `PID|1||${patient.mrn}^^^CLINIC^MR||${patient.name[1]}^${patient.name[0]}||${hl7Date(patient.dob)}|F`,
    `OBR|1||ORD1|57698-3^Lipid panel^LN|||${hl7Date(specimen)}0700`,
    ...results.map((r, i) => `OBX|${i + 1}|NM|${r.code}^${r.test}^LN||${r.value}|mg/dL|0-149|${r.flag}|||${r.status ?? "F"}`),
  ].join("\r");
}

/** Uploads the messages as one file on the import page, every one imported, and opens the unfiled results. */
async function upload(page: Page, messages: string[]) {
  await page.goto("/labs/import");
  await page
    .getByLabel("Results file from the laboratory (.hl7 or .txt, at most 2 MB)")
    .setInputFiles({ name: "queue.hl7", mimeType: "text/plain", buffer: Buffer.from(messages.join("\r\n")) });
  await page.getByRole("button", { name: "Import results" }).click();
  const n = messages.length;
  await expect(page.getByTestId("form-ok")).toHaveText(`${n} message${n === 1 ? "" : "s"}: ${n} imported, 0 already imported, 0 refused.`);
  await page.goto("/labs/queue");
}

/** The answer left in the list where the entry was: announced (role=status), focused, the focus not dropped to the page. */
async function expectLeftAnswer(place: Locator, text: string) {
  const answer = place.getByRole("status").filter({ hasText: text });
  await expect(answer).toHaveCount(1);
  await expect(answer).toHaveText(text);
  await expect(answer).toBeFocused();
  expect(await place.page().evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
}

test("an attached correction's answer stays where its entry was, with the focus, and says the repeat asked for at the review is no longer listed", async ({
  page,
  browser,
}) => {
  const [derm, nurse] = [await createUser("DERMATOLOGIST"), await createUser("NURSE")];
  const patient = await createSpecPatient(derm);
  await recordLabs(patient, nurse, specimen, { "2571-8": "612" });
  const reviewed = await db.labResult.findFirstOrThrow({ where: { patientId: patient.id }, select: { id: true } });
  await acknowledgeLab(derm, { labResultId: reviewed.id, reviewAction: "REPEAT_TEST", repeat: { inDays: 14 } }, clinicToday());
  const { dateOfBirth } = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, select: { dateOfBirth: true } });
  const dob = dateOfBirth.toISOString().slice(0, 10);
  // The laboratory's correction to a normal value, under a date of birth that is not the patient's: it waits.
  await upload(page, [message(`E2E-QC-${patient.mrn}`, { mrn: patient.mrn, dob: "1960-06-15", name: ["Ann", "Ash"] }, [TG("120", "C")])]);
  const entry = page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${patient.mrn}` });
  await expect(entry).toContainText("Date of birth does not match the MRN");
  const about = `Triglyceride, specimen ${formatDate(specimen)} (Ann Ash)`;
  const attach = entry.getByRole("form", { name: `Attach to a patient: ${about}` });
  await hydrated(attach);
  await attach.getByLabel(`Patient's MRN for ${about}`, { exact: true }).fill(patient.mrn);
  await attach.getByLabel(`Patient's date of birth for ${about}`, { exact: true }).fill(dob);
  await attach.getByRole("button", { name: `Attach to this patient: ${about}`, exact: true }).click();
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${patient.mrn}` })).toHaveCount(0);
  await expectLeftAnswer(
    page.getByTestId("lab-queue"),
    `${about}: Result attached to the patient; their monitoring and alerts are up to date. Repeat triglycerides (after the result of ${formatDate(specimen)}), asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.`,
  );

  // No dermatologist saw the repeat go: the dashboard's notice of it is acknowledged by a button naming the patient.
  const dermContext = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const dashboard = await dermContext.newPage();
  await dashboard.goto("/dashboard");
  const acknowledge = dashboard.getByRole("button", { name: `Acknowledge the notice for ${patient.name}`, exact: true });
  await expect(acknowledge).toHaveAccessibleDescription(
    new RegExp(`Repeat triglycerides \\(after the result of ${formatDate(specimen)}\\) no longer needed: `),
  );
  await hydrated(acknowledge);
  await acknowledge.click();
  await expect(acknowledge).toHaveCount(0);
  await dermContext.close();
});

test("a result dismissed with Enter from its reason keeps its answer where its entry was, with the focus", async ({ page }) => {
  const mrn = unregisteredMrn();
  await upload(page, [message(`E2E-QD-${mrn}`, { mrn, dob: "1990-02-03", name: ["Bea", "Birch"] }, [TG("180")])]);
  const entry = page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${mrn}` });
  const about = `Triglyceride, specimen ${formatDate(specimen)} (Bea Birch)`;
  const reason = entry.getByLabel(`Reason for dismissing ${about}`, { exact: true });
  await hydrated(reason);
  await reason.fill("Not a patient of this clinic");
  await reason.press("Enter");
  await expect(page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${mrn}` })).toHaveCount(0);
  await expectLeftAnswer(page.getByTestId("lab-queue"), `${about}: Result dismissed.`);
});

test("each entry's fields and buttons are named after it, and one result of a message dismissed leaves its answer within the message", async ({ page }) => {
  const [ann, bea, cal] = [unregisteredMrn(), unregisteredMrn(), unregisteredMrn()];
  const calId = `E2E-QN-${cal}`;
  // Two messages with a triglyceride of the same day for two patients; a third with two results for one.
  await upload(page, [
    message(`E2E-QN-${ann}`, { mrn: ann, dob: "1991-04-05", name: ["Ann", "Ash"] }, [TG("180")]),
    message(`E2E-QN-${bea}`, { mrn: bea, dob: "1992-06-07", name: ["Bea", "Birch"] }, [TG("180")]),
    message(calId, { mrn: cal, dob: "1993-08-09", name: ["Cal", "Cole"] }, [TG("180"), CHOLESTEROL]),
  ]);
  const day = formatDate(specimen);
  for (const name of ["Ann Ash", "Bea Birch"]) {
    const about = `Triglyceride, specimen ${day} (${name})`;
    await expect(page.getByRole("textbox", { name: `Patient's MRN for ${about}`, exact: true })).toHaveCount(1);
    await expect(page.getByLabel(`Patient's date of birth for ${about}`, { exact: true })).toHaveCount(1);
    await expect(page.getByRole("button", { name: `Attach to this patient: ${about}`, exact: true })).toHaveCount(1);
    await expect(page.getByRole("button", { name: `Dismiss ${about}`, exact: true })).toHaveCount(1);
  }
  // The message's two results: attached together, each dismissed on its own.
  const together = `the 2 results of message ${calId} (Cal Cole)`;
  await expect(page.getByRole("textbox", { name: `Patient's MRN for ${together}`, exact: true })).toHaveCount(1);
  await expect(page.getByRole("button", { name: `Attach all 2 final results to this patient: ${together}`, exact: true })).toHaveCount(1);
  const cholesterol = `Cholesterol, specimen ${day} (Cal Cole)`;
  await expect(page.getByRole("button", { name: `Dismiss Triglyceride, specimen ${day} (Cal Cole)`, exact: true })).toHaveCount(1);
  const dismiss = page.getByRole("button", { name: `Dismiss ${cholesterol}`, exact: true });
  await hydrated(dismiss);
  await page.getByLabel(`Reason for dismissing ${cholesterol}`, { exact: true }).fill("Sent twice");
  await dismiss.click();
  // The message stays with its triglyceride; the answer is in it, where the cholesterol was.
  const group = page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${cal}` });
  await expect(group).not.toContainText("Cholesterol: 190");
  await expect(group).toContainText("Triglyceride: 180");
  await expectLeftAnswer(group, `${cholesterol}: Result dismissed.`);
});

test("a preliminary result offers no attach form, only what can be done: dismiss it, or wait for the final result", async ({ page }) => {
  const [alone, beside] = [unregisteredMrn(), unregisteredMrn()];
  // One preliminary result alone, and one beside a final result of the same message.
  await upload(page, [
    message(`E2E-QP-${alone}`, { mrn: alone, dob: "1994-01-02", name: ["Dee", "Dale"] }, [TG("180", "P")]),
    message(`E2E-QP-${beside}`, { mrn: beside, dob: "1995-03-04", name: ["Eve", "Elm"] }, [CHOLESTEROL, TG("200", "P")]),
  ]);
  const day = formatDate(specimen);
  for (const [mrn, name] of [
    [alone, "Dee Dale"],
    [beside, "Eve Elm"],
  ] as const) {
    const about = `Triglyceride, specimen ${day} (${name})`;
    const entry = page.getByTestId("lab-queue-entry").filter({ hasText: `MRN ${mrn}` });
    await expect(entry.getByTestId("not-attachable")).toHaveText(
      "A preliminary result cannot be attached: the laboratory sends the final result in a message of its own, filed when it comes. Wait for it, or dismiss this entry with a reason.",
    );
    await expect(page.getByRole("textbox", { name: `Patient's MRN for ${about}`, exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Attach to this patient: ${about}`, exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: `Dismiss ${about}`, exact: true })).toHaveCount(1);
  }
  // The final result beside it keeps its own attach form.
  await expect(page.getByRole("button", { name: `Attach to this patient: Cholesterol, specimen ${day} (Eve Elm)`, exact: true })).toHaveCount(1);
});
