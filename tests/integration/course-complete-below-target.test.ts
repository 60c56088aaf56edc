import { describe, expect, it } from "vitest";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { startedAlternateDayCourse } from "./course-fixture";
import { tokenFor } from "./confirmations";
import { form, testDb, TODAY } from "./helpers";

/** "Complete (target reached)" on a course far below its target is confirmed first; "Stop early" is not. */
const db = () => testDb();
const end = async (courseId: string, transition: "COMPLETE" | "STOP", ack?: string) => {
  const { version } = await db().course.findUniqueOrThrow({ where: { id: courseId } });
  return transitionCourseAction(
    IDLE,
    form({ courseId, version: String(version), transition, date: addDays(TODAY, -1), reason: "Clear skin", ...(ack ? { ack } : {}) }),
  );
};

describe("completing a course below its target", () => {
  it("asks first, naming the patient's mg/kg against the target, writes nothing until confirmed, and then completes it", async () => {
    // 20 mg every other day from 30 days ago at 60 kg: 15 doses to yesterday, 300 mg = 5.0 mg/kg of 120.
    const { course } = await startedAlternateDayCourse();
    const asked = await end(course.id, "COMPLETE");
    expect(asked).toMatchObject({ status: "confirm", warnings: [{ code: "COMPLETED_BELOW_TARGET" }] });
    expect((asked as { warnings: { message: string }[] }).warnings[0]!.message).toContain("the patient is at 5.0 mg/kg of the 120 mg/kg target (4%)");
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "ACTIVE", endDate: null });
    expect(await db().auditEvent.count({ where: { entityId: course.id, action: "course.complete" } })).toBe(0);

    const said = (mgPerKg: string, percent: string) =>
      `On its last day the patient is at ${mgPerKg} mg/kg of the 120 mg/kg target (${percent}), while "Complete" records the target as reached. ` +
      `Choose "Stop early" for a course ended before its target.`;
    // A confirmation of other figures (a page shown before doses were recorded) is not this one: asked again.
    expect(await end(course.id, "COMPLETE", tokenFor("COMPLETED_BELOW_TARGET", said("4.0", "3%")))).toMatchObject({ status: "confirm" });
    expect(await end(course.id, "COMPLETE", tokenFor("COMPLETED_BELOW_TARGET", said("5.0", "4%")))).toMatchObject({ status: "ok" });
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("COMPLETED");
  });

  it("stops a course early without asking", async () => {
    const { course } = await startedAlternateDayCourse();
    expect(await end(course.id, "STOP")).toMatchObject({ status: "ok" });
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("STOPPED");
  });
});
