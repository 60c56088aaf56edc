import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changePregnancyCategoryAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { courseForm, fresh, rxForm } from "./pregnancy-fixture";

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
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await testDb().pregnancyCategoryChange.create({
      data: { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day("2000-01-01"), reason: "Recorded at registration", changedById: derm.id },
    });
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, addDays(TODAY, -30))))).toEqual({ redirect: `/patients/${p.id}` });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });

    // Nothing refuses a prescription dated ahead of today: written on no test, as her category allows.
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), AHEAD))).toMatchObject({ status: "ok" });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(AHEAD) } });
    expect(rx.pregnancyTestId).toBeNull();

    const change = (ack: string[]) =>
      changePregnancyCategoryAction(IDLE, form({ patientId: p.id, category: "CAN_BECOME_PREGNANT", reason: "Documented in error", ack }));
    expect(await sendConfirmed(change, ["CATEGORY_CHANGE_DURING_COURSE"])).toMatchObject({ status: "ok" });

    const request = ((await patientResourcesOfType(CLINICIAN, p.id, "MedicationRequest", TODAY)) as MedicationRequest[]).find((r) => r.id === `rx-${rx.id}`)!;
    expect({ status: request.status, reason: request.statusReason?.text }).toEqual({
      status: "on-hold",
      reason: "Do not dispense: it was written while the patient was recorded as unable to become pregnant",
    });
  });
});
