import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, callAction, form, makePatient, makeUser, pregnancyTest, readyForFirstPrescription, testDb, TODAY } from "./helpers";

/** One prescription of 40 mg daily, 30 days, no refills, with this visit's counseling. */
export const PRESCRIPTION = {
  product: "CLARAVIS",
  capsuleStrengthMg: "20",
  daysSupply: "30",
  refills: "0",
  mgPerIntake: "40",
  pattern: "DAILY",
  counseled: "on",
};

/** The course-start form: nodular acne to 120 mg/kg at 60 kg, with the prescription above. */
export function courseForm(patientId: string, start: string, over: Record<string, string> = {}) {
  return form({
    patientId,
    indication: "ACNE_NODULAR",
    regimenIntent: "STANDARD",
    startDate: start,
    targetMgPerKg: "120",
    startWeightKg: "60",
    ...PRESCRIPTION,
    ...over,
  });
}

/**
 * A patient who can become pregnant, on a course started on `start` by a dermatologist (who stays signed in),
 * the contraception confirmed at the start's counseling. `confirm` is the field that confirms it again with
 * a later prescription's counseling.
 */
export async function patientOnCourse(start: string) {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const confirm = await readyForFirstPrescription(p.id, start, derm.id);
  expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start, confirm)))).toEqual({ redirect: `/patients/${p.id}` });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
  return { derm, p, course, confirm };
}

/**
 * A positive serum pregnancy test, recorded through the lab panel form by a new nurse (so the patient's items and
 * alerts are recomputed: a critical result and a dermatologist's review). Returns the nurse, who stays signed in.
 */
export async function positiveTestByNurse(patientId: string, specimenDate: string) {
  const serum = await testDb().labTest.findFirstOrThrow({ where: { code: "2118-8" } });
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  const panel = form({ patientId, submissionId: randomUUID(), specimenDate, pregnancyTestSetting: "LAB", [`value:${serum.id}`]: "POSITIVE" });
  expect(await recordLabPanelAction(IDLE, panel)).toMatchObject({ status: "ok" });
  return nurse;
}

/** The prescription form for a course at the version given. */
export const rxForm = (course: { id: string; version: number }, writtenOn: string, over: Record<string, string | string[]> = {}) =>
  form({
    courseId: course.id,
    version: String(course.version),
    writtenOn,
    ...PRESCRIPTION,
    ...over,
  });

/** The course as stored now (its current version). */
export const fresh = (id: string) => testDb().course.findUniqueOrThrow({ where: { id } });

/** The prescription a course has written on a day, with its stored dispense-by date as YYYY-MM-DD. */
export async function rxWrittenOn(courseId: string, writtenOn: string) {
  const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId, writtenOn: new Date(`${writtenOn}T00:00:00Z`) } });
  return { id: rx.id, dispenseBy: rx.dispenseBy?.toISOString().slice(0, 10) ?? null };
}

/**
 * A course started 30 days ago and a prescription written today on a negative laboratory test from two days
 * ago (dispensable through 27 Nov, day 7 of the window), read by a dermatologist's FHIR client: `request`
 * fetches its MedicationRequest, checked valid.
 */
export async function prescriptionWrittenToday() {
  const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
  const negative = await pregnancyTest(p.id, addDays(TODAY, -2), derm.id);
  const { token } = await makeApiClient("DERMATOLOGIST");
  actAs(derm);
  expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({ status: "ok" });
  const rx = await rxWrittenOn(course.id, TODAY);
  expect(rx.dispenseBy).toBe("2026-11-27");
  const request = async () => {
    const r = await fhirGet(`MedicationRequest/rx-${rx.id}`, token);
    expect(r.status).toBe(200);
    expect(fhirIssues(r.body as never)).toEqual([]);
    return r.body;
  };
  return { derm, p, negative, rx, request };
}
