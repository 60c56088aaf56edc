import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { recordPregnancyDecision } from "../lib/data/pregnancy-decision";
import { recordPregnancyFollowUp } from "../lib/data/pregnancy-follow-ups";
import { addDays } from "../lib/domain/dates";
import { formatDate } from "../lib/format";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient } from "./data";
import { expect, storageStateFor, test } from "./fixtures";

const REFERRAL = "Refer to an obstetrician experienced in reproductive toxicity";
const REPORT = "Report the pregnancy to the REMS program (iPLEDGE)";

// A patient who can become pregnant, on a course of 20 mg daily for 30 days, with a positive laboratory test today.
let patient: SpecPatient;
test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  patient = await createSpecPatient(derm, { canBecomePregnant: true });
  await startSpecCourse(patient, derm, 30, { canBecomePregnant: true });
  await recordLabs(patient, derm, clinicToday(), { "2106-3": "POSITIVE" }, "LAB");
});

test("a dermatologist confirms a pregnancy, sees its follow-ups, records the referral; office staff see no such item", async ({ browser }) => {
  const today = clinicToday();
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const d = await derm.newPage();
  d.on("dialog", (dialog) => void dialog.accept());
  await d.goto(`/patients/${patient.id}`);

  // The course is stopped today, then the pregnancy confirmed.
  const status = d.getByTestId("panel-status");
  await status.getByText("Pause, resume, complete or stop").click();
  await status.getByLabel("Action").selectOption("STOP");
  await status.getByLabel("Date").fill(today);
  await status.getByLabel("Reason").fill("Positive pregnancy test");
  await status.getByRole("button", { name: "Update course" }).click();
  await expect(d.getByTestId("panel-status")).toHaveCount(0);
  const decision = d.getByTestId("form-decision");
  await decision.getByText(/^Document a decision on the test of/).click();
  await decision.getByLabel("Decision").selectOption("PREGNANCY_CONFIRMED");
  await decision.getByLabel("Reason and action taken").fill("Serum hCG confirmed");
  await decision.getByRole("button", { name: "Document decision" }).click();
  // Documented, the decision is listed and its form gives way to the follow-up.
  await expect(d.getByTestId("pregnancy-decisions")).toContainText("Pregnancy confirmed: treatment stopped · Serum hCG confirmed");
  await expect(d.getByTestId("form-decision")).toHaveCount(0);

  // The follow-ups where the clinic sees monitoring items, due today; the course no longer reads as continuing.
  await d.reload();
  const open = d.getByTestId("monitoring-items");
  for (const label of [REFERRAL, REPORT]) await expect(open.getByRole("listitem").filter({ hasText: label })).toHaveAttribute("data-status", "DUE");
  const card = d.getByTestId("course-card");
  await expect(card.getByTestId("stopped-for-pregnancy")).toHaveText(`Stopped: pregnancy confirmed on ${formatDate(today)}`);
  for (const figure of ["remaining", "projected-date", "supplied-through"]) await expect(card.getByTestId(figure)).toHaveCount(0);
  await expect(card.getByTestId("cumulative-mg")).toBeVisible();
  // The printed summary says why the course ended, not when it would have reached its target.
  await d.goto(`/patients/${patient.id}/print`);
  await expect(d.getByTestId("print-stopped-for-pregnancy")).toContainText(`Stopped: pregnancy confirmed on ${formatDate(today)}`);
  await expect(d.getByTestId("print-course")).not.toContainText("Target date");
  await d.goto(`/patients/${patient.id}`);

  // The referral is recorded: its item is completed, the report's stays due.
  const followUp = d.getByTestId("form-follow-up");
  await followUp.getByText("Record a follow-up").click();
  await followUp.getByLabel("Follow-up done").selectOption({ label: REFERRAL });
  await followUp.getByLabel("Done on").fill(today);
  await followUp.getByLabel("Note (optional)").fill("Dr. Obi, maternal-fetal medicine");
  await followUp.getByRole("button", { name: "Save follow-up" }).click();
  await expect(followUp.getByTestId("form-ok")).toHaveText("Follow-up recorded.");
  await d.reload();
  await expect(d.getByTestId("follow-up-records")).toContainText(`${REFERRAL}: done on ${formatDate(today)} · Dr. Obi, maternal-fetal medicine`);
  await expect(d.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: REFERRAL })).toHaveCount(0);
  await expect(d.getByTestId("monitoring-items").getByRole("listitem").filter({ hasText: REPORT })).toHaveAttribute("data-status", "DUE");
  await d.getByText(/^Completed and waived/).click();
  await expect(d.getByTestId("monitoring-closed").getByRole("listitem").filter({ hasText: REFERRAL })).toHaveAttribute("data-status", "COMPLETED");
  // The dermatologist's worklist lists the open one, in words.
  await d.goto("/monitoring");
  await d.getByRole("searchbox", { name: "Search" }).fill(patient.mrn);
  await d.getByRole("button", { name: "Apply" }).click();
  await expect(d.locator(`[data-testid="worklist-patient"][data-patient-id="${patient.id}"]`).getByTestId("open-items")).toContainText(REPORT);
  await derm.close();

  // The follow-ups are the dermatologist's own: office staff get no such item anywhere (a list of them would
  // name every pregnant patient): not as a choice of the Item filter, not asked for by address, not among
  // this patient's items on the worklist (the course's other items stay), not on the patient's page.
  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await s.goto("/monitoring?kind=DERM_FOLLOW_UP");
  await expect(s.getByTestId("worklist-count")).toHaveText("0 patients");
  await expect(s.getByLabel("Item").locator("option", { hasText: "Baseline ALT/AST" })).toHaveCount(1);
  await expect(s.getByLabel("Item").locator("option", { hasText: /^Dermatologist/ })).toHaveCount(0);
  await s.goto("/monitoring");
  await s.getByRole("searchbox", { name: "Search" }).fill(patient.mrn);
  await s.getByRole("button", { name: "Apply" }).click();
  const row = s.locator(`[data-testid="worklist-patient"][data-patient-id="${patient.id}"]`);
  await expect(row.getByTestId("open-items")).toBeVisible();
  await expect(row).not.toContainText("Dermatologist follow-up");
  await expect(row).not.toContainText(/obstetric|REMS|iPLEDGE|\brefer/i);
  await s.goto(`/patients/${patient.id}`);
  await expect(s.getByTestId("patient-name")).toBeVisible();
  const monitoring = s.locator('section[aria-labelledby="monitoring-heading"]');
  await expect(monitoring).toBeVisible();
  await expect(monitoring).not.toContainText("Dermatologist follow-up");
  await expect(monitoring).not.toContainText(/obstetric|REMS|iPLEDGE|\brefer|confirmed/i);
  await staff.close();
});

