import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";
import { changeCategory, requestOf } from "./dispense-hold-fixture";

/**
 * Today is 23 Nov 2026 (iPLEDGE with the 2026 modification). A patient who can become pregnant is on a course.
 * Her category is changed to "cannot become pregnant" today, a prescription is written today on no pregnancy
 * test (as the rules for that category allow), and her category is changed back to "can become pregnant" the
 * same day (the first change was a mistake). That prescription was never checked as one for a patient who can
 * become pregnant: it must not read as dispensable, as a prescription written while she was recorded as unable
 * to become pregnant does not once she can (dispensing.ts, writtenWhileCannotBecomePregnant).
 */
describe("a prescription written on no test between two category changes of the same day", () => {
  it("is held once the patient can become pregnant again (today it stays active in the FHIR export)", async () => {
    const { p, course } = await patientOnCourse(addDays(TODAY, -30));

    expect(await changeCategory(p.id, "CANNOT_BECOME_PREGNANT", "Recorded as post-menopausal")).toMatchObject({ status: "ok" });
    // No pregnancy test in the window: the rules for a patient who cannot become pregnant ask for none.
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, TODAY);
    expect((await testDb().prescription.findUniqueOrThrow({ where: { id: rx.id } })).pregnancyTestId).toBeNull();

    expect(await changeCategory(p.id, "CAN_BECOME_PREGNANT", "Category entered for the wrong patient")).toMatchObject({ status: "ok" });

    const request = await requestOf(p.id, rx.id);
    expect({ status: request.status, reason: request.statusReason?.text }).toEqual({
      status: "on-hold",
      reason: "Do not dispense: it was written while the patient was recorded as unable to become pregnant",
    });
  });
});
