import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The keyed audit chain (README, "Audit trail"). Each row's hash is HMAC-SHA256, under AUDIT_HMAC_KEY, of
 * its previous row's hash and its own fields. The key lives outside the database, so a database superuser
 * who rewrites a row cannot produce a hash that verifies. Checkpoints of the chain head are appended to a
 * file outside the database, so deleting the newest rows is seen too.
 */
export const AUDIT_CHAIN_LOCK = 727274; // the trigger takes the same lock (see the keyed-chain migration)
export const KEYED_SCHEME = "hmac-sha256";

export function auditKey(): Buffer {
  const key = process.env.AUDIT_HMAC_KEY;
  // The launchers generate one under .data/ for local runs; a server without one must not write unkeyed rows.
  if (!key || key.length < 32) throw new Error('AUDIT_HMAC_KEY is not set (at least 32 characters): see README, "Audit trail"');
  return Buffer.from(key, "utf8");
}

/** JSON with object keys sorted, so that the value read back from jsonb hashes like the value written. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface ChainedFields {
  id: bigint;
  prevHash: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  changes: unknown;
}

/** The row's keyed hash. A JSON array as the message: no field can bleed into the next. */
export function rowHmac(key: Buffer, f: ChainedFields): string {
  const message = JSON.stringify([
    "isotrack-audit-v1",
    f.prevHash,
    f.id.toString(),
    f.occurredAt.toISOString(),
    f.actorId,
    f.actorRole,
    f.action,
    f.entityType,
    f.entityId,
    f.patientId,
    f.changes === null || f.changes === undefined ? null : canonicalJson(f.changes),
  ]);
  return createHmac("sha256", key).update(message).digest("hex");
}

export function sameHex(a: string | null, b: string): boolean {
  if (a === null || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

// ---------------------------------------------------------------------------------------------------------
// Checkpoints: one JSON line per checkpoint, in <AUDIT_CHECKPOINT_DIR>/<database>.jsonl, each signed with
// the key. A checkpoint says "the chain reached row `id` with hash `head`"; if the table later ends before
// that row, its newest rows were deleted.

export interface Checkpoint {
  db: string;
  id: string;
  head: string;
  at: string;
  mac: string;
}

export function checkpointDir(): string {
  return path.resolve(process.env.AUDIT_CHECKPOINT_DIR || path.join(process.cwd(), ".data", "audit-checkpoints"));
}

function checkpointFile(db: string): string {
  return path.join(checkpointDir(), `${db.replace(/[^\w.-]/g, "_")}.jsonl`);
}

function checkpointMac(key: Buffer, c: Omit<Checkpoint, "mac">): string {
  return createHmac("sha256", key)
    .update(JSON.stringify(["isotrack-checkpoint-v1", c.db, c.id, c.head, c.at]))
    .digest("hex");
}

/** Highest checkpointed id per database, as this process last wrote or read it. */
const lastCheckpointed = new Map<string, bigint>();

/**
 * Appends a signed checkpoint. Lines are short and written with O_APPEND, so instances sharing the directory
 * never interleave within a line. Callers pass only committed rows (a rolled-back row must never be named).
 */
export function appendCheckpoint(key: Buffer, db: string, id: bigint, head: string): void {
  mkdirSync(checkpointDir(), { recursive: true, mode: 0o700 });
  const body = { db, id: id.toString(), head, at: new Date().toISOString() };
  appendFileSync(checkpointFile(db), `${JSON.stringify({ ...body, mac: checkpointMac(key, body) })}\n`, { mode: 0o600 });
  if (id > (lastCheckpointed.get(db) ?? 0n)) lastCheckpointed.set(db, id);
}

/** The file's checkpoints for this database: those whose signature holds, and how many do not. */
export function readCheckpoints(key: Buffer, db: string): { valid: Checkpoint[]; invalid: number } {
  const file = checkpointFile(db);
  if (!existsSync(file)) return { valid: [], invalid: 0 };
  const valid: Checkpoint[] = [];
  let invalid = 0;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as Checkpoint;
      const ok = c.db === db && /^\d+$/.test(c.id) && typeof c.head === "string" && sameHex(c.mac, checkpointMac(key, c));
      if (ok) valid.push(c);
      else invalid++;
    } catch {
      invalid++;
    }
  }
  return { valid, invalid };
}

/**
 * Called by writeAudit under the chain lock, at a transaction's first append, with the current head (another
 * transaction's, committed, since the lock is held to commit; never the caller's own row, which may yet roll
 * back): appends a checkpoint once the chain has grown AUDIT_CHECKPOINT_EVERY rows (default 100) past the last one.
 */
export function maybeCheckpoint(key: Buffer, db: string, headId: bigint, headHash: string): void {
  if (headId <= 0n || !headHash) return;
  const every = BigInt(Math.max(1, Number(process.env.AUDIT_CHECKPOINT_EVERY) || 100));
  if (!lastCheckpointed.has(db)) {
    const ids = readCheckpoints(key, db).valid.map((c) => BigInt(c.id));
    lastCheckpointed.set(
      db,
      ids.reduce((a, b) => (b > a ? b : a), 0n),
    );
  }
  if (headId - lastCheckpointed.get(db)! >= every) appendCheckpoint(key, db, headId, headHash);
}
