import { afterEach, describe, expect, it } from "vitest";
import { refreshPatientCourseSummaries } from "@/lib/data/course-summaries";
import { DERIVED_RULES_REVISION, refreshAllDerivedData, runDailyRefresh } from "@/lib/data/daily-refresh";
import { addDays } from "@/lib/domain/dates";
import { makePatient, makeUser, testDb, TODAY } from "./helpers";
import { createCourse } from "./jobs-helpers";

/**
 * A patient's ended course counts in the lifetime mg/kg of her course in progress, but its total is final: the
 * daily pass does not sum it again. It changes only when one of its records is written (the write recomputes the
 * patient's summaries in its transaction), when a dosing version takes effect, or when the rules revision changes.
 * To see whether a pass summed it, its dose is changed behind the application's back: a pass that sums it again
 * counts the new dose, a pass that does not keeps the total it had.
 */
const day = (offset: number) => new Date(`${addDays(TODAY, offset)}T00:00:00Z`);
// Days after today, so that no settings version another test saved for today falls in between.
const FIRST = addDays(TODAY, 1);

afterEach(() => refreshAllDerivedData(testDb(), TODAY));

/**
 * 50 kg at each start. The ended course: 20 mg daily for 100 days (2,000 mg, 40 mg/kg), ended three months before
 * FIRST. The course in progress: 40 mg daily from 30 days before FIRST (1,240 mg on FIRST, 24.8 mg/kg; 40 mg more each day).
 */
async function patientWithEndedCourse() {
  const db = testDb();
  const derm = await makeUser("DERMATOLOGIST");
  const patient = await makePatient();
  const ended = await createCourse({ patientId: patient.id, dermatologistId: derm.id, status: "COMPLETED", startDate: day(-199), endDate: day(-100) });
  const current = await createCourse({ patientId: patient.id, dermatologistId: derm.id, status: "ACTIVE", startDate: day(-29) });
  for (const [course, mg] of [
    [ended, 20],
    [current, 40],
  ] as const)
    await db.doseChange.create({
      data: { courseId: course.id, effectiveFrom: course.startDate, mgPerIntake: mg, pattern: "DAILY", reason: "start", createdById: derm.id },
    });
  const summary = () => db.courseSummary.findUniqueOrThrow({ where: { courseId: current.id } });
  return { patient, ended, current, summary };
}

/** The ended course's dose, changed in the database alone: 30 mg daily, 3,000 mg, 60 mg/kg once summed again. */
const changeBehindTheApp = (courseId: string) => testDb().$executeRaw`UPDATE dose_changes SET mg_per_intake = 30 WHERE course_id = ${courseId}::uuid`;

describe("an ended course in the daily refresh", () => {
  it("is not summed again by the daily pass: its final total counts in the lifetime figure as the last computation left it", async () => {
    const db = testDb();
    const { ended, summary } = await patientWithEndedCourse();
    await refreshAllDerivedData(db, FIRST);
    const first = await summary();
    expect(first.totalMg).toBe(1240);
    expect(first.lifetimeMgPerKg).toBeCloseTo(40 + 24.8, 9);

    await changeBehindTheApp(ended.id);
    for (const [offset, totalMg] of [
      [1, 1280],
      [2, 1320],
    ] as const) {
      expect(await runDailyRefresh(db, addDays(FIRST, offset))).toMatchObject({ summariesFromStart: false });
      // The course in progress advanced; the ended course's 40 mg/kg kept (summed again, it would be 60 mg/kg).
      const s = await summary();
      expect(s.totalMg).toBe(totalMg);
      expect(s.lifetimeMgPerKg).toBeCloseTo(40 + totalMg / 50, 9);
    }

    // Under a new rules revision every course is summed from its start, the ended one too.
    await db.$executeRaw`UPDATE daily_refreshes SET rules_revision = ${DERIVED_RULES_REVISION - 1}`;
    expect(await runDailyRefresh(db, addDays(FIRST, 3))).toMatchObject({ summariesFromStart: true });
    expect((await summary()).lifetimeMgPerKg).toBeCloseTo(60 + 27.2, 9);
  });

  it("is summed again by a write to the patient's courses, and the next daily pass keeps what the write found", async () => {
    const db = testDb();
    const { patient, ended, summary } = await patientWithEndedCourse();
    await refreshAllDerivedData(db, FIRST);
    await changeBehindTheApp(ended.id);
    // The step every write to a course or a weight runs in its transaction (as of today: 1,200 mg, 24 mg/kg).
    await db.$transaction((tx) => refreshPatientCourseSummaries(tx, patient.id));
    expect((await summary()).lifetimeMgPerKg).toBeCloseTo(60 + 24, 9);
    expect(await runDailyRefresh(db, FIRST)).toMatchObject({ summariesFromStart: false });
    expect((await summary()).lifetimeMgPerKg).toBeCloseTo(60 + 24.8, 9);
  });
});
