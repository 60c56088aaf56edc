import { randomUUID } from "node:crypto";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/auth/permissions";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { sessionState } from "./setup";

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
    data: { email: `${role.toLowerCase()}-${randomUUID()}@test.isotrack`, name: `Test ${role}`, role, passwordHash: "not-used", disabled: over.disabled ?? false },
  });
}

/** Acts as this user for the following action calls; null for an anonymous caller. */
export function actAs(user: { id: string; sessionVersion: number } | null) {
  sessionState.current = user ? { userId: user.id, sv: user.sessionVersion, loginAt: Math.floor(Date.now() / 1000) } : null;
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
  const [patients, courses, doseChanges, prescriptions, labs, audits, users] = await Promise.all([
    db.patient.count(),
    db.course.count(),
    db.doseChange.count(),
    db.prescription.count(),
    db.labResult.count(),
    db.auditEvent.count(),
    db.user.count(),
  ]);
  return { patients, courses, doseChanges, prescriptions, labs, audits, users };
}
