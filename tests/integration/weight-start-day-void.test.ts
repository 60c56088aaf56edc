import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A weight entered in error counts for nothing (README "Lab results and weights entered in error": every figure
 * built on it, mg/kg included, is recomputed). The course-start weight is recorded as the start day's
 * measurement; voided as entered in error and recorded again with the right value, mg/kg divides by the right one.
 */
const today = TODAY;
const db = () => testDb();

describe("the course-start weight voided as entered in error", () => {
  it("mg/kg divides by the start day's weight recorded in its place, not by the voided one", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    const start = addDays(today, -19);
    // 90 kg typed for a patient of 60 kg; 40 mg daily for 20 days (start to today) = 800 mg.
    await startCourseFor(p.id, { startDate: start, startWeightKg: "90", mgPerIntake: "40" });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const typed = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, measuredOn: new Date(`${start}T00:00:00Z`) } });

    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await correctWeightAction(IDLE, form({ weightId: typed.id, reason: "Wrong patient's weight" }))).toMatchObject({ status: "ok" });
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: start, weightKg: "60" }))).toMatchObject({ status: "ok" });

    // No live weight of 90 kg is left on the chart.
    expect(await db().weightMeasurement.count({ where: { patientId: p.id, voidedAt: null, weightGrams: 90_000 } })).toBe(0);
    const shown = (await getPatientTreatment(CLINICIAN, p.id, today)).courses.find((c) => c.id === course.id)!;
    expect(shown.summary.totalMg).toBe(800);
    expect(shown.summary.mgPerKg).toBeCloseTo(800 / 60, 9);
    const stored = await db().courseSummary.findUniqueOrThrow({ where: { courseId: course.id } });
    expect(stored.mgPerKg).toBeCloseTo(800 / 60, 9);
  });
});
