import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changePregnancyCategoryAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { courseForm } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026: iPLEDGE with the 2026 modification, which sets no fill limit for a patient who cannot
 * become pregnant, so her prescription is stored with no dispense-by date. Once her category is changed to "can
 * become pregnant", that prescription rests on no pregnancy test and must not be dispensed: README, "that
 * prescription shows 'Do not dispense: <reason>' to every role". The FHIR export holds it
 * (pregnancy-category-change-hold.test.ts); the banner, the course card and the printed summary read the
 * overview, which looks only at prescriptions with a dispense-by date, and say nothing.
 */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const HELD = "Do not dispense: it was written while the patient was recorded as unable to become pregnant";

describe("a prescription with no dispense-by date, written while the patient could not become pregnant, after her category changes", () => {
  it("shows do not dispense on the patient's banner to every role, as the FHIR export holds it", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await testDb().pregnancyCategoryChange.create({
      data: { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day("2000-01-01"), reason: "Recorded at registration", changedById: derm.id },
    });
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, TODAY)))).toEqual({ redirect: `/patients/${p.id}` });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id } });
    expect({ test: rx.pregnancyTestId, dispenseBy: rx.dispenseBy }).toEqual({ test: null, dispenseBy: null });

    const change = (ack: string[]) =>
      changePregnancyCategoryAction(IDLE, form({ patientId: p.id, category: "CAN_BECOME_PREGNANT", reason: "Documented in error", ack }));
    expect(await sendConfirmed(change, ["CATEGORY_CHANGE_DURING_COURSE"])).toMatchObject({ status: "ok" });

    // The FHIR export holds it (as the product already does)...
    const requests = (await patientResourcesOfType(CLINICIAN, p.id, "MedicationRequest", TODAY)) as MedicationRequest[];
    expect(requests.find((r) => r.id === `rx-${rx.id}`)?.status).toBe("on-hold");

    // ...and so must the overview every page of the patient shows, to a dermatologist and to office staff.
    for (const role of ["DERMATOLOGIST", "STAFF"] as const) {
      const o = await getPregnancyOverview({ role }, p.id, TODAY);
      expect({ role, doNotDispense: o?.doNotDispense ?? null }).toEqual({
        role,
        doNotDispense: { prescriptionId: rx.id, reasons: expect.any(Array), text: HELD },
      });
    }
  });
});
