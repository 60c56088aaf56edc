import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { CourseCard } from "@/app/(portal)/patients/[patientId]/_components/course-card";
import { recordPaperCourseAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { runDailyRefresh } from "@/lib/data/daily-refresh";
import { getPatientHeader } from "@/lib/data/patient-header";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { paperCourseForm, startCourseFor } from "./course-fixture";
import { actAs, callAction, CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * docs/DOMAIN.md "Targets", lifetime: at or past the target the card warns and shows no remaining dose, and the
 * portal makes the lifetime figure impossible to miss. A patient on a course in progress whose lifetime total
 * is past the course's target because of a course from paper records: every screen gives the same answer.
 *
 * The course in progress: 10 mg three times a week from Tue 27 Oct 2026 at 60 kg, target 120 mg/kg. Three doses
 * in each 7-day block (its days 0, 3 and 5) over days 0..27 (27 Oct .. 23 Nov, today): 12 doses = 120 mg =
 * 2 mg/kg, 1.67 % of 120. Alone, 118 mg/kg x 60 kg = 7,080 mg remain, 708 doses: with 3 a week the 720th dose
 * is the last of week 239, day 239 x 7 + 5 = 1,678, 1 Jun 2031.
 * From paper records, its total only: 7,140 mg at 60 kg = 119 mg/kg, 6 Jan .. 30 Jun 2020. Lifetime 7,260 mg,
 * 2 + 119 = 121 mg/kg = 100.83 % of 120: past the target.
 */
const TOTAL_ONLY = { startDate: "2020-01-06", endDate: "2020-06-30", weightKg: "60", totalMg: "7140", note: "Previous dermatologist letter" };

async function patientPastLifetimeTarget() {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, {
    regimenIntent: "MICRO_DOSE",
    startDate: "2026-10-27",
    startWeightKg: "60",
    capsuleStrengthMg: "10",
    mgPerIntake: "10",
    pattern: "TIMES_PER_WEEK",
    timesPerWeek: "3",
  });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
  return { p, courseId: course.id };
}

const recordPaper = (patientId: string) => callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(patientId, TOTAL_ONLY)));

async function dashboard(courseId: string) {
  const page = await getCourseSummaryPage(CLINICIAN, { limit: 10_000, offset: 0 });
  return { nearTarget: page.nearTarget, row: page.rows.find((r) => r.courseId === courseId)! };
}

