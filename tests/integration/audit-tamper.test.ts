import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/data/audit";
import { checkpointDir } from "@/lib/data/audit-chain";
import { verifyAuditChain } from "@/lib/data/audit-verify";
import { migrate } from "@/lib/migrate";
import { createFreshDatabase, type FreshDatabase } from "../../scripts/fresh-db.mjs";

/**
 * Attacks on the audit trail by a database superuser, who can switch the append-only triggers off. Each test
 * gets a database of its own (app role for the writes, the superuser for the attack), since it breaks the chain.
 */
let fresh: FreshDatabase;
let app: PrismaClient;
let su: pg.Client;

beforeEach(async () => {
  fresh = await createFreshDatabase(inject("adminUrl"), "isotrack_tamper");
  await migrate(fresh.ownerUrl, undefined, { appRole: fresh.appRole });
  app = createPrismaClient(fresh.url);
  su = new pg.Client({ connectionString: fresh.adminUrl });
  await su.connect();
});
afterEach(async () => {
  delete process.env.AUDIT_CHECKPOINT_EVERY;
  await app.$disconnect();
  await su.end();
  await fresh.drop();
});

/** Writes n audit rows through the application's path and returns their ids. */
async function write(n: number, mg = 20): Promise<bigint[]> {
  for (let i = 0; i < n; i++) {
    await app.$transaction((tx) => writeAudit(tx, null, { action: "dose.change", entityType: "DoseChange", entityId: `e${i}`, changes: { mg, step: i } }));
  }
  return (await app.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((r) => r.id);
}

/** The old trigger's unkeyed SHA-256 of a row, given its prev_hash (what an attacker can recompute). */
const PLAIN_SHA256 = `encode(sha256(convert_to($1 || '|' || id::text || '|' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '|' ||
  COALESCE(actor_id::text, '') || '|' || COALESCE(actor_role::text, '') || '|' || action || '|' || entity_type || '|' ||
  COALESCE(entity_id, '') || '|' || COALESCE(patient_id::text, '') || '|' || COALESCE(changes::text, ''), 'UTF8')), 'hex')`;

/** Re-links and re-hashes every row from `fromId` on with plain SHA-256, as the superuser. */
async function rehashFrom(fromId: bigint, scheme?: "sha256") {
  const { rows } = await su.query<{ id: string; prev: string }>(
    `SELECT id, COALESCE((SELECT hash FROM audit_events p WHERE p.id < a.id ORDER BY p.id DESC LIMIT 1), '') AS prev FROM audit_events a WHERE id = $1`,
    [fromId.toString()],
  );
  let prev = rows[0]!.prev;
  const ids = await su.query<{ id: string }>("SELECT id FROM audit_events WHERE id >= $1 ORDER BY id", [fromId.toString()]);
  for (const { id } of ids.rows) {
    const r = await su.query<{ hash: string }>(
      `UPDATE audit_events SET prev_hash = $1, hash = ${PLAIN_SHA256}, hash_scheme = COALESCE($3, hash_scheme) WHERE id = $2 RETURNING hash`,
      [prev, id, scheme ?? null],
    );
    prev = r.rows[0]!.hash;
  }
}

describe("a superuser rewrites a row", () => {
  it("and re-hashes the chain with plain SHA-256: verification names that row", async () => {
    const ids = await write(6);
    expect(await verifyAuditChain(app)).toMatchObject({ brokenAt: null, truncated: null, checked: 6 });
    await su.query("SET session_replication_role = replica"); // triggers off for this session
    await su.query(`UPDATE audit_events SET changes = '{"mg": 40, "step": 2}' WHERE id = $1`, [ids[2]!.toString()]);
    await rehashFrom(ids[2]!);
    // Every link still matches (the old, unkeyed verification would pass), but the keyed hash cannot be forged.
    const links = await su.query<{ ok: boolean }>(
      "SELECT bool_and(prev_hash = lag) AS ok FROM (SELECT prev_hash, lag(hash, 1, '') OVER (ORDER BY id) FROM audit_events) x",
    );
    expect(links.rows[0]!.ok).toBe(true);
    expect(await verifyAuditChain(app)).toMatchObject({ brokenAt: ids[2]!.toString(), checked: 2 });
  });

  it("and passes the rewritten rows off as pre-key rows: verification names the first one", async () => {
    const ids = await write(5);
    await su.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
    await su.query(`UPDATE audit_events SET action = 'dose.view' WHERE id = $1`, [ids[3]!.toString()]);
    await rehashFrom(ids[3]!, "sha256");
    await su.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
    expect((await verifyAuditChain(app)).brokenAt).toBe(ids[3]!.toString());
  });

  it("or inserts a row with a made-up hash: verification names it; without one, the database refuses it", async () => {
    const ids = await write(3);
    await expect(app.auditEvent.create({ data: { action: "x", entityType: "Test", hashScheme: "hmac-sha256", prevHash: "", hash: "00" } })).rejects.toThrow(
      /chain head|keyed hash/,
    );
    await su.query("SET session_replication_role = replica");
    const head = await su.query<{ hash: string }>("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1");
    const forged = await su.query<{ id: string }>(
      `INSERT INTO audit_events (action, entity_type, prev_hash, hash, hash_scheme) VALUES ('user.role_change', 'User', $1, repeat('ab', 32), 'hmac-sha256') RETURNING id`,
      [head.rows[0]!.hash],
    );
    expect(BigInt(forged.rows[0]!.id)).toBeGreaterThan(ids[2]!);
    expect((await verifyAuditChain(app)).brokenAt).toBe(forged.rows[0]!.id);
  });
});

describe("a superuser deletes the newest rows", () => {
  it("after a verification: the trail ends before the checkpoint that verification wrote", async () => {
    const ids = await write(6);
    expect(await verifyAuditChain(app)).toMatchObject({ brokenAt: null, truncated: null });
    await su.query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update");
    await su.query("DELETE FROM audit_events WHERE id > $1", [ids[2]!.toString()]);
    await su.query("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update");
    expect(await verifyAuditChain(app)).toEqual({
      checked: 3,
      brokenAt: null,
      truncated: { checkpointId: ids[5]!.toString(), headId: ids[2]!.toString() },
      badCheckpoints: 0,
    });
  });

  it("with no verification since: the checkpoints written every N rows show it", async () => {
    process.env.AUDIT_CHECKPOINT_EVERY = "4";
    const ids = await write(11);
    const lines = readFileSync(path.join(checkpointDir(), `${fresh.name}.jsonl`), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string });
    // Each checkpoint names the (committed) head as it stood when a later row was written: rows 4 and 8.
    expect(lines.map((l) => l.id)).toEqual([ids[3], ids[7]].map(String));
    await su.query("SET session_replication_role = replica");
    await su.query("DELETE FROM audit_events WHERE id >= $1", [ids[6]!.toString()]);
    expect(await verifyAuditChain(app)).toMatchObject({ brokenAt: null, truncated: { checkpointId: ids[7]!.toString(), headId: ids[5]!.toString() } });
  });

  it("from the middle: verification names the row that lost its predecessor", async () => {
    const ids = await write(5);
    await su.query("SET session_replication_role = replica");
    await su.query("DELETE FROM audit_events WHERE id = $1", [ids[2]!.toString()]);
    expect((await verifyAuditChain(app)).brokenAt).toBe(ids[3]!.toString());
  });
});

