import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getPatientHeader } from "@/lib/data/patient-header";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/** 10 mg daily from 2026-11-14 at 50 kg: days 0..9 through 23 Nov = 100 mg = 2.0 mg/kg of 120 (1.67 %). */
async function patientOnCourseWithCriticalTg() {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, { regimenIntent: "LOW_DOSE", startDate: "2026-11-14", startWeightKg: "50", capsuleStrengthMg: "10", mgPerIntake: "10" });
  const tg = await testDb().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
  // 900 mg/dL: at or above 800 is critical (lib/domain/monitoring/flags.ts).
  const r = await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-20", [`value:${tg.id}`]: "900" }));
  expect(r).toMatchObject({ status: "ok" });
  return p;
}

describe("the patient header", () => {
  it("gives a clinician the age, the course in progress with its mg/kg and the critical result to review", async () => {
    const p = await patientOnCourseWithCriticalTg();
    const h = await getPatientHeader({ role: "NURSE" }, p.id, TODAY);
    // Born 2000-01-01: 26 on 2026-11-23.
    expect(h).toMatchObject({ id: p.id, mrn: p.mrn, dateOfBirth: "2000-01-01", age: 26, pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    expect(h!.clinical!.activeCourse).toMatchObject({ status: "ACTIVE", targetMgPerKg: 120, asOf: TODAY });
    expect(h!.clinical!.activeCourse!.mgPerKg).toBeCloseTo(2, 6);
    expect(h!.clinical!.activeCourse!.progressPercent).toBeCloseTo(1.666667, 5);
    expect(h!.clinical!.criticalAlerts).toEqual([{ id: expect.any(String), test: "Triglycerides", specimenDate: "2026-11-20" }]);
  });

  it("gives office staff identity and category only, and refuses administrators", async () => {
    const p = await patientOnCourseWithCriticalTg();
    const h = await getPatientHeader({ role: "STAFF" }, p.id, TODAY);
    expect(h).toEqual({
      id: p.id,
      firstName: "Test",
      lastName: "Patient",
      mrn: p.mrn,
      dateOfBirth: "2000-01-01",
      age: 26,
      sexAtBirth: "FEMALE",
      pregnancyCategory: "CANNOT_BECOME_PREGNANT",
      clinical: null,
    });
    await expect(getPatientHeader({ role: "ADMIN" }, p.id, TODAY)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers null for a patient that does not exist", async () => {
    expect(await getPatientHeader({ role: "DERMATOLOGIST" }, randomUUID(), TODAY)).toBeNull();
  });
});
