import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { computeCourseDose } from "@/lib/domain/dosing/cumulative";
import { courseInputFromRow } from "@/lib/data/course-mapping";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { form, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * A confirmed pregnancy is documented only with the course stopped or paused (docs/DOMAIN.md "How the product
 * applies these rule sets"). A pause dated ahead takes effect only on its date: until then the course goes on
 * dosing, so it does not satisfy that condition.
 */
const today = TODAY;
const db = () => testDb();

describe("a confirmed pregnancy and a pause dated ahead", () => {
  it("refuses to document a confirmed pregnancy while the course's only pause starts in the future", async () => {
    const { derm, p, course } = await patientOnCourse();
    const positive = await pregnancyTest(p.id, addDays(today, -1), derm.id, "POSITIVE");

    // "Paused" from today + 14: the pause is accepted and the course's status already says PAUSED.
    const paused = await transitionCourseAction(
      IDLE,
      form({ courseId: course.id, version: String(course.version), transition: "PAUSE", date: addDays(today, 14), reason: "Positive test" }),
    );
    expect(paused).toMatchObject({ status: "ok" });

    // The course still doses every day until the pause: 40 mg a day over the next two weeks.
    const row = await db().course.findUniqueOrThrow({ where: { id: course.id }, include: { doseChanges: true, pauses: true, missedDoses: true } });
    const input = courseInputFromRow(row);
    const inTwoWeeks = computeCourseDose(input, [], addDays(today, 13)).totalMg - computeCourseDose(input, [], today).totalMg;
    expect(inTwoWeeks).toBe(13 * 40);

    const decided = await recordPregnancyDecisionAction(
      IDLE,
      form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG and ultrasound" }),
    );
    expect(decided).toMatchObject({ status: "error", fieldErrors: { outcome: [expect.stringContaining("doses continue after today")] } });
    expect(await db().pregnancyDecision.count({ where: { patientId: p.id } })).toBe(0);

    // Stopped with today as its last day: no dose after today, and the decision is recorded.
    const current = await db().course.findUniqueOrThrow({ where: { id: course.id } });
    expect(
      await transitionCourseAction(IDLE, form({ courseId: course.id, version: String(current.version), transition: "STOP", date: today, reason: "Pregnancy" })),
    ).toMatchObject({ status: "ok" });
    expect(
      await recordPregnancyDecisionAction(
        IDLE,
        form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG and ultrasound" }),
      ),
    ).toMatchObject({ status: "ok" });
    // The stored items the worklist reads: no pregnancy test is asked of a patient known to be pregnant, the post-course test included.
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id, kind: { startsWith: "PREG_" } } })).toBe(0);
  });
});
