import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { reopenCourseAction, voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { form, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * While a positive or indeterminate pregnancy test stops prescribing (no decision yet, or a confirmed
 * pregnancy no later negative test has answered), no write makes a course active again: resuming,
 * reopening, or voiding the pause that holds it. Today is 23 Nov 2026.
 */
const today = TODAY;
const db = () => testDb();

const version = async (courseId: string) => String((await db().course.findUniqueOrThrow({ where: { id: courseId } })).version);
const transition = async (courseId: string, transition: string, date: string) =>
  transitionCourseAction(IDLE, form({ courseId, version: await version(courseId), transition, date, reason: "Clinical decision" }));
const reopen = async (courseId: string) => reopenCourseAction(IDLE, form({ courseId, version: await version(courseId), reason: "Ended in error" }));
const voidPause = async (courseId: string) => {
  const pause = await db().coursePause.findFirstOrThrow({ where: { courseId, voidedAt: null } });
  return voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Entered in error" }));
};
const decide = (patientId: string, labResultId: string, outcome: string) =>
  recordPregnancyDecisionAction(IDLE, form({ patientId, labResultId, outcome, reason: "Serum hCG and ultrasound" }));
const status = async (courseId: string) => (await db().course.findUniqueOrThrow({ where: { id: courseId } })).status;
const audited = (patientId: string, action: string) => db().auditEvent.count({ where: { patientId, action } });

describe("a course held by a pregnancy-prevention stop", () => {
  it("an undecided positive test: the paused course is neither resumed nor made active by voiding its pause, until a decision and a later negative test", async () => {
    const { derm, p, courseId } = await patientOnCourse();
    const positive = await pregnancyTest(p.id, addDays(today, -2), derm.id, "POSITIVE");
    expect(await transition(courseId, "PAUSE", addDays(today, -1))).toMatchObject({ status: "ok" });

    const undecided = "A positive pregnancy test on 21 Nov 2026 has no documented dermatologist decision. Prescribing is stopped, so this course cannot be";
    expect(await transition(courseId, "RESUME", today)).toMatchObject({ status: "error", message: `${undecided} resumed.` });
    expect(await voidPause(courseId)).toMatchObject({ status: "error", message: `${undecided} made active again by voiding its pause.` });
    expect(await status(courseId)).toBe("PAUSED");
    expect(await db().coursePause.count({ where: { courseId, voidedAt: null, resumeDate: null } })).toBe(1);
    expect(await audited(p.id, "course.resume")).toBe(0);
    expect(await audited(p.id, "course.pause_void")).toBe(0);

    // A false positive, answered by a negative laboratory test the day after: prescribing, and resuming, may go on.
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    expect(await decide(p.id, positive.id, "FALSE_POSITIVE")).toMatchObject({ status: "ok" });
    expect(await transition(courseId, "RESUME", today)).toMatchObject({ status: "ok" });
    expect(await status(courseId)).toBe("ACTIVE");
  });

  it("a confirmed pregnancy: the course is stopped, and neither resumed, made active by voiding its pause, nor reopened", async () => {
    const { derm, p, courseId } = await patientOnCourse();
    const positive = await pregnancyTest(p.id, addDays(today, -2), derm.id, "POSITIVE");
    expect(await transition(courseId, "PAUSE", addDays(today, -1))).toMatchObject({ status: "ok" });
    expect(await decide(p.id, positive.id, "PREGNANCY_CONFIRMED")).toMatchObject({ status: "ok" });

    const confirmed =
      "A pregnancy was confirmed on 23 Nov 2026 (the positive pregnancy test on 21 Nov 2026), and no negative test has been collected since. " +
      "Prescribing is stopped, so this course cannot be";
    expect(await transition(courseId, "RESUME", today)).toMatchObject({ status: "error", message: `${confirmed} resumed.` });
    expect(await voidPause(courseId)).toMatchObject({ status: "error", message: `${confirmed} made active again by voiding its pause.` });
    expect(await status(courseId)).toBe("PAUSED");

    expect(await transition(courseId, "STOP", today)).toMatchObject({ status: "ok" });
    expect(await reopen(courseId)).toMatchObject({ status: "error", message: `${confirmed} reopened.` });
    expect(await db().course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ status: "STOPPED", endReason: "Clinical decision" });
    expect(await db().courseReopening.count({ where: { courseId } })).toBe(0);
    // No renewal prompt for a course that cannot go on.
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id, kind: "RX_RENEWAL" } })).toBe(0);
  });

  it("a pause left open after a stopped course's last day is voided: it holds no day of the course, so nothing becomes active", async () => {
    const { derm, p, courseId } = await patientOnCourse();
    // Paused from today-3 (recorded first), then stopped with today-5 as its last day: the pause begins after
    // the end, so the ending leaves it open (docs/DOMAIN.md "Course records").
    expect(await transition(courseId, "PAUSE", addDays(today, -3))).toMatchObject({ status: "ok" });
    expect(await transition(courseId, "STOP", addDays(today, -5))).toMatchObject({ status: "ok" });
    const pause = await db().coursePause.findFirstOrThrow({ where: { courseId } });
    expect([pause.resumeDate, await status(courseId)]).toEqual([null, "STOPPED"]);
    // A positive test yesterday, no decision yet: prescribing is stopped, no course may be made active again.
    await pregnancyTest(p.id, addDays(today, -1), derm.id, "POSITIVE");

    // Entered in error. Voiding it doses no day: the course's last day was today-5, before the pause began.
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Pause recorded on the wrong course" }))).toEqual({
      status: "ok",
      message: "Entry marked as entered in error; it stays in the history, struck through.",
    });
    expect(await db().coursePause.findUniqueOrThrow({ where: { id: pause.id } })).toMatchObject({ voidReason: "Pause recorded on the wrong course" });
    expect(await status(courseId)).toBe("STOPPED");
    expect(await audited(p.id, "course.pause_void")).toBe(1);
  });

  it("a course stopped while paused and reopened is paused again: its post-pause test is due, no monthly test after the pause", async () => {
    const { p, courseId } = await patientOnCourse();
    expect(await transition(courseId, "PAUSE", addDays(today, -10))).toMatchObject({ status: "ok" });
    expect(await transition(courseId, "STOP", addDays(today, -5))).toMatchObject({ status: "ok" });
    expect(await reopen(courseId)).toMatchObject({ status: "ok" });
    expect(await status(courseId)).toBe("PAUSED");
    const items = await db().monitoringItemRow.findMany({ where: { patientId: p.id, kind: { startsWith: "PREG" } } });
    // Last dose today-11 (the pause began today-10), still paused: the post-pause test is due 30 days after it,
    // today+19; the course has no end, so no post-course test.
    expect(
      items
        .find((i) => i.itemKey === `course:${courseId}:preg-post-pause:${addDays(today, -10)}`)
        ?.dueDate.toISOString()
        .slice(0, 10),
    ).toBe(addDays(today, 19));
    expect(items.some((i) => i.itemKey === `course:${courseId}:preg-post`)).toBe(false);
    // Monthly tests run through the treatment before the pause only (from today-30 to today-11): none due after today-11.
    expect(items.filter((i) => i.kind === "PREG_MONTHLY" && i.dueDate.toISOString().slice(0, 10) > addDays(today, -11))).toEqual([]);
  });
});
