import { expect } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { patientOnCourse } from "./course-fixture";
import { form, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * A patient on a course since 30 days ago, a positive test yesterday, the course stopped today and the pregnancy
 * confirmed today, through the actions, by the course's dermatologist (signed in).
 */
export async function confirmedPregnancy() {
  const { derm, p, course } = await patientOnCourse();
  const positive = await pregnancyTest(p.id, addDays(TODAY, -1), derm.id, "POSITIVE");
  const stop = form({ courseId: course.id, version: String(course.version), transition: "STOP", date: TODAY, reason: "Pregnancy" });
  expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
  const decide = form({ patientId: p.id, labResultId: positive.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG confirmed" });
  expect(await recordPregnancyDecisionAction(IDLE, decide)).toEqual({ status: "ok", message: "Decision documented." });
  const decision = await testDb().pregnancyDecision.findFirstOrThrow({ where: { patientId: p.id } });
  return { derm, p, course, decision };
}
