import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { startCourseForm } from "./course-fixture";

/**
 * A course started with the target left empty takes the default of its indication and regimen (docs/DOMAIN.md
 * "Targets"): acne 120 mg/kg; rosacea, maintenance and other indications none. A target typed in is kept, on a
 * maintenance or rosacea course too ("The dermatologist may still set a target").
 */
async function started(fields: Record<string, string>) {
  actAs(await makeUser("DERMATOLOGIST"));
  const patient = await makePatient();
  const form = startCourseForm(patient.id, { startDate: "2026-11-09", startWeightKg: "60", mgPerIntake: "20", ...fields });
  expect(await callAction(() => startCourseAction(IDLE, form))).toEqual({ redirect: `/patients/${patient.id}` });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } });
  const { summary } = (await getPatientTreatment(CLINICIAN, patient.id, TODAY)).courses[0]!;
  return { target: course.targetMgPerKg, remainingMg: summary.remainingMg, projected: summary.projectedTargetDate };
}

describe("a course started with the target left empty", () => {
  it.each([
    // [indication, regimen, stored target]
    ["ACNE_NODULAR", "STANDARD", 120],
    ["ACNE_SCARRING", "MICRO_DOSE", 120],
    ["ACNE_NODULAR", "MAINTENANCE", null],
    ["ROSACEA", "STANDARD", null],
    ["ROSACEA", "LOW_DOSE", null],
    ["OTHER", "STANDARD", null],
  ])("%s, %s: %s mg/kg", async (indication, regimenIntent, target) => {
    const course = await started({ indication, regimenIntent, targetMgPerKg: "" });
    expect(course.target).toBe(target);
    if (target === null) expect([course.remainingMg, course.projected]).toEqual([0, null]);
  });

  it("an acne course on maintenance has no target, no remaining mg and no projected date", async () => {
    // 20 mg daily from 9 Nov to today, 15 days: 300 mg. At 120 mg/kg it would show 6,900 mg to go.
    expect(await started({ indication: "ACNE_NODULAR", regimenIntent: "MAINTENANCE", targetMgPerKg: "" })).toEqual({
      target: null,
      remainingMg: 0,
      projected: null,
    });
  });

  it("a target typed in is kept, on a maintenance or rosacea course too", async () => {
    // 7,200 mg at 60 kg, 300 taken: 6,900 mg to go.
    expect(await started({ indication: "ACNE_NODULAR", regimenIntent: "MAINTENANCE", targetMgPerKg: "120" })).toMatchObject({ target: 120, remainingMg: 6900 });
    expect(await started({ indication: "ROSACEA", regimenIntent: "STANDARD", targetMgPerKg: "60" })).toMatchObject({ target: 60, remainingMg: 3300 });
  });
});
