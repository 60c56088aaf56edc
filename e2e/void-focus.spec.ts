import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addOutreachNotes } from "../lib/data/add-outreach-note";
import { computePatientItems } from "../lib/data/monitoring";
import { recordPregnancyDecision } from "../lib/data/pregnancy-decision";
import { recordPregnancyFollowUp } from "../lib/data/pregnancy-follow-ups";
import { recordContraception, recordCounseling } from "../lib/data/pregnancy-records";
import { waiveItem } from "../lib/data/waive-item";
import { addDays } from "../lib/domain/dates";
import { changeSpecDose, createSpecPatient, createUser, recordLabs, startSpecCourse } from "./data";
import type { Locator } from "@playwright/test";
import { expect, hydrated, storageStateFor, test } from "./fixtures";

// Voiding an entry strikes it through and takes its form away with it: the answer stays under the entry,
// announced (role=status) and with the focus, whether the form was sent with its button or with Enter. A
// refusal leaves the form where it was, with the focus on the field to fix.
test.use({ storageState: storageStateFor("DERMATOLOGIST") });

const ENTRY_VOIDED = "Entry marked as entered in error; it stays in the history, struck through.";
const RECORD_VOIDED = "Record marked as entered in error; it stays in the history, struck through, and counts for nothing.";

/** Opens the entry's void form, types the reason and sends it: with the button named `submit`, or with Enter in the reason. */
async function voidWith(entry: Locator, summary: string, reason: string, submit: string | "Enter") {
  await entry.getByText(summary, { exact: true }).click();
  const field = entry.getByLabel("Reason");
  await hydrated(field);
  await field.fill(reason);
  if (submit === "Enter") await field.press("Enter");
  else await entry.getByRole("button", { name: submit }).click();
}

/** The answer kept under the entry: announced, and focused rather than the page. */
async function expectAnswer(entry: Locator, text: string) {
  expect(await entry.page().evaluate(() => document.activeElement?.tagName)).not.toBe("BODY");
  const answer = entry.getByTestId("correction-confirmation");
  await expect(answer).toContainText(text);
  await expect(answer).toHaveAttribute("role", "status");
  await expect(answer).toBeFocused();
}

/** A refused reason: the form stays, says why, and its reason field has the focus. */
async function expectRefused(entry: Locator) {
  const field = entry.getByLabel("Reason");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(entry.locator(".field-error")).toContainText("Enter a reason");
  await expect(field).toBeFocused();
}

test("a dose change and a prescription voided on the course's timeline keep their answer under the entry, with the focus", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  const courseId = await startSpecCourse(patient, derm, 20);
  await changeSpecDose(courseId, derm, addDays(clinicToday(), -10), 40, "Escalation");
  await page.goto(`/patients/${patient.id}`);
  const card = page.getByTestId("course-card");
  await card.getByText(/^Timeline/).click();
  const rows = card.getByTestId("timeline").getByRole("row");

  // An empty reason, sent with Enter and then with the button: refused, the focus on the reason both times.
  const dose = rows.filter({ hasText: "40 mg daily · Escalation" });
  await voidWith(dose, "Entered in error", "", "Enter");
  await expectRefused(dose);
  await dose.getByRole("button", { name: "Void entry" }).click();
  await expectRefused(dose);

  // Voided with the button.
  await dose.getByLabel("Reason").fill("Never escalated");
  await dose.getByRole("button", { name: "Void entry" }).click();
  await expect(dose).toContainText("Entered in error: Never escalated");
  await expectAnswer(dose, ENTRY_VOIDED);

  // Voided with Enter: the answer moves to this entry.
  const prescription = rows.filter({ has: page.getByRole("cell", { name: "Prescription", exact: true }) });
  await voidWith(prescription, "Entered in error", "Written for another patient", "Enter");
  await expect(prescription).toContainText("Entered in error: Written for another patient");
  await expectAnswer(prescription, ENTRY_VOIDED);
  await expect(card.getByTestId("correction-confirmation")).toHaveCount(1);
});

