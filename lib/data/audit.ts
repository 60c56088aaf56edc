import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";

export interface AuditActor {
  id: string;
  role: Role;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  /** What changed: field names with before/after values, ids only for references. */
  changes?: Prisma.InputJsonValue;
}

/**
 * Writes one audit row inside the caller's transaction, so the change and its record commit or roll back
 * together. The database chains each row's hash to the previous one and refuses updates and deletes.
 */
export async function writeAudit(tx: Tx, actor: AuditActor | null, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      patientId: entry.patientId ?? null,
      changes: entry.changes,
    },
  });
}

/** Field-level diff of two flat records, for the audit trail. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    const prev = before[key];
    const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);
    if (JSON.stringify(norm(prev)) !== JSON.stringify(norm(value))) out[key] = { from: norm(prev), to: norm(value) };
  }
  return out;
}
