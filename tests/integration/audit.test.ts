import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { verifyAuditChain } from "@/lib/data/audit-report";
import { testDb } from "./helpers";

/** The superuser, for what only a database administrator can do. */
const admin = createPrismaClient(inject("adminUrl"));
afterAll(() => admin.$disconnect());

describe("audit trail", () => {
  it("refuses updates and deletes, even to a superuser, while the triggers are on", async () => {
    const row = await testDb().auditEvent.create({ data: { action: "test.event", entityType: "Test" } });
    await expect(admin.auditEvent.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(admin.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(admin.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
  });

  it("chains every row to the previous one", async () => {
    const db = testDb();
    for (let i = 0; i < 5; i++) await db.auditEvent.create({ data: { action: `chain.${i}`, entityType: "Test", changes: { i } } });
    const result = await verifyAuditChain();
    expect(result.brokenAt).toBeNull();
    expect(result.checked).toBeGreaterThanOrEqual(5);
  });

  it("verification finds a row altered behind the triggers' back", async () => {
    const db = admin;
    const row = await testDb().auditEvent.create({ data: { action: "dose.change", entityType: "DoseChange", changes: { mg: 20 } } });
    // Only a superuser can do this; the chain still shows it.
    await db.$executeRaw`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`;
    try {
      await db.$executeRaw`UPDATE audit_events SET changes = '{"mg": 40}' WHERE id = ${row.id}`;
      expect(await verifyAuditChain()).toMatchObject({ brokenAt: row.id.toString() });
      await db.$executeRaw`UPDATE audit_events SET changes = '{"mg": 20}' WHERE id = ${row.id}`;
    } finally {
      await db.$executeRaw`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`;
    }
    expect((await verifyAuditChain()).brokenAt).toBeNull();
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
