import { startCourseFor } from "./course-fixture";
import { tokenFor } from "./confirmations";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { addDays } from "@/lib/domain/dates";

/** The courses, weights and questions of the dose-limit tests of a weight (weight-dose-limits*.test.ts). */
export const db = () => testDb();
export const CODE = "WEIGHT_PUTS_DOSE_ABOVE_LIMIT";
export const MAX = "WEIGHT_PUTS_DOSE_ABOVE_MAXIMUM";
export const START = addDays(TODAY, -19);
export const TAIL = " Tell the prescriber; the dose is not changed.";
/** What the weight forms say of the current dose, `mg` daily, at `kg` kg: `figure` mg/kg/day above 1 mg/kg/day. */
export const aboveOne = (kg: string, mg: string, figure: string) =>
  `At ${kg} kg the current dose, ${mg} mg daily, is ${figure} mg/kg/day, above 1 mg/kg/day.${TAIL}`;
/** The course start's confirmation of 120 mg daily at 90 kg, 1.33 mg/kg/day. */
export const START_120_AT_90 = tokenFor("DAILY_EQUIVALENT_ABOVE_1_MG_KG", "Daily-equivalent dose is 1.33 mg/kg/day, above 1 mg/kg/day.");

export const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A course of `mg` mg daily from 19 days ago at `kg` kg (its start day's weight entry), started by a dermatologist; a nurse is signed in after. */
export async function courseAt(kg: string, mg: string, ack?: string) {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: START, startWeightKg: kg, mgPerIntake: mg, ...(ack ? { ack } : {}) });
  const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  return { p, course, nurse };
}

/** A weight row written directly (the setup of a case, not the write under test). */
export const weightRow = (patientId: string, day: string, weightGrams: number, enteredById: string) =>
  db().weightMeasurement.create({ data: { patientId, measuredOn: dayOf(day), weightGrams, enteredById } });

export const weights = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId, voidedAt: null }, orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }] })).map((w) => [
    w.measuredOn.toISOString().slice(0, 10),
    w.weightGrams,
  ]);

export const lastAudit = (patientId: string, action: string) =>
  db().auditEvent.findFirstOrThrow({ where: { patientId, action }, orderBy: { id: "desc" }, select: { changes: true } });
