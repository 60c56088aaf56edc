import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { db as appDb } from "@/lib/db";
import { appendCheckpoint, auditKey, KEYED_SCHEME, readCheckpoints, rowHmac, sameHex } from "./audit-chain";
import { dateColumn, queryRow, queryRows } from "./query-rows";

export interface ChainReport {
  /** Rows read before the first break, or all of them. */
  checked: number;
  /** The first row that was altered, inserted out of chain, or is missing where a checkpoint names it. */
  brokenAt: string | null;
  /** The newest rows were deleted: a checkpoint names a row past the current end of the trail. */
  truncated: { checkpointId: string; headId: string } | null;
  /** Checkpoint lines whose signature fails (the checkpoint file was edited). */
  badCheckpoints: number;
}

const BATCH = 2000;

/** An audit row as verification reads it, with the unkeyed hash SQL computes for rows before the keyed chain. */
const chainRow = z.object({
  id: z.bigint(),
  occurred_at: dateColumn,
  actor_id: z.string().nullable(),
  actor_role: z.string().nullable(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  patient_id: z.string().nullable(),
  changes: z.unknown(),
  prev_hash: z.string().nullable(),
  hash: z.string().nullable(),
  hash_scheme: z.string(),
  legacy_hash: z.string().nullable(),
});

/**
 * Recomputes the chain in id order, outside the database (the key never reaches it), then compares the
 * trail with the signed checkpoints. Rows written before the keyed chain ("sha256") are checked with their
 * old unkeyed formula, computed by SQL as the old trigger did; one after the first keyed row is a break.
 * An intact trail gets a new checkpoint at its head, so a later deletion of the newest rows shows.
 */
export async function verifyAuditChain(client: PrismaClient = appDb): Promise<ChainReport> {
  const key = auditKey();
  const { db } = await queryRow(client, z.object({ db: z.string() }), Prisma.sql`SELECT current_database() AS db`);
  const { valid, invalid } = readCheckpoints(key, db);
  const checkpoints = new Map(valid.map((c) => [c.id, c.head]));
  const seen = new Set<string>();
  let expectedPrev = "";
  let keyed = false;
  let checked = 0;
  let brokenAt: string | null = null;
  let head: { id: bigint; hash: string } | null = null;

  scan: for (let after = 0n; ;) {
    const rows = await queryRows(
      client,
      chainRow,
      Prisma.sql`
      SELECT id, occurred_at, actor_id::text, actor_role::text, action, entity_type, entity_id, patient_id::text, changes,
        prev_hash, hash, hash_scheme,
        CASE WHEN hash_scheme = 'sha256' THEN encode(sha256(convert_to(
          prev_hash || '|' || id::text || '|' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '|' ||
          COALESCE(actor_id::text, '') || '|' || COALESCE(actor_role::text, '') || '|' || action || '|' || entity_type || '|' ||
          COALESCE(entity_id, '') || '|' || COALESCE(patient_id::text, '') || '|' || COALESCE(changes::text, ''), 'UTF8')), 'hex') END AS legacy_hash
      FROM audit_events WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`,
    );
    for (const r of rows) {
      const id = r.id.toString();
      let ok = r.prev_hash === expectedPrev && r.hash !== null;
      if (ok && r.hash_scheme === KEYED_SCHEME) {
        keyed = true;
        const fields = {
          id: r.id,
          prevHash: r.prev_hash!,
          occurredAt: r.occurred_at,
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          patientId: r.patient_id,
          changes: r.changes,
        };
        ok = sameHex(r.hash, rowHmac(key, fields));
      } else if (ok) {
        // An unkeyed row is only valid before the keyed chain starts: otherwise it is a forged downgrade.
        ok = r.hash_scheme === "sha256" && !keyed && r.hash === r.legacy_hash;
      }
      if (ok && checkpoints.has(id)) ok = checkpoints.get(id) === r.hash;
      if (!ok) {
        brokenAt = id;
        break scan;
      }
      checked++;
      seen.add(id);
      expectedPrev = r.hash!;
      head = { id: r.id, hash: r.hash! };
    }
    if (rows.length < BATCH) break;
    after = rows[rows.length - 1]!.id;
  }

  const headId = head?.id ?? 0n;
  // A checkpointed row that is gone while later rows remain was deleted from the middle.
  if (brokenAt === null) {
    const missing = valid.map((c) => BigInt(c.id)).filter((id) => id <= headId && !seen.has(id.toString()));
    if (missing.length) brokenAt = missing.reduce((a, b) => (b < a ? b : a)).toString();
  }
  const newest = valid.map((c) => BigInt(c.id)).reduce((a, b) => (b > a ? b : a), 0n);
  const truncated = brokenAt === null && newest > headId ? { checkpointId: newest.toString(), headId: headId.toString() } : null;
  if (brokenAt === null && truncated === null && invalid === 0 && head && checkpoints.get(head.id.toString()) !== head.hash) {
    appendCheckpoint(key, db, head.id, head.hash);
  }
  return { checked, brokenAt, truncated, badCheckpoints: invalid };
}

// ---------------------------------------------------------------------------------------------------------
// A verification's result, carried from the POST that ran it to the page that shows it. Verification reads
// the whole trail and may append a checkpoint, so only the audit page's form (a server action) runs it; the
// page's GET shows a result sealed for the administrator who ran it, for a few minutes, and a link (or a
// reload) shows that result again without running anything. The seal is an HMAC under a key derived from
// AUDIT_HMAC_KEY, bound to the administrator's id, so a result cannot be forged, altered or shown to another.

/** How long the page shows a verification's result to the administrator who ran it. */
export const VERIFICATION_SHOWN_MINUTES = 10;

const idText = z.string().regex(/^\d{1,20}$/);
const sealedReport = z.object({
  at: z.number().int(),
  report: z.object({
    checked: z.number().int().nonnegative(),
    brokenAt: idText.nullable(),
    truncated: z.object({ checkpointId: idText, headId: idText }).nullable(),
    badCheckpoints: z.number().int().nonnegative(),
  }),
});

function sealMac(viewerId: string, payload: string): string {
  const key = Buffer.from(hkdfSync("sha256", auditKey(), Buffer.alloc(0), "isotrack-audit-verification-v1", 32));
  return createHmac("sha256", key)
    .update(JSON.stringify([viewerId, payload]))
    .digest("base64url");
}

/** The result as the address carries it: base64url JSON (counts and audit row ids only), then its seal. */
export function sealChainReport(report: ChainReport, viewerId: string, at = new Date()): string {
  const payload = Buffer.from(JSON.stringify({ at: at.getTime(), report })).toString("base64url");
  return `${payload}.${sealMac(viewerId, payload)}`;
}

/**
 * The result a sealed value carries, when its seal holds for this administrator and it is at most
 * VERIFICATION_SHOWN_MINUTES old (a minute ahead of this clock is allowed, for instances whose clocks
 * differ); null otherwise.
 */
export function openChainReport(sealed: string, viewerId: string, now = new Date()): { report: ChainReport; verifiedAt: Date } | null {
  const [payload, mac, ...rest] = sealed.split(".");
  if (!payload || !mac || rest.length) return null;
  const expected = sealMac(viewerId, payload);
  const given = Buffer.from(mac);
  // Compared as bytes: a mac with a character of several bytes has a string length equal to the expected one.
  if (given.length !== Buffer.byteLength(expected) || !timingSafeEqual(given, Buffer.from(expected))) return null;
  let parsed: ReturnType<typeof sealedReport.safeParse>;
  try {
    parsed = sealedReport.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  } catch {
    return null;
  }
  if (!parsed.success) return null;
  const age = now.getTime() - parsed.data.at;
  if (age < -60_000 || age > VERIFICATION_SHOWN_MINUTES * 60_000) return null;
  return { report: parsed.data.report, verifiedAt: new Date(parsed.data.at) };
}
