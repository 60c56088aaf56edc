import { randomBytes, randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { refreshMonitoringInBatches } from "../lib/data/recompute-derived";
import { addDays } from "../lib/domain/dates";
import { createSpecPatient, createUser, recordLabs, startSpecCourse, type SpecPatient, type SpecUser } from "./data";
import { expect, searchPatients, storageStateFor, test } from "./fixtures";

/*
 * While prescribing is stopped after a pregnancy test, office staff are offered no prescription renewal to chase,
 * and read why a prescription must not be dispensed without the result. A result recorded under a pregnancy test
 * the clinic added to the catalogue as a test of its own (before the catalogue refused one) is the dermatologist's
 * review on their worklist and dashboard; office staff read only that prescribing is stopped for it.
 */
let nurse: SpecUser;
let runsOut: SpecPatient;
let justStarted: SpecPatient;
let unread: SpecPatient;
const RESULT_WORDS = /positive|negative|indeterminate/i;

test.beforeAll(async () => {
  const derm = await createUser("DERMATOLOGIST");
  nurse = await createUser("NURSE");
  [runsOut, justStarted, unread] = [
    await createSpecPatient(derm, { canBecomePregnant: true }),
    await createSpecPatient(derm, { canBecomePregnant: true }),
    await createSpecPatient(derm, { canBecomePregnant: true }),
  ];
  // One 30-day prescription each: a renewal due today, and one written yesterday, still to be dispensed.
  await startSpecCourse(runsOut, derm, 30, { canBecomePregnant: true });
  await startSpecCourse(justStarted, derm, 1, { canBecomePregnant: true });
  // A quantitative hCG under a code of the clinic's own, recorded three years ago, as hand entry did before the
  // refusal (written directly: the portal writes neither any more); the recompute of every patient's items under
  // new rules lists it, as it is done here for this patient. Its review, due then, leads the overdue items.
  const code = `9${randomBytes(2).readUInt16BE() % 9000}-${randomBytes(1)[0]! % 10}`;
  const added = await db.labTest.create({
    data: { code, name: "Beta hCG, quantitative (clinic)", analyte: `LOINC:${code}`, kind: "QUANTITATIVE", unit: "m[IU]/mL", active: false, sortOrder: 500 },
  });
  await db.labResult.create({
    data: {
      ...{ patientId: unread.id, labTestId: added.id, code, codeSystem: added.codeSystem, analyte: added.analyte },
      ...{ specimenDate: new Date(`${addDays(clinicToday(), -3 * 365)}T00:00:00Z`), valueNumeric: "250", unit: "m[IU]/mL", flag: "NORMAL" },
      ...{ enteredValue: "250", enteredUnit: "m[IU]/mL", submissionId: randomUUID(), enteredById: nurse.id },
    },
  });
  await refreshMonitoringInBatches(db, [unread.id], clinicToday());
});

/** The patient's card on the worklist, found by MRN as staff search it. */
async function worklistCard(page: Page, patient: SpecPatient) {
  await page.goto("/monitoring");
  await page.getByRole("searchbox", { name: "Search" }).fill(patient.mrn);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/monitoring\?search=/);
  return page.getByTestId("worklist-patient");
}

test("office staff are offered no renewal while a positive test stops prescribing, and read why a prescription is held without the result", async ({
  browser,
}) => {
  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await expect((await worklistCard(s, runsOut)).getByTestId("open-items")).toContainText("Prescription renewal");

  const today = clinicToday();
  for (const patient of [runsOut, justStarted]) await recordLabs(patient, nurse, today, { "2106-3": "POSITIVE" }, "OFFICE");
  const items = (await worklistCard(s, runsOut)).getByTestId("open-items");
  await expect(items).toContainText("Baseline ALT/AST");
  await expect(items).not.toContainText("Prescription renewal");

  await searchPatients(s, justStarted.mrn);
  await s.getByRole("link", { name: justStarted.name }).click();
  await expect(s.getByTestId("pregnancy-review-needed")).toHaveText("Dermatologist review required before any further prescription.");
  await expect(s.getByTestId("do-not-dispense")).toHaveText("Do not dispense: prescribing is stopped until a dermatologist's review.");
  await expect(s.locator("main")).not.toContainText(RESULT_WORDS);
  await staff.close();
});

test("a result under a pregnancy test held as a test of its own is the dermatologist's review on their dashboard and worklist, not staff's", async ({
  browser,
}) => {
  const derm = await browser.newContext({ storageState: storageStateFor("DERMATOLOGIST") });
  const d = await derm.newPage();
  await d.goto("/dashboard");
  await expect(d.getByTestId("overdue-list").getByRole("listitem").filter({ hasText: unread.name })).toContainText("Dermatologist review");
  await expect((await worklistCard(d, unread)).getByTestId("open-items")).toContainText("Dermatologist review");
  await derm.close();

  const staff = await browser.newContext({ storageState: storageStateFor("STAFF") });
  const s = await staff.newPage();
  await worklistCard(s, unread);
  await expect(s.getByTestId("worklist-count")).toHaveText("0 patients");
  await searchPatients(s, unread.mrn);
  await s.getByRole("link", { name: unread.name }).click();
  await expect(s.getByTestId("pregnancy-status")).toContainText("prescribing stopped: dermatologist review");
  await expect(s.locator("main")).not.toContainText(RESULT_WORDS);
  await staff.close();
});
