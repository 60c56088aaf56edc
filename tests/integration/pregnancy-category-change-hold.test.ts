import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changePregnancyCategoryAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { courseForm } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026 (iPLEDGE with the 2026 modification). A prescription written while the patient was
 * recorded as unable to become pregnant rests on no pregnancy test. Once her category is changed to "can
 * become pregnant", that prescription must not read as dispensable: she has had no negative test for it.
 */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function cannotPatientWithPrescriptionToday() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  await testDb().pregnancyCategoryChange.create({
    data: { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day("2000-01-01"), reason: "Recorded at registration", changedById: derm.id },
  });
  expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, TODAY)))).toEqual({ redirect: `/patients/${p.id}` });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
  const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id } });
  expect(rx.pregnancyTestId).toBeNull();
  return { derm, p, rx };
}

const requestOf = async (patientId: string, rxId: string) =>
  ((await patientResourcesOfType(CLINICIAN, patientId, "MedicationRequest", TODAY)) as MedicationRequest[]).find((r) => r.id === `rx-${rxId}`)!;

const becomesAbleToBecomePregnant = (patientId: string) =>
  sendConfirmed(
    (ack) => changePregnancyCategoryAction(IDLE, form({ patientId, category: "CAN_BECOME_PREGNANT", reason: "Documented in error", ack })),
    ["CATEGORY_CHANGE_DURING_COURSE"],
  );

describe("a prescription written while the patient could not become pregnant, after her category changes", () => {
  it("is on hold in the FHIR export, with the reason, and no validity period", async () => {
    const { p, rx } = await cannotPatientWithPrescriptionToday();
    expect((await requestOf(p.id, rx.id)).status).toBe("active");

    expect(await becomesAbleToBecomePregnant(p.id)).toMatchObject({ status: "ok" });
    const request = await requestOf(p.id, rx.id);
    expect(request.status).toBe("on-hold");
    expect(request.statusReason?.text).toBe("Do not dispense: it was written while the patient was recorded as unable to become pregnant");
    expect(request.dispenseRequest?.validityPeriod).toBeUndefined();
  });
});
