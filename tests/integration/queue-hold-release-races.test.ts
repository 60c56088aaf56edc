import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attachHl7Results } from "@/lib/data/hl7-queue-attach";
import { rejectHl7Result } from "@/lib/data/hl7-queue-dismiss";
import { importHl7File } from "@/lib/data/import-hl7";
import { updatePatient } from "@/lib/data/patients";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { recordLabPanel } from "@/lib/data/record-lab-panel";
import { addDays } from "@/lib/domain/dates";
import { makePatient, makeUser, pregnancyTest, testDb, TODAY, until } from "./helpers";
import { hcg, oru } from "./hl7-helpers";
import { auditGate, waitingForLocks } from "./lock-helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/*
 * A laboratory's pregnancy test waiting in the queue holds a patient's prescribing (holdsPatientId), and the
 * patient's stored items follow: no prescription renewal while it holds her, the renewal back once it is filed.
 * These cases file the test while another write changes whom it holds, or while another write for the held
 * patient is under way.
 */
const STAFF = { role: "STAFF" as const };

/** A course started 30 days ago on one 30-day prescription, a negative test yesterday: the renewal is due today. */
async function renewalDueToday() {
  const fixture = await patientOnCourse(addDays(TODAY, -30));
  await pregnancyTest(fixture.p.id, addDays(TODAY, -1), fixture.derm.id);
  return fixture;
}

const storedRenewals = async (patientId: string) =>
  (await testDb().monitoringItemRow.findMany({ where: { patientId, kind: "RX_RENEWAL" }, select: { dueDate: true } })).map((i) =>
    i.dueDate.toISOString().slice(0, 10),
  );

/** A positive urine test for an MRN no patient has: it waits, holding no one. */
async function waitingPositiveFor(mrn: string, nurse: { id: string; role: "NURSE" }) {
  const controlId = `QR-${randomUUID().slice(0, 8)}`;
  const imported = await importHl7File({ kind: "UPLOAD", user: nurse }, oru(controlId, mrn, [hcg("Positive", "F")]), TODAY);
  expect(imported.messages[0]).toMatchObject({ queued: 1 });
  return testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
}

/** An MRN edit of the patient to `mrn` (lib/data/patients.ts updatePatient), as the edit form sends it. */
async function editMrn(nurse: { id: string; role: "NURSE" }, p: { id: string; firstName: string; lastName: string }, mrn: string) {
  const { version } = await testDb().patient.findUniqueOrThrow({ where: { id: p.id }, select: { version: true } });
  const details = { mrn, firstName: p.firstName, lastName: p.lastName, dateOfBirth: "2000-01-01", sexAtBirth: "FEMALE" as const };
  return updatePatient(nurse, p.id, version, { ...details, indication: "ACNE_NODULAR", phone: undefined, email: undefined });
}

describe("a waiting pregnancy test filed while an MRN edit makes it hold a patient", () => {
  it("dismissed: the patient it held is not left without her renewal once nothing stops her prescribing", async () => {
    const { derm, p } = await renewalDueToday();
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const mrn = `QR-${randomUUID().slice(0, 8)}`;
    const entry = await waitingPositiveFor(mrn, nurse);
    expect(await storedRenewals(p.id)).toEqual([TODAY]);

    const gate = await auditGate();
    // The MRN edit makes the waiting test hold her (and recomputes her items), then waits to write its audit row.
    const edit = editMrn(nurse, p, mrn);
    await until(async () => (await waitingForLocks()) === 1, "the edit to wait for the audit chain's lock");
    // The dismissal reads the entry (no hold committed yet), then waits for the edit's row lock on it.
    const dismissal = rejectHl7Result({ id: derm.id, role: "DERMATOLOGIST" }, { entryId: entry.id, reason: "Another person's test" });
    await until(async () => (await waitingForLocks()) === 2, "the dismissal to wait for the entry's row");
    await gate.open();
    await Promise.all([edit, dismissal]);

    expect(await testDb().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ status: "REJECTED", holdsPatientId: p.id });
    // Nothing stops her prescribing any more...
    expect((await getPregnancyOverview(STAFF, p.id, TODAY))!.prescribingStopped).toBe(false);
    // ...so the renewal the edit took off her stored items must be back.
    expect(await storedRenewals(p.id)).toEqual([TODAY]);
  });

  it("attached to another patient: the patient it held is not left without her renewal", async () => {
    const { p } = await renewalDueToday();
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const mrn = `QR-${randomUUID().slice(0, 8)}`;
    const entry = await waitingPositiveFor(mrn, nurse);

    const gate = await auditGate();
    const edit = editMrn(nurse, p, mrn);
    await until(async () => (await waitingForLocks()) === 1, "the edit to wait for the audit chain's lock");
    // The attach reads the entry (no hold committed yet), records the result on the other patient's chart, and
    // waits for the audit chain's lock behind the edit.
    const attach = attachHl7Results(nurse, { entryIds: [entry.id], mrn: other.mrn, birthDate: "2000-01-01" }, TODAY);
    await until(async () => (await waitingForLocks()) === 2, "the attach to wait");
    await gate.open();
    await Promise.all([edit, attach]);

    expect(await testDb().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ status: "ATTACHED", holdsPatientId: p.id });
    expect((await getPregnancyOverview(STAFF, p.id, TODAY))!.prescribingStopped).toBe(false);
    expect(await storedRenewals(p.id)).toEqual([TODAY]);
  });
});

describe("a waiting pregnancy test attached to another patient while a write for the patient it holds is under way", () => {
  it("both writes complete: the attach does not wait for the held patient's derived data while holding the audit chain", async () => {
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    // Held: the MRN's patient, whose date of birth the message does not give (DOB_MISMATCH holds her).
    const held = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const controlId = `QR-${randomUUID().slice(0, 8)}`;
    await importHl7File({ kind: "UPLOAD", user: nurse }, oru(controlId, held.mrn, [hcg("Positive", "F")], { dob: "19991231" }), TODAY);
    const entry = await testDb().hl7QueueEntry.findFirstOrThrow({ where: { message: { controlId } } });
    expect(entry).toMatchObject({ status: "PENDING", patientId: null, holdsPatientId: held.id });
    const tg = await testDb().labTest.findFirstOrThrow({ where: { code: "2571-8" } });

    const gate = await auditGate();
    // A nurse attaches the test to the patient it belongs to: saving it takes that patient's locks, then waits
    // for the audit chain's lock.
    const attach = attachHl7Results(nurse, { entryIds: [entry.id], mrn: other.mrn, birthDate: "2000-01-01" }, TODAY).then(
      () => "attached",
      (e: Error) => `attach refused: ${e.message}`,
    );
    await until(async () => (await waitingForLocks()) === 1, "the attach to wait for the audit chain's lock");
    // Meanwhile another nurse records a triglyceride for the held patient: her row, her derived data, then the
    // audit chain's lock (the order of lib/data/locks.ts).
    const entryForHeld = recordLabPanel(
      nurse,
      { patientId: held.id, submissionId: randomUUID(), specimenDate: TODAY, values: [{ labTestId: tg.id, value: "120", unit: "mg/dL" }] },
      TODAY,
    ).then(
      () => "recorded",
      (e: Error) => `entry refused: ${e.message}`,
    );
    await until(async () => (await waitingForLocks()) === 2, "the entry for the held patient to wait");
    await gate.open();
    expect(await Promise.all([attach, entryForHeld])).toEqual(["attached", "recorded"]);
  });
});
