import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, makePatient, makeUser, testDb } from "./helpers";
import { courseForm } from "./pregnancy-fixture";

/**
 * A weight is never dated before the patient's date of birth (lib/domain/date-of-birth.ts: "every entry of a
 * weight ... by hand"). Starting a course records its start weight, typed on the form, on the start date: a start
 * date before the date of birth (a back-dated start with the wrong year) must be refused like any weight on that
 * date, and nothing written. Today the course is started, with a weight measured before the patient was born.
 */
const db = () => testDb();
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("a course started before the patient's date of birth", () => {
  it("is refused, and no course or weight is written", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await db().patient.update({ where: { id: p.id }, data: { dateOfBirth: day("2026-11-01") } });
    await db().pregnancyCategoryChange.create({
      data: { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day("2000-01-01"), reason: "Recorded at registration", changedById: derm.id },
    });

    const answer = await callAction(() => startCourseAction(IDLE, courseForm(p.id, "2026-10-20")));

    expect({
      courses: await db().course.count({ where: { patientId: p.id } }),
      weights: await db().weightMeasurement.count({ where: { patientId: p.id } }),
    }).toEqual({ courses: 0, weights: 0 });
    expect(answer).toMatchObject({ state: { status: "error", fieldErrors: { startDate: [expect.stringContaining("date of birth")] } } });
  });
});
