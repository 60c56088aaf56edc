import type { MedicationRequest } from "@medplum/fhirtypes";
import { expect } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changePregnancyCategoryAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { courseForm, fresh, patientOnCourse, PRESCRIPTION, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/** What the tests of prescriptions held from dispensing (or dispensed) arrange the same way. */

/**
 * A patient recorded as unable to become pregnant since registration (the category row registration writes),
 * with a dermatologist signed in.
 */
export async function cannotBecomePregnantPatient() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  await testDb().pregnancyCategoryChange.create({
    data: {
      patientId: p.id,
      category: "CANNOT_BECOME_PREGNANT",
      effectiveFrom: new Date("2000-01-01T00:00:00Z"),
      reason: "Recorded at registration",
      changedById: derm.id,
    },
  });
  return { derm, p };
}

/** That patient on a course started on `start` through the course-start form, and its first prescription (on no pregnancy test). */
export async function cannotBecomePregnantOnCourse(start: string) {
  const { derm, p } = await cannotBecomePregnantPatient();
  expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start)))).toEqual({ redirect: `/patients/${p.id}` });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
  const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id } });
  expect(rx.pregnancyTestId).toBeNull();
  return { derm, p, course, rx };
}

/** Her category changed from today, with the reason given, confirmed as a change during a course. */
export const changeCategory = (patientId: string, category: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT", reason: string) =>
  sendConfirmed((ack) => changePregnancyCategoryAction(IDLE, form({ patientId, category, reason, ack })), ["CATEGORY_CHANGE_DURING_COURSE"]);

/** Her category changed to "can become pregnant" from today (documented in error before). */
export const becomesAbleToBecomePregnant = (patientId: string) => changeCategory(patientId, "CAN_BECOME_PREGNANT", "Documented in error");

/** The FHIR MedicationRequest of a prescription as a dermatologist's client reads it today. */
export const requestOf = async (patientId: string, rxId: string) =>
  ((await patientResourcesOfType(CLINICIAN, patientId, "MedicationRequest", TODAY)) as MedicationRequest[]).find((r) => r.id === `rx-${rxId}`)!;

/**
 * Two prescriptions still within their dispense-by dates (today: 23 Nov 2026), on a course started 14 Oct 2026 (its
 * first prescription and counseling that day): the earlier one of 21 Nov, on the negative test of 21 Nov (`t1`) with
 * that day's counseling, dispensable through 27 Nov; the latest of today, on the test of 22 Nov and the counseling of
 * 21 Nov (none recorded with it), confirmed as written while earlier supply lasts, dispensable through 28 Nov.
 */
export async function twoPrescriptionsWithinDispenseBy() {
  const { derm, p, course, confirm } = await patientOnCourse("2026-10-14");
  const t1 = await pregnancyTest(p.id, "2026-11-21", derm.id);
  expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-21", confirm))).toMatchObject({ status: "ok" });
  const earlier = await rxWrittenOn(course.id, "2026-11-21");
  expect(earlier.dispenseBy).toBe("2026-11-27");

  await pregnancyTest(p.id, "2026-11-22", derm.id);
  const noCounseling = Object.fromEntries(Object.entries(PRESCRIPTION).filter(([k]) => k !== "counseled"));
  const version = String((await fresh(course.id)).version);
  const write = (ack: string[]) => writePrescriptionAction(IDLE, form({ courseId: course.id, version, writtenOn: TODAY, ...noCounseling, ack }));
  expect(await sendConfirmed(write, ["EARLIER_SUPPLY_OUTLASTS_START"])).toMatchObject({ status: "ok" });
  const latest = await rxWrittenOn(course.id, TODAY);
  expect(latest.dispenseBy).toBe("2026-11-28");
  return { derm, p, course, t1, earlier, latest };
}
