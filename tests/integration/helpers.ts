import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect, inject } from "vitest";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/auth/permissions";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { sessionState } from "./setup";

export { TODAY } from "./clock";

/** Waits, by polling, for a condition another connection or process brings about (up to 10 s). */
export async function until(condition: () => Promise<boolean> | boolean, what: string) {
  for (let polls = 0; !(await condition()); polls++) {
    expect(polls, what).toBeLessThan(400);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Runs one statement as the database's superuser (a trigger disabled, a backend ended). */
export async function asAdmin(statement: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: inject("adminUrl") });
  await c.connect();
  try {
    await c.query(statement, values);
  } finally {
    await c.end();
  }
}

let client: PrismaClient | null = null;

/** A direct client on the run's database, for arranging and checking rows. */
export function testDb(): PrismaClient {
  client ??= createPrismaClient(process.env.DATABASE_URL);
  return client;
}

export async function closeTestClient() {
  await client?.$disconnect();
  client = null;
}

export async function makeUser(role: Role, over: { disabled?: boolean } = {}) {
  const db = testDb();
  await ensureReferenceData(db);
  return db.user.create({
    data: { email: `${role.toLowerCase()}-${randomUUID()}@test.isotrack`, name: `Test ${role}`, role, passwordHash: null, disabled: over.disabled ?? false },
  });
}

/** Acts as this user for the following action calls; null for an anonymous caller. */
export function actAs(user: { id: string } | null) {
  sessionState.current = user ? { userId: user.id } : null;
}

export async function makePatient(over: Partial<{ pregnancyCategory: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT" }> = {}) {
  return testDb().patient.create({
    data: {
      mrn: `T-${randomUUID().slice(0, 8)}`,
      firstName: "Test",
      lastName: "Patient",
      dateOfBirth: new Date("2000-01-01T00:00:00Z"),
      sexAtBirth: "FEMALE",
      pregnancyCategory: over.pregnancyCategory ?? "CANNOT_BECOME_PREGNANT",
      indication: "ACNE_NODULAR",
    },
  });
}

export function form(values: Record<string, string | string[]>): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

/** Runs an action that may redirect on success; returns the redirect target or the action's state. */
export async function callAction<T>(fn: () => Promise<T>): Promise<{ redirect: string } | { state: T }> {
  try {
    return { state: await fn() };
  } catch (error) {
    const digest = (error as { digest?: string }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2] ?? "" };
    throw error;
  }
}

export async function countRows() {
  const db = testDb();
  const [patients, courses, doseChanges, prescriptions, labs, audits, users, reminders] = await Promise.all([
    db.patient.count(),
    db.course.count(),
    db.doseChange.count(),
    db.prescription.count(),
    db.labResult.count(),
    // Refused calls leave an access.denied attempt and nothing else: counted apart.
    db.auditEvent.count({ where: { action: { not: "access.denied" } } }),
    db.user.count(),
    db.reminder.count(),
  ]);
  return { patients, courses, doseChanges, prescriptions, labs, audits, users, reminders };
}

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** What a result row copies of its lab test: the test, its LOINC code and system, its analyte. */
export const labTestFields = (t: { id: string; code: string; codeSystem: string; analyte: string }) => ({
  labTestId: t.id,
  code: t.code,
  codeSystem: t.codeSystem,
  analyte: t.analyte,
});

/** An unreviewed ALT result of this flag collected on this day, as a panel would have recorded it. */
export async function altResult(patientId: string, enteredById: string, specimenDate: string, flag: "HIGH" | "ACTION" | "CRITICAL") {
  const t = await testDb().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
  return testDb().labResult.create({
    data: {
      patientId,
      ...labTestFields(t),
      specimenDate: day(specimenDate),
      valueNumeric: flag === "CRITICAL" ? 900 : flag === "ACTION" ? 300 : 90,
      unit: t.unit,
      flag,
      submissionId: randomUUID(),
      enteredById,
    },
    select: { id: true },
  });
}

/** A qualitative pregnancy test as a laboratory interface or a nurse would have recorded it. */
export async function pregnancyTest(
  patientId: string,
  date: string,
  enteredById: string,
  result: "NEGATIVE" | "POSITIVE" | "INDETERMINATE" = "NEGATIVE",
  setting: "LAB" | "OFFICE" | "HOME" = "LAB",
) {
  const t = await testDb().labTest.findFirstOrThrow({ where: { code: "2106-3" } });
  return testDb().labResult.create({
    data: {
      patientId,
      ...labTestFields(t),
      specimenDate: day(date),
      valueQualitative: result,
      flag: result === "NEGATIVE" ? "NORMAL" : "CRITICAL",
      pregnancyTestSetting: setting,
      submissionId: randomUUID(),
      enteredById,
    },
  });
}

/**
 * Everything the pregnancy-prevention rules ask before a first prescription on `date` (iPLEDGE): a
 * screening test 25 days before, a laboratory test 2 days before, two methods of contraception
 * documented from 45 days before. Counseling comes with the prescription form (counseled=on), which
 * confirms that contraception with the patient: the answer is the form field that does it.
 */
export async function readyForFirstPrescription(patientId: string, date: string, by: string): Promise<{ confirmedContraceptionId: string }> {
  const shift = (n: number) => new Date(day(date).getTime() + n * 86_400_000).toISOString().slice(0, 10);
  await pregnancyTest(patientId, shift(-25), by);
  await pregnancyTest(patientId, shift(-2), by);
  const { id } = await testDb().contraceptionRecord.create({
    data: {
      patientId,
      method: "TWO_METHODS",
      methods: "Intrauterine device (IUD) + Male latex condom",
      firstMethod: "IUD",
      secondMethod: "MALE_CONDOM",
      startDate: day(shift(-45)),
      recordedById: by,
    },
    select: { id: true },
  });
  return { confirmedContraceptionId: id };
}

/** A reader with every clinical permission, for tests of what the read functions return. */
export const CLINICIAN = { role: "DERMATOLOGIST" as const };

/** A stored monitoring item (peak labs): due on `due`, due soon 7 days before, overdue 14 days after. */
export function storedItem(patientId: string, itemKey: string, due: string, over: { label?: string; completedOn?: Date; waived?: boolean } = {}) {
  return {
    patientId,
    itemKey,
    courseId: randomUUID(),
    kind: "PEAK_LABS" as const,
    label: "Peak labs",
    dueDate: day(due),
    dueSoonDays: 7,
    overdueAfterDays: 14,
    reason: "x",
    ...over,
  };
}
