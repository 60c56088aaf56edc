import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { testDb, TODAY } from "./helpers";
import { fresh, rxForm } from "./pregnancy-fixture";
import { becomesAbleToBecomePregnant, cannotBecomePregnantOnCourse, requestOf } from "./dispense-hold-fixture";

/**
 * Today is 23 Nov 2026 (iPLEDGE with the 2026 modification). A patient recorded as unable to become pregnant is on
 * a course; the dermatologist writes her next prescription dated 13 Dec 2026, ahead of today, which the rules for
 * her category allow on no pregnancy test. Today her category is changed to "can become pregnant". That
 * prescription was judged under the other category's rules and rests on no test: it must not be dispensed to her
 * (dispensing.ts, writtenWhileCannotBecomePregnant), whatever date it carries.
 */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const AHEAD = addDays(TODAY, 20);

describe("a prescription dated ahead, written while the patient could not become pregnant, after her category changes today", () => {
  it("is held in the FHIR export (today it stays active, dispensable from its date on no pregnancy test)", async () => {
    const { p, course } = await cannotBecomePregnantOnCourse(addDays(TODAY, -30));

    // Nothing refuses a prescription dated ahead of today: written on no test, as her category allows.
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), AHEAD))).toMatchObject({ status: "ok" });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(AHEAD) } });
    expect(rx.pregnancyTestId).toBeNull();

    expect(await becomesAbleToBecomePregnant(p.id)).toMatchObject({ status: "ok" });

    const request = await requestOf(p.id, rx.id);
    expect({ status: request.status, reason: request.statusReason?.text }).toEqual({
      status: "on-hold",
      reason: "Do not dispense: it was written while the patient was recorded as unable to become pregnant",
    });
  });
});
