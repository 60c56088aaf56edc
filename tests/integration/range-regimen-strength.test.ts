import { describe, expect, it } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { IDLE } from "@/lib/validation/action-result";
import { cannotBecomePregnantOnCourse, cannotBecomePregnantPatient } from "./dispense-hold-fixture";
import { sendConfirmed } from "./confirmations";
import { callAction, testDb, TODAY } from "./helpers";
import { courseForm, fresh, rxForm } from "./pregnancy-fixture";

/**
 * docs/DOMAIN.md "Regimens as written": a prescription names one strength and dispenses that strength only, its dose
 * per intake whole capsules of it. A range regimen ("20-30 mg daily") is taken at any dose within its bounds: on
 * 20 mg capsules, 30 mg (or 10 mg) cannot be taken, since a prescription dispenses nothing else. Such a prescription
 * is refused on the strength, as one whose planned dose the strength does not make is. Patients who cannot become
 * pregnant (no pregnancy test to arrange); today is 23 Nov 2026.
 */
const BOUNDS = [
  ["its highest dose", { mgPerIntake: "20", mgPerIntakeMax: "30" }],
  ["its lowest dose", { mgPerIntake: "20", mgPerIntakeMin: "10" }],
] as const;

describe("a range regimen's bounds on the strength a prescription names", () => {
  it.each(BOUNDS)("a course start on 20 mg capsules whose range reaches %s, not whole 20 mg capsules, is refused on the strength", async (_, range) => {
    const { p } = await cannotBecomePregnantPatient();
    const answer = await callAction(() => startCourseAction(IDLE, courseForm(p.id, TODAY, range)));
    expect(answer).toMatchObject({ state: { status: "error", fieldErrors: { capsuleStrengthMg: [expect.any(String)] } } });
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(0);
  });

  it.each(BOUNDS)("a prescription on 20 mg capsules whose range reaches %s, not whole 20 mg capsules, is refused on the strength", async (_, range) => {
    const { course } = await cannotBecomePregnantOnCourse("2026-11-01");
    // Confirmed as the prescriber would (the change of regimen it makes): it is refused all the same, before or after.
    const version = await fresh(course.id);
    const answer = await sendConfirmed(
      (ack) => writePrescriptionAction(IDLE, rxForm(version, TODAY, { ...range, reason: "Range regimen", ack })),
      ["PRESCRIPTION_CHANGES_REGIMEN"],
    );
    expect(answer).toMatchObject({ status: "error", fieldErrors: { capsuleStrengthMg: [expect.any(String)] } });
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);
  });
});
