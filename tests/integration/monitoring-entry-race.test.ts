import { describe, expect, it } from "vitest";
import { addOutreachNotes } from "@/lib/data/add-outreach-note";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { waiveItem } from "@/lib/data/waive-item";
import { addDays } from "@/lib/domain/dates";
import { startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { liverPanel, writeBehindLock } from "./lock-helpers";

/**
 * A waiver or an outreach note names an item that is still open, checked inside its transaction once it
 * holds the patient's derived-data lock, which a write completing the item holds until it commits. Here
 * the test's own transaction holds that lock, lets the waiver or note start and wait for it, then records
 * the baseline liver panel that completes the item and commits: the waiver or note is then refused.
 */

async function patientWithOpenLiverItem() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const patient = await makePatient();
  await startCourseFor(patient.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "40" });
  const liver = (await getPatientMonitoring(CLINICIAN, patient.id, TODAY)).find((i) => i.kind === "BASELINE_LIVER")!;
  expect(liver.status).toBe("OVERDUE");
  return { derm: { id: derm.id, role: "DERMATOLOGIST" as const }, patient, itemKey: liver.key };
}

const COMPLETED = "That monitoring item is already completed; nothing was recorded.";

describe("a waiver or an outreach note beside a result completing its item", () => {
  it("refuses the waiver when the result commits while the waiver waits for the patient's lock", async () => {
    const { derm, patient, itemKey } = await patientWithOpenLiverItem();
    const waiver = () => waiveItem(derm, { patientId: patient.id, itemKey, reason: "Done at an outside lab" }, TODAY);
    expect(await writeBehindLock(patient.id, waiver, liverPanel(patient.id, derm.id))).toEqual({ refused: COMPLETED });
    expect(await testDb().monitoringWaiver.count({ where: { patientId: patient.id } })).toBe(0);
    expect((await getPatientMonitoring(CLINICIAN, patient.id, TODAY)).find((i) => i.key === itemKey)).toMatchObject({ status: "COMPLETED", waiver: null });
  });

  it("refuses the outreach note when the result commits while the note waits for the patient's lock", async () => {
    const { derm, patient, itemKey } = await patientWithOpenLiverItem();
    const note = async () => {
      await addOutreachNotes(derm, { patientId: patient.id, itemKeys: [itemKey], outcome: "NO_ANSWER", note: "Called" }, TODAY);
    };
    expect(await writeBehindLock(patient.id, note, liverPanel(patient.id, derm.id))).toEqual({ refused: COMPLETED });
    expect(await testDb().outreachNote.count({ where: { patientId: patient.id } })).toBe(0);
  });

  it("records the waiver and the note once the lock is free when nothing completed the item meanwhile", async () => {
    const { derm, patient, itemKey } = await patientWithOpenLiverItem();
    const nothing = async () => {};
    const note = async () => {
      await addOutreachNotes(derm, { patientId: patient.id, itemKeys: [itemKey], outcome: "NO_ANSWER", note: "Called" }, TODAY);
    };
    expect(await writeBehindLock(patient.id, note, nothing)).toEqual({ value: undefined });
    const waiver = () => waiveItem(derm, { patientId: patient.id, itemKey, reason: "Done at an outside lab" }, TODAY);
    expect(await writeBehindLock(patient.id, waiver, nothing)).toEqual({ value: undefined });
    expect((await getPatientMonitoring(CLINICIAN, patient.id, TODAY)).find((i) => i.key === itemKey)).toMatchObject({ status: "WAIVED" });
  });
});
