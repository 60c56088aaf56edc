import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { can, type Role } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { NON_CLINICAL_ACTIONS } from "./audit-actions";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  from?: string;
  to?: string;
  actorId?: string;
  patientId?: string;
  page: number;
}


/** The key paths of a change record, without its values ("results.code", "schedule.mgPerIntake"...). */
export function changedFields(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return prefix ? [prefix] : [];
  if (Array.isArray(value)) return value.length === 0 ? (prefix ? [prefix] : []) : [...new Set(value.flatMap((v) => changedFields(v, prefix)))];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return prefix ? [prefix] : [];
  return entries.flatMap(([k, v]) => changedFields(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * The audit trail as the viewer's role may read it. Without clinical access (administrators), a clinical
 * event shows who, when, which action, which patient (name and MRN, to answer "who opened this record")
 * and which fields changed, never the values; clinical roles read them on the patient's own history.
 * Filters are calendar dates in UTC, as audit times are stored and shown in UTC.
 */
export async function getAuditReport(viewer: { role: Role }, f: AuditFilters) {
  const where: Prisma.AuditEventWhereInput = {
    ...(f.actorId ? { actorId: f.actorId } : {}),
    // A patient's events, and the lists that showed the patient.
    ...(f.patientId ? { OR: [{ patientId: f.patientId }, { changes: { path: ["patientIds"], array_contains: [f.patientId] } }] } : {}),
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}), ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } : {}) } } : {}),
  };
  const [rows, total, users] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip: (f.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    db.auditEvent.count({ where }),
    db.user.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const patientIds = [...new Set(rows.map((r) => r.patientId).filter((id): id is string => id !== null))];
  const patients = new Map(
    (await db.patient.findMany({ where: { id: { in: patientIds } }, select: { id: true, firstName: true, lastName: true, mrn: true } })).map((p) => [p.id, { name: `${p.lastName}, ${p.firstName}`, mrn: p.mrn }]),
  );
  const clinical = can(viewer.role, "labs.read");
  return {
    rows: rows.map((r) => ({
      ...r,
      id: r.id.toString(),
      actorName: r.actorId ? (names.get(r.actorId) ?? r.actorId) : "—",
      patient: r.patientId ? (patients.get(r.patientId) ?? null) : null,
      changes: clinical || NON_CLINICAL_ACTIONS.test(r.action) || r.changes === null ? r.changes : { fields: changedFields(r.changes) },
    })),
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    users,
  };
}

// Verification lives with the keyed chain; the audit page imports it from here.
export { verifyAuditChain, type ChainReport } from "./audit-verify";
