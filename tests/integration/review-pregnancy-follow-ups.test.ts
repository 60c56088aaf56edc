import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { DERIVED_RULES_REVISION, runDailyRefresh } from "@/lib/data/daily-refresh";
import { recordPregnancyFollowUp } from "@/lib/data/pregnancy-follow-ups";
import { recomputeAllMonitoring } from "@/lib/data/recompute-derived";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { CLINICIAN, form, pregnancyTest, testDb, TODAY } from "./helpers";

/** Review of the follow-up after a confirmed pregnancy, on a real database (today: 23 Nov 2026). */
const db = () => testDb();

/** Pause, resume, complete or stop the course through the action, as of its current version. */
async function transition(courseId: string, transition: string, date: string) {
  const { version } = await db().course.findUniqueOrThrow({ where: { id: courseId }, select: { version: true } });
  const answer = await sendConfirmed(
    (ack) => transitionCourseAction(IDLE, form({ courseId, version: String(version), transition, date, reason: "Review", ack })),
    ["COMPLETED_BELOW_TARGET"],
  );
  expect(answer).toMatchObject({ status: "ok" });
}

describe("review: the course a confirmed pregnancy ended", () => {
  it("a course paused for the pregnancy, resumed once it ended and completed later is not read as stopped by it", async () => {
    const { derm, p, course } = await patientOnCourse();
    const positive = await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    await transition(course.id, "PAUSE", TODAY);
    const decide = form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
    expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
    // While paused, the course is not ended: nothing reads as stopped.
    expect((await getPatientTreatment(CLINICIAN, p.id, TODAY)).courses.map((c) => c.pregnancyConfirmedOn)).toEqual([null]);
    // The pregnancy ended (a negative test), the course resumed two days later and completed next month.
    await pregnancyTest(p.id, TODAY, derm.id);
    await transition(course.id, "RESUME", addDays(TODAY, 2));
    await transition(course.id, "COMPLETE", addDays(TODAY, 27));
    const after = await getPatientTreatment(CLINICIAN, p.id, addDays(TODAY, 30));
    expect(after.courses.map((c) => [c.status, c.endDate, c.pregnancyConfirmedOn])).toEqual([["COMPLETED", addDays(TODAY, 27), null]]);
  });
});

describe("review: two dermatologists record the same follow-up at once", () => {
  it("one is recorded, the other refused with the message, never a database error", async () => {
    const { derm, p, course } = await patientOnCourse();
    const positive = await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    await transition(course.id, "STOP", TODAY);
    const decide = form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
    expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
    const decision = await db().pregnancyDecision.findFirstOrThrow({ where: { patientId: p.id } });
    const input = { patientId: p.id, decisionId: decision.id, kind: "OBSTETRIC_REFERRAL" as const, doneOn: TODAY };
    const both = await Promise.allSettled([
      recordPregnancyFollowUp({ id: derm.id, role: "DERMATOLOGIST" }, input, TODAY),
      recordPregnancyFollowUp({ id: derm.id, role: "DERMATOLOGIST" }, input, TODAY),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refusal = both.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refusal.reason).toMatchObject({ code: "REFUSED", message: expect.stringContaining("This follow-up is already recorded") });
    expect(await db().pregnancyFollowUp.count({ where: { patientId: p.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "pregnancy.follow_up" } })).toBe(1);
  });
});

describe("review: the stored follow-up items across refreshes", () => {
  it("a decision stored before the follow-ups existed gets them at the new rules revision, once; later refreshes keep them", async () => {
    const { derm, p, course } = await patientOnCourse();
    const positive = await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    await transition(course.id, "STOP", TODAY);
    const decide = form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
    expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
    const keys = async () =>
      (await db().monitoringItemRow.findMany({ where: { patientId: p.id, kind: "DERM_FOLLOW_UP" }, orderBy: { itemKey: "asc" } })).map((i) => [
        i.itemKey,
        i.dueDate.toISOString().slice(0, 10),
      ]);
    const expected = await keys();
    expect(expected).toHaveLength(2);
    // As stored under the earlier rules: no follow-up item.
    await db().$executeRaw`DELETE FROM monitoring_items WHERE patient_id = ${p.id}::uuid`;
    await runDailyRefresh(db(), TODAY);
    await db().$executeRaw`UPDATE daily_refreshes SET rules_revision = ${DERIVED_RULES_REVISION - 1}`;
    expect(await runDailyRefresh(db(), TODAY)).toMatchObject({ itemsForEveryPatient: true });
    expect(await keys()).toEqual(expected);
    // The next days' incremental refreshes and a settings recompute neither lose nor repeat them.
    expect(await runDailyRefresh(db(), addDays(TODAY, 1))).toMatchObject({ itemsForEveryPatient: false });
    expect(await runDailyRefresh(db(), addDays(TODAY, 9))).not.toBeNull();
    await recomputeAllMonitoring(db(), addDays(TODAY, 9));
    expect(await keys()).toEqual(expected);
  });
});