describe("checkpoints and old rows", () => {
  it("an edited checkpoint fails its signature and is not trusted", async () => {
    const ids = await write(4);
    await verifyAuditChain(app);
    const file = path.join(checkpointDir(), `${fresh.name}.jsonl`);
    writeFileSync(file, readFileSync(file, "utf8").replace(`"id":"${ids[3]}"`, `"id":"${ids[1]}"`));
    expect(await verifyAuditChain(app)).toMatchObject({ brokenAt: null, truncated: null, badCheckpoints: 1 });
  });

  it("rows from before the keyed chain still verify, and the keyed chain continues from them", async () => {
    // Rows as the old trigger wrote them (unkeyed SHA-256), then the app's keyed rows after them.
    await su.query("SET session_replication_role = replica");
    for (const action of ["auth.login", "patient.create"]) {
      const prev = await su.query<{ h: string }>("SELECT COALESCE((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), '') AS h");
      const row = await su.query<{ id: string }>(
        `INSERT INTO audit_events (action, entity_type, changes, hash_scheme) VALUES ($1, 'Test', '{"b": 1, "a": [1, 2]}', 'sha256') RETURNING id`,
        [action],
      );
      await su.query(`UPDATE audit_events SET prev_hash = $1, hash = ${PLAIN_SHA256} WHERE id = $2`, [prev.rows[0]!.h, row.rows[0]!.id]);
    }
    const ids = await write(2);
    expect(await verifyAuditChain(app)).toMatchObject({ brokenAt: null, checked: 4 });
    // Rewriting an old row and re-hashing it breaks the link that the first keyed row's HMAC covers.
    await su.query(`UPDATE audit_events SET action = 'patient.view' WHERE id = $1`, [ids[1]!.toString()]);
    await su.query(`UPDATE audit_events SET hash = ${PLAIN_SHA256.replace("$1", "prev_hash")} WHERE id = $1`, [ids[1]!.toString()]);
    expect((await verifyAuditChain(app)).brokenAt).toBe(ids[2]!.toString());
  });
});
