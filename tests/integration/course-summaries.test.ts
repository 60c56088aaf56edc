import { describe, expect, it } from "vitest";
import { recordWeightAction, startCourseAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { getCourseSummaryPage } from "@/lib/data/course-summaries";
import { ensureDerivedDataFresh } from "@/lib/data/daily-refresh";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

const today = TODAY;

async function startedCourse() {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  const r = await callAction(() =>
    startCourseAction(IDLE, form({ patientId: p.id, indication: "ACNE_NODULAR", regimenIntent: "ALTERNATE_DAY", startDate: addDays(today, -30), targetMgPerKg: "120", startWeightKg: "60", product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", mgPerIntake: "20", pattern: "EVERY_N_DAYS", everyNDays: "2", counseled: "on" })),
  );
  expect(r).toMatchObject({ redirect: expect.any(String) });
  return { patient: p, course: await testDb().course.findFirstOrThrow({ where: { patientId: p.id } }) };
}

describe("stored course summaries (dashboard)", () => {
  it("equal the live engine after each write, and a completed course leaves the list", async () => {
    const { patient, course } = await startedCourse();
    const stored = async () => testDb().courseSummary.findUnique({ where: { courseId: course.id } });
    const live = async () => (await getPatientTreatment(patient.id, today)).courses[0]!.summary;
    let s = await stored();
    let l = await live();
    expect(s).toMatchObject({ totalMg: l.totalMg, remainingMg: l.remainingMg, regimen: "20 mg every other day" });
    expect(s!.mgPerKg).toBeCloseTo(l.mgPerKg, 9);
    expect(s!.totalMg).toBe(16 * 20); // days 0, 2, ..., 30

    actAs(await makeUser("NURSE"));
    await recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: today, weightKg: "50" }));
    s = await stored();
    l = await live();
    expect(s!.remainingMg).toBe(l.remainingMg);

    actAs(await makeUser("DERMATOLOGIST"));
    expect(await transitionCourseAction(IDLE, form({ courseId: course.id, version: String(course.version), transition: "COMPLETE", date: today, reason: "done" }))).toMatchObject({ status: "ok" });
    expect(await stored()).toBeNull();
    expect((await getCourseSummaryPage({ limit: 1000, offset: 0 })).rows.map((r) => r.courseId)).not.toContain(course.id);
  });

  it("rows computed on an earlier day are refreshed once, by the first request of the day", async () => {
    const { course } = await startedCourse();
    const db = testDb();
    await db.$executeRaw`UPDATE course_summaries SET as_of = as_of - 1, total_mg = 0`;
    const [first, second] = await Promise.all([ensureDerivedDataFresh(db, today), ensureDerivedDataFresh(db, today)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    const s = await db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id } });
    expect(s.asOf.toISOString().slice(0, 10)).toBe(today);
    expect(s.totalMg).toBe(320);
    expect(await ensureDerivedDataFresh(db, today)).toBe(false);
    const page = await getCourseSummaryPage({ limit: 5, offset: 0 });
    expect(page.rows.length).toBeLessThanOrEqual(5);
    expect(page.rows.map((r) => r.progressPercent)).toEqual([...page.rows.map((r) => r.progressPercent)].sort((a, b) => b - a));
  });
});
