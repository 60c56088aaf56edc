import { expect } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { tokenFor } from "./confirmations";
import { actAs, callAction, form, makePatient, makeUser, readyForFirstPrescription, testDb, TODAY } from "./helpers";

/**
 * Starts a course through the action as the signed-in dermatologist: a daily Claravis regimen for nodular
 * acne to 120 mg/kg with counseling confirmed, unless `over` says otherwise.
 */
export async function startCourseFor(patientId: string, over: Record<string, string>) {
  const started = await callAction(() => startCourseAction(IDLE, startCourseForm(patientId, over)));
  expect(started).toMatchObject({ redirect: expect.any(String) });
}

/** The start-course form startCourseFor sends, for a test that looks at the answer itself. */
export function startCourseForm(patientId: string, over: Record<string, string | string[]>) {
  const defaults = { indication: "ACNE_NODULAR", regimenIntent: "STANDARD", targetMgPerKg: "120", product: "CLARAVIS", daysSupply: "30" };
  return form({ ...defaults, capsuleStrengthMg: "20", pattern: "DAILY", counseled: "on", patientId, ...over });
}

/** 20 mg every other day, as of 60 kg: the alternate-day course the summary tests share. */
export const ALTERNATE_DAY_20MG = { regimenIntent: "ALTERNATE_DAY", startWeightKg: "60", mgPerIntake: "20", pattern: "EVERY_N_DAYS", everyNDays: "2" };

/** A new patient with an alternate-day course from 2026-10-24 (30 days before the tests' today), started by a new dermatologist. */
export async function startedAlternateDayCourse() {
  actAs(await makeUser("DERMATOLOGIST"));
  const patient = await makePatient();
  await startCourseFor(patient.id, { ...ALTERNATE_DAY_20MG, startDate: "2026-10-24" });
  return { patient, course: await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } }) };
}

/**
 * A new patient with a course of `mg` mg daily from `startDate` at 60 kg (Claravis 20 mg capsules, its first
 * prescription for 30 days, no refills), started through the action by a new dermatologist, still signed in.
 */
export async function dailyCourseStarted(startDate: string, mg: number) {
  actAs(await makeUser("DERMATOLOGIST"));
  const p = await makePatient();
  await startCourseFor(p.id, { startDate, startWeightKg: "60", mgPerIntake: String(mg), refills: "0", intakesPerDay: "1" });
  return { p, course: await testDb().course.findFirstOrThrow({ where: { patientId: p.id } }) };
}

/**
 * A course written as rows, without the actions' checks or any derived data (each test recomputes what it
 * checks): a new dermatologist and patient, the course from `start` to `end` (ISO days; ended courses
 * completed unless `status` says otherwise), at 60 kg unless `startWeightGrams` says otherwise, and, unless
 * `regimen` is false, 20 mg daily from its first day.
 */
export async function courseRows(opts: {
  start: string;
  end?: string | null;
  status?: "ACTIVE" | "PAUSED" | "COMPLETED" | "STOPPED";
  pregnancyCategory?: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT";
  startWeightGrams?: number;
  regimen?: boolean;
}) {
  const db = testDb();
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  const derm = await makeUser("DERMATOLOGIST");
  const patient = await makePatient(opts.pregnancyCategory ? { pregnancyCategory: opts.pregnancyCategory } : {});
  const course = await db.course.create({
    data: {
      patientId: patient.id,
      dermatologistId: derm.id,
      indication: "ACNE_NODULAR",
      regimenIntent: "LOW_DOSE",
      status: opts.status ?? (opts.end ? "COMPLETED" : "ACTIVE"),
      startDate: day(opts.start),
      endDate: opts.end ? day(opts.end) : null,
      startWeightGrams: opts.startWeightGrams ?? 60_000,
    },
  });
  if (opts.regimen !== false)
    await db.doseChange.create({
      data: { courseId: course.id, effectiveFrom: day(opts.start), mgPerIntake: 20, pattern: "DAILY", reason: "test", createdById: derm.id },
    });
  return { derm, patient, course };
}

