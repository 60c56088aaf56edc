import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { testDb } from "./helpers";

describe("audit trail", () => {
  it("refuses updates and deletes", async () => {
    const db = testDb();
    const row = await db.auditEvent.create({ data: { action: "test.event", entityType: "Test" } });
    await expect(db.auditEvent.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
  });

  it("chains every row to the previous one", async () => {
    const db = testDb();
    for (let i = 0; i < 5; i++) await db.auditEvent.create({ data: { action: `chain.${i}`, entityType: "Test", changes: { i } } });
    const rows = await db.$queryRaw<{ id: bigint; prev_hash: string; hash: string; canonical: string }[]>`
      SELECT id, prev_hash, hash,
        prev_hash || '|' || id::text || '|' || to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS') || '|' ||
        COALESCE(actor_id::text, '') || '|' || COALESCE(actor_role::text, '') || '|' || action || '|' || entity_type || '|' ||
        COALESCE(entity_id, '') || '|' || COALESCE(patient_id::text, '') || '|' || COALESCE(changes::text, '') AS canonical
      FROM audit_events ORDER BY id`;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      expect(r.prev_hash).toBe(i === 0 ? "" : rows[i - 1]!.hash);
      expect(r.hash).toBe(createHash("sha256").update(r.canonical, "utf8").digest("hex"));
    }
  });
});

describe("audit chain under concurrency", () => {
  it("stays linear in id order when many transactions write at once", async () => {
    const db = testDb();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.$transaction(async (tx) => {
          await tx.auditEvent.create({ data: { action: `concurrent.${i}`, entityType: "Test" } });
          await tx.auditEvent.create({ data: { action: `concurrent.${i}.b`, entityType: "Test" } });
        }),
      ),
    );
    const rows = await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { prevHash: true, hash: true } });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
  });
});
