import "server-only";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RawClient, Tx } from "@/lib/db";
import type { Role } from "@/lib/auth/permissions";
import type { AuditAction } from "./audit-actions";
import { AUDIT_CHAIN_LOCK, auditKey, KEYED_SCHEME, maybeCheckpoint, rowHmac } from "./audit-chain";
import { dateColumn, queryRow } from "./query-rows";

export interface AuditActor {
  id: string;
  role: Role;
}

/** A system that writes records itself (a lab interface): recorded by its id, with no role. */
export interface SystemActor {
  id: string;
  role: null;
}
export const systemActor = (id: string): SystemActor => ({ id, role: null });

/** Whoever an audit row names: a user, an API client (with its role), a lab interface, or nobody. */
export type AuditWriter = AuditActor | SystemActor | null;

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

/** The next rows' ids and time, and the chain's head (none before the first row); ids as text, as both clients read them. */
const chainHeadRow = z.object({
  ids: z.array(z.coerce.bigint()),
  at: dateColumn,
  db: z.string(),
  head_id: z.coerce.bigint().nullable(),
  head_hash: z.string().nullable(),
});

/** Whether this transaction has appended to the chain: a setting local to the transaction (appendAuditRecords). */
const APPENDED = "isotrack.audit_appended";
const earlierAppend = z.object({ earlier: z.string().nullable() });

/**
 * Writes one audit row inside the caller's transaction, so the change and its record commit or roll back
 * together. Every event of the portal is recorded through here.
 */
export function writeAudit(tx: Tx, actor: AuditWriter, entry: AuditEntry): Promise<void> {
  return appendAuditRecords(tx, [{ actor, entry }]);
}

/** Appends one row to the chain inside the caller's transaction (appendAuditRecords). */
export function appendAuditRecord(tx: Tx, actor: AuditWriter, entry: AuditRecord): Promise<void> {
  return appendAuditRecords(tx, [{ actor, entry }]);
}

/**
 * Appends rows to the chain, in order, inside the caller's transaction. Under the chain lock (held to
 * commit, so ids follow commit order) it reads the head once, draws the ids, and computes each row's HMAC,
 * linked to the row before it, with the key the database never sees (lib/data/audit-chain.ts). The
 * database checks every link and refuses updates and deletes. `tx` is a Prisma transaction (a change and
 * its record) or a driver transaction (lib/db.ts inDriverTransaction: the access audit of views); the
 * statements are the same.
 */
export async function appendAuditRecords(tx: RawClient, records: { actor: AuditWriter; entry: AuditRecord }[]): Promise<void> {
  if (records.length === 0) return;
  const key = auditKey();
  // A statement of its own: in READ COMMITTED the next statement's snapshot is taken after the lock, so it
  // sees every row committed before this one. It also reads whether this transaction has appended before
  // (the next statement notes that it has, until the transaction or its savepoint ends).
  const { earlier } = await queryRow(
    tx,
    earlierAppend,
    Prisma.sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})::text AS locked, current_setting(${APPENDED}, true) AS earlier`,
  );
  const head = await queryRow(
    tx,
    chainHeadRow,
    Prisma.sql`
    SELECT ARRAY(SELECT nextval(pg_get_serial_sequence('audit_events', 'id')) FROM generate_series(1, ${records.length}::int) ORDER BY 1)::text[] AS ids,
      now() AS at, current_database() AS db, h.id::text AS head_id, h.hash AS head_hash, set_config(${APPENDED}, 'on', true) AS appended
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1) h ON true`,
  );
  const { db, head_id: headId, head_hash: headHash } = head;
  // A checkpoint names only a committed row. At a transaction's first append the head is another's, committed
  // (the lock is held to commit); at a later one it is this transaction's own row, which may yet roll back
  // (a timeout, an error): a checkpoint naming it would show the trail broken there for ever after.
  if (earlier !== "on" && headId !== null && headHash) maybeCheckpoint(key, db, headId, headHash);
  // Millisecond precision, as the column stores it, so the hashed time is the stored time.
  const occurredAt = new Date(head.at.getTime());
  let prevHash = headHash ?? "";
  const rows = records.map(({ actor, entry }, i) => {
    // Serialised once: the text inserted, and (parsed back) the value hashed, as jsonb will give it back.
    const changesJson = entry.changes === undefined ? null : JSON.stringify(entry.changes);
    const fields = {
      id: head.ids[i]!,
      prevHash,
      occurredAt,
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      patientId: entry.patientId ?? null,
      // Undefined members dropped.
      changes: changesJson === null ? null : (JSON.parse(changesJson) as unknown),
    };
    const hash = rowHmac(key, fields);
    prevHash = hash;
    return Prisma.sql`(${fields.id.toString()}::bigint, ${occurredAt}::timestamptz, ${fields.actorId}::uuid, ${fields.actorRole}::"Role", ${fields.action},
      ${fields.entityType}, ${fields.entityId}, ${fields.patientId}::uuid, ${changesJson}::jsonb,
      ${fields.prevHash}, ${hash}, ${KEYED_SCHEME})`;
  });
  // One statement: its rows are inserted in this order, and the trigger checks each against the one before.
  await tx.$queryRaw(Prisma.sql`
    INSERT INTO audit_events (id, occurred_at, actor_id, actor_role, action, entity_type, entity_id, patient_id, changes, prev_hash, hash, hash_scheme)
    VALUES ${Prisma.join(rows)}`);
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
