import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { stopInstruction } from "@/lib/domain/pregnancy/course-to-stop";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, form, pregnancyTest, testDb, TODAY } from "./helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/**
 * A course may start up to 60 days ahead. A positive test before its first day: no day before it can be paused or
 * stopped, so the banner asks the dermatologist to pause it from its first day, then record the decision. Doing
 * exactly that must be possible, and must let the confirmed pregnancy be documented (today: 23 Nov 2026).
 */
describe("the banner's instruction for a course that starts after today", () => {
  it("can be followed: the course is paused from its first day and the decision is then recorded", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(TODAY, 10));
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    const overview = await getPregnancyOverview(CLINICIAN, p.id, TODAY);
    const told = stopInstruction(overview!.clinical!.courseToStop);
    expect(told.text).toBe("The course starts on 3 Dec 2026: pause it from that day, with no resumption, then record the decision.");

    actAs(derm);
    const { version } = await testDb().course.findUniqueOrThrow({ where: { id: course.id } });
    const pause = form({ courseId: course.id, version: String(version), transition: "PAUSE", date: addDays(TODAY, 10), reason: "Positive pregnancy test" });
    const paused = await transitionCourseAction(IDLE, pause);
    expect(paused, JSON.stringify(paused)).toMatchObject({ status: "ok" });

    const test = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    const decide = form({ patientId: p.id, labResultId: test.id, outcome: "PREGNANCY_CONFIRMED", reason: "Confirmed by serum hCG" });
    expect(await recordPregnancyDecisionAction(IDLE, decide)).toMatchObject({ status: "ok" });
  });
});
