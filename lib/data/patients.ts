import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import type { PatientInput } from "@/lib/validation/patient";
import { diffFields, writeAudit, type AuditActor } from "./audit";
import { refreshPatientMonitoring } from "./monitoring";

export const PAGE_SIZE = 20;

/** Reads "YYYY-MM-DD" or "MM/DD/YYYY" as a date of birth. */
function parseDobQuery(q: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(q);
  if (iso) return q;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(q);
  if (us) return `${us[3]}-${us[1]!.padStart(2, "0")}-${us[2]!.padStart(2, "0")}`;
  return null;
}

function searchWhere(q: string): Prisma.PatientWhereInput {
  if (!q) return {};
  const dob = parseDobQuery(q);
  if (dob) {
    const d = new Date(`${dob}T00:00:00.000Z`);
    return Number.isNaN(d.getTime()) ? { id: "00000000-0000-0000-0000-000000000000" } : { dateOfBirth: d };
  }
  const terms = q.replace(/,/g, " ").split(/\s+/).filter(Boolean).slice(0, 4);
  return {
    OR: [
      { mrn: { equals: q, mode: "insensitive" } },
      {
        AND: terms.map((t) => ({
          OR: [{ firstName: { startsWith: t, mode: "insensitive" } }, { lastName: { startsWith: t, mode: "insensitive" } }],
        })),
      },
    ],
  };
}

export async function searchPatients(q: string, page: number) {
  const where = searchWhere(q);
  const [rows, total] = await Promise.all([
    db.patient.findMany({
      where,
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, mrn: true, firstName: true, lastName: true, dateOfBirth: true, pregnancyCategory: true, phone: true },
    }),
    db.patient.count({ where }),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, dateOfBirth: isoFromDb(r.dateOfBirth) })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

export async function getPatient(patientId: string) {
  const p = await db.patient.findUnique({ where: { id: patientId } });
  return p ? { ...p, dateOfBirth: isoFromDb(p.dateOfBirth) } : null;
}

export class ConflictError extends Error {}
export class DuplicateMrnError extends Error {}

function toRow(input: PatientInput) {
  return { ...input, dateOfBirth: dbDate(input.dateOfBirth), phone: input.phone ?? null, email: input.email ?? null };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: string }).code === "P2002";
}

export async function createPatient(actor: AuditActor, input: PatientInput): Promise<string> {
  try {
    return await db.$transaction(async (tx) => {
      const patient = await tx.patient.create({ data: { ...toRow(input), primaryClinicianId: actor.role === "DERMATOLOGIST" ? actor.id : null }, select: { id: true } });
      await writeAudit(tx, actor, {
        action: "patient.create",
        entityType: "Patient",
        entityId: patient.id,
        patientId: patient.id,
        changes: { fields: Object.keys(input) },
      });
      return patient.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateMrnError();
    throw error;
  }
}

/** Optimistic concurrency: the update applies only if nobody saved since the form was loaded. */
export async function updatePatient(actor: AuditActor, patientId: string, version: number, input: PatientInput): Promise<void> {
  try {
    await db.$transaction(async (tx) => {
      const before = await tx.patient.findUnique({ where: { id: patientId } });
      if (!before) throw new ConflictError("gone");
      const updated = await tx.patient.updateMany({ where: { id: patientId, version }, data: { ...toRow(input), version: { increment: 1 } } });
      if (updated.count !== 1) throw new ConflictError("stale");
      const changed = diffFields(before as unknown as Record<string, unknown>, toRow(input));
      // Demographic values are PHI: the audit row names the fields that changed, not their values.
      // The pregnancy-potential category decides which iPLEDGE items apply.
      if ("pregnancyCategory" in changed) await refreshPatientMonitoring(tx, patientId);
      await writeAudit(tx, actor, { action: "patient.update", entityType: "Patient", entityId: patientId, patientId, changes: { fields: Object.keys(changed) } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateMrnError();
    throw error;
  }
}

/** Records that a user opened a patient's record (HIPAA access accounting). */
export async function recordPatientView(actor: AuditActor, patientId: string, section: string): Promise<void> {
  await db.$transaction((tx) => writeAudit(tx, actor, { action: "patient.view", entityType: "Patient", entityId: patientId, patientId, changes: { section } }));
}
