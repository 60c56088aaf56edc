import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A weight entered in error counts for nothing (README "Lab results and weights entered in error"). The
 * course-start weight is recorded as the start day's measurement and copied to the course, which its mg/kg
 * divides by: voiding that entry would leave the course dividing by a weight no longer on the chart, so it
 * is corrected to the right value instead, and a duplicate entry of it may still be voided.
 */
const today = TODAY;
const db = () => testDb();

/**
 * A second live entry of a day, as one recorded before the entry of a day that has a weight asked to replace
 * it (the form now asks, lib/domain/weight-entry.ts), or arriving in a file of weights.
 */
const secondEntry = (patientId: string, day: string, weightGrams: number, enteredById: string) =>
  db().weightMeasurement.create({ data: { patientId, measuredOn: new Date(`${day}T00:00:00Z`), weightGrams, enteredById } });

/**
 * 40 mg daily from 19 days ago to today (20 days, 800 mg) at 90 kg, recorded as the start day's measurement,
 * and a nurse's second entry of 90 kg for that day (`twin`); the nurse is signed in after.
 */
async function startWeightTwice() {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  const start = addDays(today, -19);
  await startCourseFor(p.id, { startDate: start, startWeightKg: "90", mgPerIntake: "40" });
  const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
  const startEntry = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  const twin = await secondEntry(p.id, start, 90_000, nurse.id);
  return { p, start, course, startEntry, twin };
}

describe("the course-start weight entered in error", () => {
  it("is corrected, not voided; mg/kg then divides by the corrected weight", async () => {
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
    expect(await correctWeightAction(IDLE, form({ weightId: typed.id, reason: "Wrong patient's weight" }))).toMatchObject({
      status: "error",
      fieldErrors: { weightKg: [expect.stringContaining("start weight of a course")] },
    });
    expect(await db().weightMeasurement.findUniqueOrThrow({ where: { id: typed.id } })).toMatchObject({ voidedAt: null });

    // The same weight entered twice for the start day: the duplicate may go. (Entered by hand now, the
    // second is asked to replace the first instead.)
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: start, weightKg: "90" }))).toMatchObject({ status: "confirm" });
    const twin = await secondEntry(p.id, start, 90_000, nurse.id);
    expect(await correctWeightAction(IDLE, form({ weightId: twin.id, reason: "Entered twice" }))).toMatchObject({ status: "ok" });

    // Nor moved to another day: the course's first day would keep no entry of the weight it divides by.
    expect(await correctWeightAction(IDLE, form({ weightId: typed.id, weightKg: "60", measuredOn: addDays(start, 1), reason: "Wrong day" }))).toMatchObject({
      status: "error",
      fieldErrors: { measuredOn: [expect.stringContaining("not its date")] },
    });
    expect(await correctWeightAction(IDLE, form({ weightId: typed.id, weightKg: "60", reason: "Wrong patient's weight" }))).toMatchObject({ status: "ok" });
    expect(await db().weightMeasurement.count({ where: { patientId: p.id, voidedAt: null, weightGrams: 90_000 } })).toBe(0);
    const shown = (await getPatientTreatment(CLINICIAN, p.id, today)).courses.find((c) => c.id === course.id)!;
    expect(shown.summary.totalMg).toBe(800);
    expect(shown.summary.mgPerKg).toBeCloseTo(800 / 60, 9);
    const stored = await db().courseSummary.findUniqueOrThrow({ where: { courseId: course.id } });
    expect(stored.mgPerKg).toBeCloseTo(800 / 60, 9);
  });

  it("a duplicate start-day entry moved to another day leaves the course's start weight as the entry still on that day records it", async () => {
    // The nurse's 90 kg for the start day was in fact 88 kg, measured the week before.
    const { p, start, course, twin } = await startWeightTwice();
    expect(
      await correctWeightAction(IDLE, form({ weightId: twin.id, weightKg: "88", measuredOn: addDays(start, -7), reason: "Measured the week before" })),
    ).toMatchObject({ status: "ok" });

    // The start day still records 90 kg (the course's own entry, untouched): the course divides by it.
    const live = await db().weightMeasurement.findMany({ where: { patientId: p.id, voidedAt: null }, orderBy: { measuredOn: "asc" } });
    expect(live.map((w) => [w.measuredOn.toISOString().slice(0, 10), w.weightGrams])).toEqual([
      [addDays(start, -7), 88_000],
      [start, 90_000],
    ]);
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).startWeightGrams).toBe(90_000);
    // 800 mg / 90 kg = 8.888...
    expect((await db().courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).mgPerKg).toBeCloseTo(800 / 90, 9);
  });

  it("a duplicate start-day entry corrected on that day leaves the start weight to the entry still recording it", async () => {
    const { course, startEntry, twin } = await startWeightTwice();
    // The second entry was mistyped, 70 kg on the sheet: the course's own 90 kg entry stays on the day. Nothing is
    // asked: a correction is compared with the weights of other days (none here), not with another entry of its own.
    expect(await correctWeightAction(IDLE, form({ weightId: twin.id, weightKg: "70", reason: "Typed on the wrong line" }))).toMatchObject({
      status: "ok",
    });
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).startWeightGrams).toBe(90_000);
    // Now the only entry of 90 kg on the start day: its correction is the course's start weight. 800 mg / 60 kg = 13.333...
    expect(await correctWeightAction(IDLE, form({ weightId: startEntry.id, weightKg: "60", reason: "Wrong patient's weight" }))).toMatchObject({
      status: "ok",
    });
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).startWeightGrams).toBe(60_000);
    expect((await db().courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).mgPerKg).toBeCloseTo(800 / 60, 9);
  });
});