test("a waiver and an outreach note voided on the patient page keep their answer under their item, with the focus", async ({ page }) => {
  const [derm, staff, today] = [await createUser("DERMATOLOGIST"), await createUser("STAFF"), clinicToday()];
  const patient = await createSpecPatient(derm);
  await startSpecCourse(patient, derm, 20); // no baseline labs: both are overdue
  const keyOf = async (label: string) => (await computePatientItems(patient.id, today)).find((i) => i.label === label)!.key;
  await waiveItem(derm, { patientId: patient.id, itemKey: await keyOf("Baseline ALT/AST"), reason: "Done at another clinic" }, today);
  await addOutreachNotes(
    staff,
    { patientId: patient.id, itemKeys: [await keyOf("Baseline fasting lipids")], outcome: "LEFT_MESSAGE", note: "Voicemail" },
    today,
  );
  await page.goto(`/patients/${patient.id}`);
  const open = page.getByTestId("monitoring-items").getByRole("listitem");

  // The note, refused without a reason, then voided with Enter.
  const lipids = open.filter({ hasText: "Baseline fasting lipids" });
  await voidWith(lipids, "Note entered in error", "", "Void note");
  await expectRefused(lipids);
  await lipids.getByLabel("Reason").fill("Called the wrong patient");
  await lipids.getByLabel("Reason").press("Enter");
  await expect(lipids.getByTestId("latest-outreach")).toHaveCount(0);
  await expectAnswer(lipids, ENTRY_VOIDED);

  // The waiver, voided with the button: its item is open again, and the answer goes with it.
  await page.getByText("Completed and waived (1)").click();
  const waived = page.getByTestId("monitoring-closed").getByRole("listitem").filter({ hasText: "Baseline ALT/AST" });
  await voidWith(waived, "Waiver entered in error", "Not done after all", "Void waiver");
  const reopened = open.filter({ hasText: "Baseline ALT/AST" });
  await expect(reopened).toHaveAttribute("data-status", "OVERDUE");
  await expectAnswer(reopened, ENTRY_VOIDED);
  await expect(page.getByTestId("correction-confirmation")).toHaveCount(1);
});

test("contraception, counseling and follow-up records voided keep their answer under the record struck through, with the focus", async ({ page }) => {
  const [derm, today] = [await createUser("DERMATOLOGIST"), clinicToday()];
  const patient = await createSpecPatient(derm, { canBecomePregnant: true });
  const id = patient.id;
  await recordContraception(
    derm,
    { patientId: id, method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: addDays(today, -30) },
    today,
  );
  await recordCounseling(derm, { patientId: id, counseledOn: addDays(today, -3), confirmationNumber: "4417" }, today);
  await recordLabs(patient, derm, today, { "2106-3": "POSITIVE" }, "LAB");
  const hcg = await db.labResult.findFirstOrThrow({ where: { patientId: id, analyte: "HCG" }, select: { id: true } });
  await recordPregnancyDecision(derm, { patientId: id, labResultId: hcg.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" }, today);
  const decision = await db.pregnancyDecision.findFirstOrThrow({ where: { patientId: id }, select: { id: true } });
  await recordPregnancyFollowUp(derm, { patientId: id, decisionId: decision.id, kind: "OBSTETRIC_REFERRAL", doneOn: today }, today);
  await page.goto(`/patients/${id}`);

  const contraception = page.getByTestId("contraception").getByRole("listitem").first();
  await voidWith(contraception, "Entered in error", "", "Enter");
  await expectRefused(contraception);
  await contraception.getByLabel("Reason").fill("Another patient's methods");
  await contraception.getByRole("button", { name: "Void contraception record" }).click();
  await expect(contraception).toContainText("Entered in error: Another patient's methods");
  await expectAnswer(contraception, RECORD_VOIDED);

  const counseling = page.getByTestId("counseling").getByRole("listitem").first();
  await voidWith(counseling, "Entered in error", "Wrong confirmation number", "Enter");
  await expect(counseling).toContainText("Entered in error: Wrong confirmation number");
  await expectAnswer(counseling, RECORD_VOIDED);

  const followUp = page.getByTestId("follow-up-records").getByRole("listitem").first();
  await voidWith(followUp, "Entered in error", "Referral not sent yet", "Void follow-up record");
  await expect(followUp).toContainText("Entered in error: Referral not sent yet");
  await expectAnswer(followUp, `${RECORD_VOIDED} The follow-up is due again until it is recorded.`);
  await expect(page.getByTestId("correction-confirmation")).toHaveCount(1);
});

test("a lab result's correction refused for its reason keeps the form, with the focus on the reason, sent with Enter or the button", async ({ page }) => {
  const derm = await createUser("DERMATOLOGIST");
  const patient = await createSpecPatient(derm);
  await recordLabs(patient, derm, addDays(clinicToday(), -2), { "1742-6": "25" });
  await page.goto(`/patients/${patient.id}`);
  const row = page.getByTestId("lab-results").getByRole("row").filter({ hasText: "ALT" });
  await row.getByText("Correct or void").click();
  await row.getByLabel(/^Corrected value/).fill("27");
  const reason = row.getByLabel("Reason");
  await hydrated(reason);
  await reason.press("Enter");
  await expectRefused(row);
  await row.getByRole("button", { name: "Save" }).click();
  await expectRefused(row);
});
