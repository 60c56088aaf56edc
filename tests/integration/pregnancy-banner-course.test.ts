import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { patientOnCourse } from "./pregnancy-fixture";

/**
 * The positive test's banner asks the dermatologist to stop the course still dosing after today, with a link to
 * its form, or only to record the decision: the overview names that course for clinical roles (today: 23 Nov 2026).
 */
const courseToStop = async (patientId: string, viewer: { role: "DERMATOLOGIST" | "NURSE" | "STAFF" } = CLINICIAN) =>
  (await getPregnancyOverview(viewer, patientId, TODAY))?.clinical?.courseToStop;

describe("the course a positive test's banner asks to stop", () => {
  it("is the active course until it is stopped from today, and then none", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    const expected = { id: course.id, startDate: addDays(TODAY, -30), endDate: null, by: "PAUSE_OR_STOP" };
    expect(await courseToStop(p.id)).toEqual(expected);
    expect(await courseToStop(p.id, { role: "NURSE" })).toEqual(expected);
    // Office staff are told a review is needed, nothing of the records behind it.
    expect(await getPregnancyOverview({ role: "STAFF" }, p.id, TODAY)).toMatchObject({ reviewNeeded: true, clinical: null });

    actAs(derm);
    const { version } = await testDb().course.findUniqueOrThrow({ where: { id: course.id } });
    const stop = form({ courseId: course.id, version: String(version), transition: "STOP", date: TODAY, reason: "Positive pregnancy test" });
    expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
    expect(await courseToStop(p.id)).toBeNull();
  });

  it("is none for a patient who never had a course, and the course paused from tomorrow is none too", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const never = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await pregnancyTest(never.id, TODAY, derm.id, "POSITIVE");
    expect(await courseToStop(never.id)).toBeNull();

    const { derm: own, p, course } = await patientOnCourse(addDays(TODAY, -30));
    actAs(own);
    const pause = form({ courseId: course.id, version: String(course.version), transition: "PAUSE", date: addDays(TODAY, 1), reason: "Positive test" });
    expect(await transitionCourseAction(IDLE, pause)).toMatchObject({ status: "ok" });
    expect(await courseToStop(p.id)).toBeNull();
  });
});