test("a follow-up completed more than 30 days ago is listed a click away, with its record; one completed since stays listed", async ({ browser }) => {
  // No course; a positive test 41 days ago, the pregnancy confirmed 40 days ago, the referral done 38 days ago, the report 5 days ago.
  const today = clinicToday();
  const by = await createUser("DERMATOLOGIST");
  const earlier = await createSpecPatient(by, { canBecomePregnant: true });
  await recordLabs(earlier, by, addDays(today, -41), { "2106-3": "POSITIVE" }, "LAB");
  const hcg = await db.labResult.findFirstOrThrow({ where: { patientId: earlier.id, analyte: "HCG" }, select: { id: true } });
  const decidedOn = addDays(today, -40);
  await recordPregnancyDecision(by, { patientId: earlier.id, labResultId: hcg.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" }, decidedOn);
  const decision = await db.pregnancyDecision.findFirstOrThrow({ where: { patientId: earlier.id }, select: { id: true } });
  const referredOn = addDays(today, -38);
  await recordPregnancyFollowUp(by, { patientId: earlier.id, decisionId: decision.id, kind: "OBSTETRIC_REFERRAL", doneOn: referredOn, note: "Dr. Obi" }, today);
  await recordPregnancyFollowUp(by, { patientId: earlier.id, decisionId: decision.id, kind: "REMS_REPORT", doneOn: addDays(today, -5) }, today);

  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const d = await derm.newPage();
  await d.goto(`/patients/${earlier.id}`);
  const section = d.getByTestId("pregnancy-follow-ups");
  await expect(section.getByRole("heading")).toHaveText(new RegExp(`^Follow-up of the pregnancy confirmed on ${formatDate(decidedOn)}`));
  await expect(section.getByTestId("follow-up")).toHaveCount(1);
  await expect(section.getByTestId("follow-up")).toContainText(`${REPORT} · done on ${formatDate(addDays(today, -5))}`);
  await expect(section.getByTestId("follow-up-records")).not.toContainText(REFERRAL);
  // Opened, the older one is there with its record, which can still be voided.
  await section.getByText("Completed more than 30 days ago (1)").click();
  const older = section.getByTestId("follow-ups-older");
  await expect(older.getByTestId("follow-up")).toHaveAttribute("data-status", "COMPLETED");
  await expect(older.getByTestId("follow-up")).toContainText(`${REFERRAL} · done on ${formatDate(referredOn)}`);
  await expect(older.getByTestId("follow-up-records-older")).toContainText(`${REFERRAL}: done on ${formatDate(referredOn)} · Dr. Obi`);
  await expect(older.getByTestId("follow-up-records-older").getByText("Entered in error", { exact: true })).toBeVisible();
  await derm.close();
});