/**
 * The paper-history form of a finished course to 120 mg/kg, at 70 kg unless `fields` says otherwise;
 * `fields` gives its dates and its dose periods or total.
 */
export const paperCourseForm = (patientId: string, fields: Record<string, string>) =>
  form({ patientId, indication: "ACNE_NODULAR", regimenIntent: "STANDARD", outcome: "COMPLETED", targetMgPerKg: "120", weightKg: "70", ...fields });

/** 1,400 mg: 3 Jan .. 16 Jan 2022 at 40 mg (560), 17 Jan .. 30 Jan at 60 mg (840); 20 mg/kg at 70 kg. */
export const PAPER_TWO_PERIODS = {
  startDate: "2022-01-03",
  endDate: "2022-01-30",
  period1From: "2022-01-03",
  period1Mg: "40",
  period2From: "2022-01-17",
  period2Mg: "60",
};

/**
 * A new dermatologist (signed in) and a patient who can become pregnant, ready for a first prescription and
 * on a course of 40 mg daily at 60 kg since 30 days before the tests' today, the contraception confirmed at
 * the start's counseling (`confirm`: the field that confirms it again with a later prescription's counseling).
 */
export async function patientOnCourse() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const confirm = await readyForFirstPrescription(p.id, addDays(TODAY, -30), derm.id);
  await startCourseFor(p.id, { startDate: addDays(TODAY, -30), startWeightKg: "60", mgPerIntake: "40", ...confirm });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
  return { derm, p, course, courseId: course.id, confirm };
}

/** A calendar day as the database's date column holds it. */
export const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A weight row written directly (the setup of a case, not the write under test). */
export const weightRow = (patientId: string, day: string, weightGrams: number, enteredById: string) =>
  testDb().weightMeasurement.create({ data: { patientId, measuredOn: dayOf(day), weightGrams, enteredById } });

/** The course's version, as a form sends it. */
export const courseVersion = async (courseId: string) => String((await testDb().course.findUniqueOrThrow({ where: { id: courseId } })).version);

/**
 * A course as rows from 40 days ago, weighed 60 kg that day, with these daily doses from these days (the first on
 * its first day), its dermatologist signed in.
 */
export async function dosedCourse(doses: [string, number][], opts: { end?: string } = {}) {
  const rows = await courseRows({ start: addDays(TODAY, -40), end: opts.end ?? null, regimen: false });
  const versions = [];
  for (const [from, mg] of doses)
    versions.push(
      await testDb().doseChange.create({
        data: { courseId: rows.course.id, effectiveFrom: dayOf(from), mgPerIntake: mg, pattern: "DAILY", reason: "test", createdById: rows.derm.id },
      }),
    );
  await weightRow(rows.patient.id, addDays(TODAY, -40), 60_000, rows.derm.id);
  actAs(rows.derm);
  return { ...rows, versions };
}

/** A prescription of `mg` daily on 20 mg capsules written 10 days ago, changing the regimen, as its form sends it. */
export const backDatedPrescription = async (courseId: string, mg: number, ack: string[]) =>
  form({
    courseId,
    version: await courseVersion(courseId),
    writtenOn: addDays(TODAY, -10),
    product: "CLARAVIS",
    capsuleStrengthMg: "20",
    daysSupply: "30",
    refills: "0",
    counseled: "on",
    mgPerIntake: String(mg),
    pattern: "DAILY",
    reason: "Raised at the visit",
    ack,
  });

/**
 * A dose change to `mg` daily from `from`, as its form sends it, confirmed above 1 mg/kg/day at the daily equivalent
 * the test works out by hand (`mgPerKgPerDay`, "1.83"), as the form asked it.
 */
export const dailyDoseChange = async (courseId: string, mg: number, from: string, reason: string, mgPerKgPerDay: string) =>
  form({
    courseId,
    version: await courseVersion(courseId),
    effectiveFrom: from,
    reason,
    mgPerIntake: String(mg),
    pattern: "DAILY",
    ack: tokenFor("DAILY_EQUIVALENT_ABOVE_1_MG_KG", `Daily-equivalent dose is ${mgPerKgPerDay} mg/kg/day, above 1 mg/kg/day.`),
  });
