import { expect } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, readyForFirstPrescription, testDb } from "./helpers";

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

/** A patient who can become pregnant, on a course started on `start` by a dermatologist (who stays signed in). */
export async function patientOnCourse(start: string) {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  await readyForFirstPrescription(p.id, start, derm.id);
  expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start)))).toEqual({ redirect: `/patients/${p.id}` });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
  return { derm, p, course };
}

/** The prescription form for a course at the version given. */
export const rxForm = (course: { id: string; version: number }, writtenOn: string, over: Record<string, string> = {}) =>
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
