import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  from?: string;
  to?: string;
  actorId?: string;
  patientId?: string;
  page: number;
}

/** Filters are calendar dates in UTC, as audit times are stored and shown in UTC. */
export async function getAuditReport(f: AuditFilters) {
  const where: Prisma.AuditEventWhereInput = {
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.patientId ? { patientId: f.patientId } : {}),
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}), ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } : {}) } } : {}),
  };
  const [rows, total, users] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip: (f.page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
    db.auditEvent.count({ where }),
    db.user.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const names = new Map(users.map((u) => [u.id, u.name]));
  return {
    rows: rows.map((r) => ({ ...r, id: r.id.toString(), actorName: r.actorId ? (names.get(r.actorId) ?? r.actorId) : "—" })),
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    users,
  };
}

/**
 * Recomputes the hash chain over every row, in id order, and returns the first row that does not match
 * (null when intact). The canonical form matches the database trigger.
 */
export async function verifyAuditChain(): Promise<{ checked: number; brokenAt: string | null }> {
  const rows = await db.$queryRaw<{ id: bigint; prev_hash: string; hash: string; canonical: string }[]>`
    SELECT id, prev_hash, hash,
      prev_hash || '|' || id::text || '|' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '|' ||
      COALESCE(actor_id::text, '') || '|' || COALESCE(actor_role::text, '') || '|' || action || '|' || entity_type || '|' ||
      COALESCE(entity_id, '') || '|' || COALESCE(patient_id::text, '') || '|' || COALESCE(changes::text, '') AS canonical
    FROM audit_events ORDER BY id`;
  let prev = "";
  for (const r of rows) {
    if (r.prev_hash !== prev || createHash("sha256").update(r.canonical, "utf8").digest("hex") !== r.hash) return { checked: rows.length, brokenAt: r.id.toString() };
    prev = r.hash;
  }
  return { checked: rows.length, brokenAt: null };
}
