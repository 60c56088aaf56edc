import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordWeightAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { refreshPatientCourseSummaries } from "@/lib/data/course-summaries";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { runDailyRefresh } from "@/lib/data/daily-refresh";
import { RefreshUnderWay } from "@/lib/data/refresh-lease";
import { recordLabPanel } from "@/lib/data/labs";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makePatient, makeUser, testDb, TODAY, CLINICIAN } from "./helpers";
import { patientOnCourse, startedAlternateDayCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";

const today = TODAY; // 2026-11-23
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** 20 mg every other day from 2026-10-24 (30 days ago), 60 kg, target 120 mg/kg = 7,200 mg. */
const startedCourse = startedAlternateDayCourse;

/** The stored summary with its dates as calendar days. */
async function storedSummary(courseId: string) {
  const s = await testDb().courseSummary.findUnique({ where: { courseId } });
  if (!s) return null;
  const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
  return { ...s, asOf: iso(s.asOf), projectedTargetDate: iso(s.projectedTargetDate), targetReachedOn: iso(s.targetReachedOn) };
}

describe("stored course summaries (dashboard)", () => {
  it("equal the live engine after each write, and a completed course leaves the list", async () => {
    const { patient, course } = await startedCourse();
    const live = async () => (await getPatientTreatment(CLINICIAN, patient.id, today)).courses[0]!.summary;
    // Days 0, 2, ..., 30: 16 doses = 320 mg = 5.33 mg/kg (4.44 % of 120); 6,880 mg = 344 doses to go, the
    // last on day 718 (2028-10-11). Last 28 days: 14 doses = 280 mg / 28 / 60 kg = 0.1667 mg/kg/day.
    let s = await storedSummary(course.id);
    expect(s).toMatchObject({
      asOf: "2026-11-23",
      status: "ACTIVE",
      totalMg: 320,
      remainingMg: 6880,
      targetMgPerKg: 120,
      regimen: "20 mg every other day",
      projectedTargetDate: "2028-10-11",
      targetReachedOn: null,
      doseClass: "low",
    });
    expect(s!.mgPerKg).toBeCloseTo(5.333333, 6);
    expect(s!.progressPercent).toBeCloseTo(4.444444, 6);
    expect(s!.avgMgPerKgPerDay28).toBeCloseTo(0.166667, 6);
    const l = await live();
    expect([l.totalMg, l.remainingMg, l.projectedTargetDate]).toEqual([320, 6880, "2028-10-11"]);

    // A weight of 50 kg: the total still divides by the start weight; the 28-day average counts each day at its own
    // weight, today's dose (day 30) at 50 kg, the 13 before it in the window at 60 kg.
    actAs(await makeUser("NURSE"));
    expect(await recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: today, weightKg: "50" }))).toMatchObject({ status: "ok" });
    s = await storedSummary(course.id);
    expect(s).toMatchObject({ totalMg: 320, remainingMg: 6880, doseClass: "low" });
    expect(s!.avgMgPerKgPerDay28).toBeCloseTo(0.169048, 6); // (13 x 20 / 60 + 20 / 50) / 28, not 280 / 28 / 50 = 0.2
    expect((await live()).avgMgPerKgPerDay28).toBeCloseTo(0.169048, 6);

    actAs(await makeUser("DERMATOLOGIST"));
    expect(
      await sendConfirmed(
        (ack) =>
          transitionCourseAction(
            IDLE,
            form({ ack, courseId: course.id, version: String(course.version), transition: "COMPLETE", date: today, reason: "done" }),
          ),
        ["COMPLETED_BELOW_TARGET"],
      ),
    ).toMatchObject({ status: "ok" });
    expect(await storedSummary(course.id)).toBeNull();
    expect((await getCourseSummaryPage(CLINICIAN, { limit: 1000, offset: 0 })).rows.map((r) => r.courseId)).not.toContain(course.id);
  });

  it("rows computed on an earlier day are refreshed once, by the first request of the day", async () => {
    const { course } = await startedCourse();
    const db = testDb();
    // This course's row as the day before left it (other tests may have moved the clinic's refresh to a later day).
    await db.$executeRaw`UPDATE course_summaries SET as_of = as_of - 1, total_mg = 0 WHERE course_id = ${course.id}::uuid`;
    // Two at once: one does the work; the other finds it done (null) or still held, and stands aside with why
    // (RefreshUnderWay: a job is retried).
    const runs = await Promise.allSettled([runDailyRefresh(db, today), runDailyRefresh(db, today)]);
    expect(runs.filter((r) => r.status === "fulfilled" && r.value !== null)).toHaveLength(1);
    for (const r of runs) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(RefreshUnderWay);
    expect(await storedSummary(course.id)).toMatchObject({ asOf: "2026-11-23", totalMg: 320, remainingMg: 6880 });
    expect(await db.courseSummary.count({ where: { asOf: { lt: day(today) } } })).toBe(0);
    expect(await runDailyRefresh(db, today)).toBeNull();
  });

  it("the dashboard pages through the courses furthest along first, exactly as many as asked", async () => {
    const db = testDb();
    const derm = await makeUser("DERMATOLOGIST");
    // Six courses far past any real one: 10 kg, target 1 mg/kg (10 mg), X mg daily from 2026-10-24 to today
    // (31 days): 31 X mg = 3.1 X mg/kg = 310 X %, reached on the first day; past it, none is projected.
    const arranged: Record<number, string> = {};
    for (const mg of [30, 10, 60, 20, 50, 40]) {
      const patient = await makePatient();
      const course = await db.course.create({
        data: {
          patientId: patient.id,
          dermatologistId: derm.id,
          indication: "ACNE_NODULAR",
          regimenIntent: "STANDARD",
          startDate: day("2026-10-24"),
          startWeightGrams: 10_000,
          targetMgPerKg: 1,
        },
      });
      await db.doseChange.create({
        data: { courseId: course.id, effectiveFrom: day("2026-10-24"), mgPerIntake: mg, pattern: "DAILY", reason: "test", createdById: derm.id },
      });
      await db.$transaction((tx) => refreshPatientCourseSummaries(tx, patient.id));
      arranged[mg] = course.id;
    }
    const page = await getCourseSummaryPage(CLINICIAN, { limit: 5, offset: 0 });
    expect(page.rows.map((r) => [r.courseId, r.progressPercent, r.mgPerKg, r.remainingMg, r.targetReachedOn, r.projectedTargetDate])).toEqual([
      [arranged[60], 18_600, 186, 0, "2026-10-24", null],
      [arranged[50], 15_500, 155, 0, "2026-10-24", null],
      [arranged[40], 12_400, 124, 0, "2026-10-24", null],
      [arranged[30], 9_300, 93, 0, "2026-10-24", null],
      [arranged[20], 6_200, 62, 0, "2026-10-24", null],
    ]);
    expect(page.rows.map((r) => r.doseClass)).toEqual(["high", "high", "high", "high", "high"]);
    const next = await getCourseSummaryPage(CLINICIAN, { limit: 1, offset: 5 });
    expect(next.rows.map((r) => [r.courseId, r.progressPercent, r.doseClass])).toEqual([[arranged[10], 3_100, "standard"]]); // 1.0 mg/kg/day
    // The counts cover every stored course, not the page.
    expect(page.total).toBe(await db.courseSummary.count());
    expect(page.nearTarget).toBe(await db.courseSummary.count({ where: { progressPercent: { gte: 90 } } }));
    expect(next.total).toBe(page.total);
  });
});

describe("the dashboard's course rows and a pregnancy test awaiting review", () => {
  it("marks a course whose patient has a pregnancy test awaiting a dermatologist's decision, and only then", async () => {
    const { p, courseId } = await patientOnCourse();
    const nurse = await makeUser("NURSE");
    const row = async () => {
      const page = await getCourseSummaryPage({ role: "DERMATOLOGIST" }, { limit: 10_000, offset: 0 }, { key: "patient", dir: "asc" });
      return page.rows.find((r) => r.courseId === courseId)!;
    };
    expect((await row()).pregnancyReview).toBe(false);
    const hcg = await testDb().labTest.findFirstOrThrow({ where: { code: "2106-3" } });
    const entry = { patientId: p.id, submissionId: randomUUID(), specimenDate: TODAY, pregnancyTestSetting: "OFFICE" as const };
    await recordLabPanel({ id: nurse.id, role: "NURSE" }, { ...entry, values: [{ labTestId: hcg.id, value: "POSITIVE" }] }, TODAY);
    expect((await row()).pregnancyReview).toBe(true);
  });
});
