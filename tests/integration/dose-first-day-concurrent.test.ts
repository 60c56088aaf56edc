import { describe, expect, it } from "vitest";
import { changeDoseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { writtenPrescriptionToken } from "./confirmations";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { meetAtLocks } from "./lock-helpers";

/**
 * A course needs a regimen from its first day, or the days before its first live version count no dose
 * (lib/data/void-course-entry.ts, change-dose.ts): a first-day version is voided, or corrected to a later
 * date, only while another first-day version stays. With two of them, voiding one while the other is moved
 * later at the same moment must not leave none: each checked that the other stays.
 */
const db = () => testDb();
const START = addDays(TODAY, -19);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("both first-day regimen versions removed at once", () => {
  it("a void of one first-day version and a correction moving the other later are not both applied: the course keeps a regimen from its first day", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: START, startWeightKg: "60", mgPerIntake: "40" });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    // A second version on the first day: the dose was 30 mg from the start.
    const second = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: String(course.version),
        effectiveFrom: START,
        reason: "Started at 30",
        mgPerIntake: "30",
        pattern: "DAILY",
        // The course's first prescription was written for 40 mg daily.
        ack: writtenPrescriptionToken("4 Nov 2026", "3 Dec 2026", 40, 30),
      }),
    );
    expect(second).toMatchObject({ status: "ok" });
    const [starting, later] = await db().doseChange.findMany({ where: { courseId: course.id }, orderBy: { createdAt: "asc" } });
    const version = (await db().course.findUniqueOrThrow({ where: { id: course.id } })).version;

    // Both meet at the patient's row lock, taken before either reads the versions it checks: the second
    // decides on what the first left.
    const [corrected, voided] = await meetAtLocks<unknown>(
      [p.id],
      [
        () =>
          changeDoseAction(
            IDLE,
            form({
              courseId: course.id,
              version: String(version),
              supersedesId: later!.id,
              effectiveFrom: addDays(START, 5),
              reason: "30 mg began on day 6",
              mgPerIntake: "30",
              pattern: "DAILY",
            }),
          ),
        () => voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: starting!.id, reason: "Entered twice" })),
      ],
    );
    expect(corrected).toMatchObject({ status: "ok" });
    expect(voided).toMatchObject({ status: "error" });

    const firstDay = await db().doseChange.count({ where: { courseId: course.id, effectiveFrom: day(START), voidedAt: null, supersededBy: null } });
    expect(firstDay).toBeGreaterThan(0);
  });
});
