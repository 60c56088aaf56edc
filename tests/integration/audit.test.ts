import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { appendAuditRecord as writeAudit } from "@/lib/data/audit";
import { verifyAuditChain } from "@/lib/data/audit-report";
import { testDb } from "./helpers";

/** The superuser, for what only a database administrator can do. */
const admin = createPrismaClient(inject("adminUrl"));
afterAll(() => admin.$disconnect());

const audit = (action: string, changes?: Record<string, unknown>) =>
  testDb().$transaction((tx) => writeAudit(tx, null, { action, entityType: "Test", changes: changes as never }));
const newest = () => testDb().auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });

describe("audit trail", () => {
  it("refuses updates and deletes, even to a superuser, while the triggers are on", async () => {
    await audit("test.event");
    const row = await newest();
    await expect(admin.auditEvent.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(admin.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(admin.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
  });

  it("chains every row to the previous one with a keyed hash", async () => {
    for (let i = 0; i < 5; i++) await audit(`chain.${i}`, { i, nested: { b: [1, 2.5, "x"], a: null } });
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ brokenAt: null, truncated: null, badCheckpoints: 0 });
    expect(result.checked).toBeGreaterThanOrEqual(5);
    expect((await newest()).hashScheme).toBe("hmac-sha256");
  });

  it("verification finds a row altered behind the triggers' back, and passes again once it is restored", async () => {
    await audit("dose.change", { mg: 20 });
    const row = await newest();
    await admin.$executeRaw`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`;
    try {
      await admin.$executeRaw`UPDATE audit_events SET changes = '{"mg": 40}' WHERE id = ${row.id}`;
      expect(await verifyAuditChain()).toMatchObject({ brokenAt: row.id.toString() });
      await admin.$executeRaw`UPDATE audit_events SET changes = '{"mg": 20}' WHERE id = ${row.id}`;
    } finally {
      await admin.$executeRaw`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`;
    }
    expect((await verifyAuditChain()).brokenAt).toBeNull();
  });

  it("a row written with another key does not verify", async () => {
    const key = process.env.AUDIT_HMAC_KEY;
    process.env.AUDIT_HMAC_KEY = "another-key-that-is-long-enough-0123456789";
    try {
      await audit("settings.change", { x: 1 });
    } finally {
      process.env.AUDIT_HMAC_KEY = key;
    }
    const row = await newest();
    expect((await verifyAuditChain()).brokenAt).toBe(row.id.toString());
    // Put the trail back for the other tests: the superuser removes the foreign row.
    await admin.$executeRaw`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`;
    await admin.$executeRaw`DELETE FROM audit_events WHERE id = ${row.id}`;
    await admin.$executeRaw`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`;
    expect((await verifyAuditChain()).brokenAt).toBeNull();
  });

  it("a server without AUDIT_HMAC_KEY writes no audit row, and so no change", async () => {
    const key = process.env.AUDIT_HMAC_KEY;
    delete process.env.AUDIT_HMAC_KEY;
    try {
      await expect(audit("test.nokey")).rejects.toThrow(/AUDIT_HMAC_KEY/);
    } finally {
      process.env.AUDIT_HMAC_KEY = key;
    }
  });
});

describe("audit chain under concurrency", () => {
  it("stays linear in id order when many transactions write at once", async () => {
    const db = testDb();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.$transaction(async (tx) => {
          await writeAudit(tx, null, { action: `concurrent.${i}`, entityType: "Test" });
          await writeAudit(tx, null, { action: `concurrent.${i}.b`, entityType: "Test" });
        }),
      ),
    );
    const rows = await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { prevHash: true, hash: true } });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await verifyAuditChain()).toMatchObject({ brokenAt: null, truncated: null });
  });
});
