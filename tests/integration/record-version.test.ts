import { describe, expect, it } from "vitest";
import { changeDoseAction, recordMissedDoseAction, transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { reopenCourseAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { updatePatientAction } from "@/app/(portal)/patients/actions";
import { IDLE } from "@/lib/validation/action-result";
import { RECORD_VERSION_INVALID } from "@/lib/validation/common";
import { actAs, callAction, countRows, form, makePatient, makeUser, testDb } from "./helpers";

/** Past what PostgreSQL's INTEGER holds (2,147,483,647): before the bound, Prisma's "value out of range" was a 500. */
const OVERSIZED = ["99999999999", "2147483648", "1e12"];

describe("a record version the database cannot hold", () => {
  it("editing a patient with it is refused as a field error, and nothing is written", async () => {
    const staff = await makeUser("STAFF");
    actAs(staff);
    const p = await makePatient();
    for (const version of OVERSIZED) {
      const before = await countRows();
      const result = await callAction(() =>
        updatePatientAction(
          IDLE,
          form({
            patientId: p.id,
            version,
            mrn: p.mrn,
            firstName: "Changed",
            lastName: "Patient",
            dateOfBirth: "2000-01-01",
            sexAtBirth: "FEMALE",
            indication: "ACNE_NODULAR",
          }),
        ),
      );
      expect(result, version).toMatchObject({ state: { status: "error", fieldErrors: { version: [RECORD_VERSION_INVALID] } } });
      expect(await countRows()).toEqual(before);
    }
    expect(await testDb().patient.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ firstName: "Test", version: 1 });
  });

  it("every course form that carries the course's version refuses it the same way", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const courseId = "00000000-0000-4000-8000-000000000001";
    const actions = { changeDoseAction, recordMissedDoseAction, transitionCourseAction, writePrescriptionAction, reopenCourseAction };
    for (const [name, action] of Object.entries(actions)) {
      const result = await callAction(() => action(IDLE, form({ courseId, version: "99999999999" })));
      expect(result, name).toMatchObject({ state: { status: "error", fieldErrors: { version: [RECORD_VERSION_INVALID] } } });
    }
    // The largest value the column holds is still a version (a stale one: a conflict, not a field error).
    const result = await callAction(() => reopenCourseAction(IDLE, form({ courseId, version: "2147483647", reason: "x" })));
    expect(result).toMatchObject({ state: { status: "error" } });
    expect((result as { state: { fieldErrors?: Record<string, string[]> } }).state.fieldErrors?.version).toBeUndefined();
  });
});
