import { randomBytes, randomUUID } from "node:crypto";
import { hashPassword } from "../lib/auth/password";
import type { Role } from "../lib/auth/permissions";
import { clinicToday } from "../lib/clinic";
import { db } from "../lib/db";
import { addDays } from "../lib/domain/dates";
import { changeDose } from "../lib/data/change-dose";
import { startCourse } from "../lib/data/start-course";
import { recordLabPanel } from "../lib/data/labs";
import { createPatient } from "../lib/data/patients";
import { recordContraception } from "../lib/data/pregnancy-records";

/**
 * The users and patients each spec works on, made for it alone through the application's own data
 * functions (with their audit rows and derived data), on the run's database as the application role. No
 * spec reads or changes another's records, so the specs run in any order. The demo clinic's accounts are
 * used only to act, never to be changed.
 */

/** Lower-case letters, so that names stay names. */
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(97 + (b % 26))).join("");
const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);

export interface SpecUser {
  id: string;
  role: Role;
  name: string;
  email: string;
  password: string;
}

/** A signed-in-able account of its own: a unique name, email and password. */
export async function createUser(role: Role): Promise<SpecUser> {
  const name = `${capitalized(letters(6))} ${capitalized(letters(8))}`;
  const email = `e2e-${letters(10)}@spec.isotrack.test`;
  const password = `Spec-${randomBytes(9).toString("base64url")}`;
  const user = await db.user.create({
    data: { email, name, role, passwordHash: await hashPassword(password), passwordSetAt: new Date() },
    select: { id: true },
  });
  return { id: user.id, role, name, email, password };
}

export interface SpecPatient {
  id: string;
  mrn: string;
  firstName: string;
  lastName: string;
  /** As lists show it: "Last, First". */
  name: string;
}

/** A valid number of the range kept for fiction (555-0100 to 555-0199), in one of eight area codes. */
const AREA_CODES = ["201", "212", "312", "415", "503", "617", "702", "808"];
const fictionalPhone = () => {
  const [area, line] = randomBytes(2);
  return `(${AREA_CODES[area! % AREA_CODES.length]}) 555-01${String(line! % 100).padStart(2, "0")}`;
};

/** A new patient registered by `by` (a dermatologist registers either category, and becomes the primary clinician). */
export async function createSpecPatient(by: SpecUser, over: { canBecomePregnant?: boolean; email?: string } = {}): Promise<SpecPatient> {
  const [firstName, lastName, mrn] = [capitalized(letters(7)), capitalized(letters(9)), `E2E-${randomBytes(5).toString("hex").toUpperCase()}`];
  const id = await createPatient(by, {
    mrn,
    firstName,
    lastName,
    // A date of birth of its own, so that a search by it finds a short list.
    dateOfBirth: addDays("1990-01-01", randomBytes(2).readUInt16BE() % 5000),
    sexAtBirth: "FEMALE",
    pregnancyCategory: over.canBecomePregnant ? "CAN_BECOME_PREGNANT" : "CANNOT_BECOME_PREGNANT",
    phone: fictionalPhone(),
    email: over.email,
    indication: "ACNE_NODULAR",
  });
  return { id, mrn, firstName, lastName, name: `${lastName}, ${firstName}` };
}

/** A lab panel as the lab form records it: values by LOINC code. */
export async function recordLabs(
  patient: SpecPatient,
  by: SpecUser,
  specimenDate: string,
  values: Record<string, string>,
  pregnancyTestSetting?: "LAB" | "OFFICE",
) {
  const tests = await db.labTest.findMany({ where: { code: { in: Object.keys(values) } }, select: { id: true, code: true } });
  await recordLabPanel(
    by,
    {
      patientId: patient.id,
      submissionId: randomUUID(),
      specimenDate,
      pregnancyTestSetting,
      values: tests.map((t) => ({ labTestId: t.id, value: values[t.code]! })),
    },
    clinicToday(),
  );
}

/**
 * A course of 20 mg daily started `daysAgo` days ago by `derm`, with its first prescription. For a patient
 * who can become pregnant, what the rules ask first: negative laboratory tests 25 and 2 days before the
 * start, and two methods of contraception from 45 days before, confirmed at the start's counseling.
 */
export async function startSpecCourse(patient: SpecPatient, derm: SpecUser, daysAgo: number, over: { canBecomePregnant?: boolean } = {}) {
  const today = clinicToday();
  const start = addDays(today, -daysAgo);
  let confirmedContraceptionId: string | undefined;
  if (over.canBecomePregnant) {
    for (const before of [25, 2]) await recordLabs(patient, derm, addDays(start, -before), { "2106-3": "NEGATIVE" }, "LAB");
    await recordContraception(
      derm,
      { patientId: patient.id, method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: addDays(start, -45) },
      today,
    );
    // Confirmed with the patient at the counseling recorded with the first prescription.
    ({ id: confirmedContraceptionId } = await db.contraceptionRecord.findFirstOrThrow({ where: { patientId: patient.id }, select: { id: true } }));
  }
  return startCourse(
    derm,
    {
      patientId: patient.id,
      indication: "ACNE_NODULAR",
      regimenIntent: "LOW_DOSE",
      startDate: start,
      targetMgPerKg: 120,
      startWeightGrams: 60_000,
      schedule: { mgPerIntake: 20, intakesPerDay: 1, pattern: { kind: "DAILY" } },
      ack: [],
      product: "CLARAVIS",
      capsuleStrengthMg: 20,
      daysSupply: 30,
      refills: 0,
      counseled: true,
      confirmedContraceptionId,
    },
    today,
  );
}

/** A new daily dose of the course from `effectiveFrom`, as "Change the dose" records it. */
export async function changeSpecDose(courseId: string, derm: SpecUser, effectiveFrom: string, mgPerIntake: number, reason: string) {
  const { version } = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { version: true } });
  await changeDose(
    derm,
    { courseId, version, effectiveFrom, reason, schedule: { mgPerIntake, intakesPerDay: 1, pattern: { kind: "DAILY" } }, ack: [] },
    clinicToday(),
  );
}