describe("a lifetime total past the course's target, on every screen", () => {
  it("the dashboard's row and its count of courses near or past their target", async () => {
    const { p, courseId } = await patientPastLifetimeTarget();
    const before = await dashboard(courseId);
    expect(before.row).toMatchObject({ remainingMg: 7080, projectedTargetDate: "2031-06-01", targetMgPerKg: 120 });
    expect(before.row.mgPerKg).toBeCloseTo(2, 9);
    expect(before.row.lifetimeMgPerKg).toBeCloseTo(2, 9);
    expect(before.row.progressPercent).toBeCloseTo(1.666667, 5);
    expect(before.row.standing).toMatchObject({ kind: "TOWARDS", near: false });

    expect(await recordPaper(p.id)).toEqual({ redirect: `/patients/${p.id}` });
    const after = await dashboard(courseId);
    expect(after.row).toMatchObject({ remainingMg: 0, projectedTargetDate: null, targetReachedOn: null });
    expect(after.row.mgPerKg).toBeCloseTo(2, 9);
    expect(after.row.lifetimeMgPerKg).toBeCloseTo(121, 9);
    expect(after.row.progressPercent).toBeCloseTo(100.833333, 5);
    expect(after.row.standing).toMatchObject({ kind: "PAST", byOtherCourses: true, reachedOn: null });
    // The patient's course now counts among those near or past their target.
    expect(after.nearTarget).toBe(before.nearTarget + 1);
  });

  it("sorted by target date, a course past the target by the lifetime total comes before every date to come, and after them backwards", async () => {
    // Another patient on the same course without the paper record: heading for 1 Jun 2031.
    const heading = await patientPastLifetimeTarget();
    const { p, courseId } = await patientPastLifetimeTarget();
    expect(await recordPaper(p.id)).toEqual({ redirect: `/patients/${p.id}` });
    const order = async (dir: "asc" | "desc") => {
      const { rows } = await getCourseSummaryPage(CLINICIAN, { limit: 100_000, offset: 0 }, { key: "target", dir });
      const at = rows.findIndex((r) => r.courseId === courseId);
      return { before: rows.slice(0, at), after: rows.slice(at + 1) };
    };
    // Soonest first: only courses past their target before it; every course still heading for a date after it.
    const asc = await order("asc");
    expect(asc.before.filter((r) => r.standing.kind !== "PAST")).toEqual([]);
    expect(asc.after.map((r) => r.courseId)).toContain(heading.courseId);
    // Latest first: every course with a date to come before it; after it, only those past or with no date.
    const desc = await order("desc");
    expect(desc.after.filter((r) => r.projectedTargetDate !== null)).toEqual([]);
    expect(desc.before.map((r) => r.courseId)).toContain(heading.courseId);
  });

  it("the daily refresh, advancing the stored row, keeps the lifetime total", async () => {
    const { p, courseId } = await patientPastLifetimeTarget();
    expect(await recordPaper(p.id)).toEqual({ redirect: `/patients/${p.id}` });
    const db = testDb();
    // The row as yesterday's refresh would have left it, without the paper course's share.
    await db.$executeRaw`UPDATE course_summaries SET as_of = as_of - 1, lifetime_mg_per_kg = mg_per_kg, progress_percent = 0 WHERE course_id = ${courseId}::uuid`;
    await runDailyRefresh(db, TODAY);
    const { row } = await dashboard(courseId);
    expect(row.lifetimeMgPerKg).toBeCloseTo(121, 9);
    expect(row.standing).toMatchObject({ kind: "PAST" });
    expect(row.projectedTargetDate).toBeNull();
  });

  it("the patient's header gives the lifetime figure against the target", async () => {
    const { p } = await patientPastLifetimeTarget();
    expect(await recordPaper(p.id)).toEqual({ redirect: `/patients/${p.id}` });
    const active = (await getPatientHeader({ role: "NURSE" }, p.id, TODAY))!.clinical!.activeCourse!;
    expect(active).toMatchObject({ status: "ACTIVE", targetMgPerKg: 120 });
    expect(active.mgPerKg).toBeCloseTo(2, 9);
    expect(active.lifetimeMgPerKg).toBeCloseTo(121, 9);
    expect(active.progressPercent).toBeCloseTo(100.833333, 5);
    expect(active.standing).toMatchObject({ kind: "PAST", byOtherCourses: true });
  });

  it("the course card: no remaining dose, no target date, no projection in its chart, and the course's indication", async () => {
    const { p, courseId } = await patientPastLifetimeTarget();
    expect(await recordPaper(p.id)).toEqual({ redirect: `/patients/${p.id}` });
    const t = await getPatientTreatment(CLINICIAN, p.id, TODAY);
    const course = t.courses.find((c) => c.id === courseId)!;
    const html = renderToStaticMarkup(createElement(CourseCard, { course, lifetime: t.lifetime }));
    expect(html).toContain("None: lifetime total past target");
    expect(html).toContain('data-testid="lifetime-warning"');
    expect(html).not.toContain("the target is reached on");
    expect(html).not.toContain("Projected");
    // 7,260 mg and 121.0 mg/kg over the course's 120.
    expect(html).toContain("The lifetime total (7,260 mg, 121.0 mg/kg) is already at or past this course&#x27;s target of 120 mg/kg.");
    expect(html).toContain("Severe nodular acne");
    expect(html).toContain("Micro-dose");
  });

  it("the printed summary: no projected date, the lifetime warning, and the paper course as the card gives it", async () => {
    const { p } = await patientPastLifetimeTarget();
    expect(await recordPaper(p.id)).toEqual({ redirect: `/patients/${p.id}` });
    const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId: p.id }) }));
    const [active, paper] = html.split('data-testid="print-course"').slice(1);
    expect(active).not.toContain("(projected)");
    expect(active).toContain("None: lifetime total past target");
    expect(active).toContain("is already at or past this course&#x27;s target of 120 mg/kg");
    // The paper course: its total at the weight used, marked as from paper records, its note as a note.
    expect(paper).toContain("weight used 60 kg");
    expect(paper).toContain("From paper records");
    expect(paper).toContain("7,140 mg");
    expect(paper).toContain("119.0 mg/kg");
    expect(paper).toContain("Recorded as a total only");
    expect(paper).not.toContain("0.00 mg/kg/day");
    expect(paper).not.toContain("Reached —");
    expect(paper).not.toContain("Ended</dt>");
    expect(paper).toContain("Previous dermatologist letter");
  });
});
