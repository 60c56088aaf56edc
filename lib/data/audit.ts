import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";
import type { AuditAction } from "./audit-actions";
import { AUDIT_CHAIN_LOCK, auditKey, KEYED_SCHEME, maybeCheckpoint, rowHmac } from "./audit-chain";
import { dateColumn, queryRow } from "./query-rows";

export interface AuditActor {
  id: string;
  role: Role;
}

/** One audit row as the portal writes it: its action is one of AUDIT_ACTIONS (lib/data/audit-actions.ts). */
export interface AuditEntry extends AuditRecord {
  action: AuditAction;
}

/** One audit row as the chain stores it, whatever its action. */
export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | null;
  patientId?: string | null;
  /** What changed: field names with before/after values, ids only for references. */
  changes?: Prisma.InputJsonValue;
}

/** The next row's id and time, and the chain's head (none before the first row). */
const chainHeadRow = z.object({ id: z.bigint(), at: dateColumn, db: z.string(), head_id: z.bigint().nullable(), head_hash: z.string().nullable() });

/**
 * Writes one audit row inside the caller's transaction, so the change and its record commit or roll back
 * together. Every event of the portal is recorded through here.
 */
export function writeAudit(tx: Tx, actor: AuditActor | null, entry: AuditEntry): Promise<void> {
  return appendAuditRecord(tx, actor, entry);
}

/**
 * Appends a row to the chain inside the caller's transaction. Under the chain lock (held to commit, so ids
 * follow commit order) it reads the head, draws the id, and computes the row's HMAC with the key the
 * database never sees (lib/data/audit-chain.ts). The database checks the link and refuses updates and
 * deletes.
 */
export async function appendAuditRecord(tx: Tx, actor: AuditActor | null, entry: AuditRecord): Promise<void> {
  const key = auditKey();
  // A statement of its own: in READ COMMITTED the next statement's snapshot is taken after the lock, so it
  // sees every row committed before this one.
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})::text AS locked`;
  const head = await queryRow(
    tx,
    chainHeadRow,
    Prisma.sql`
    SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) AS id, now() AS at, current_database() AS db,
      h.id AS head_id, h.hash AS head_hash
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1) h ON true`,
  );
  const { id, db, head_id: headId, head_hash: headHash } = head;
  // Millisecond precision, as the column stores it, so the hashed time is the stored time.
  const occurredAt = new Date(head.at.getTime());
  const fields = {
    id,
    prevHash: headHash ?? "",
    occurredAt,
    actorId: actor?.id ?? null,
    actorRole: actor?.role ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    patientId: entry.patientId ?? null,
    // As jsonb will give it back: undefined members dropped.
    changes: entry.changes === undefined ? null : (JSON.parse(JSON.stringify(entry.changes)) as Prisma.InputJsonValue),
  };
  if (headId !== null && headHash) maybeCheckpoint(key, db, headId, headHash);
  await tx.auditEvent.create({
    data: { ...fields, changes: fields.changes ?? undefined, hash: rowHmac(key, fields), hashScheme: KEYED_SCHEME },
  });
}

/** Field-level diff of two flat records, for the audit trail. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    const prev = before[key];
    const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : (v ?? null));
    if (JSON.stringify(norm(prev)) !== JSON.stringify(norm(value))) out[key] = { from: norm(prev), to: norm(value) };
  }
  return out;
}
