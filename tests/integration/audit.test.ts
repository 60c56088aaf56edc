import { afterAll, describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import { recordPatientView } from "@/lib/data/access-audit";
import { appendAuditRecord as writeAudit } from "@/lib/data/audit";
import { verifyAuditChain } from "@/lib/data/audit-report";
import { makePatient, makeUser, testDb } from "./helpers";

/** The superuser, for what only a database administrator can do. */
const admin = createPrismaClient(inject("adminUrl"));
afterAll(() => admin.$disconnect());

const audit = (action: string, changes?: Record<string, unknown>) =>
  testDb().$transaction((tx) => writeAudit(tx, null, { action, entityType: "Test", changes: changes as never }));
const newest = () => testDb().auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
/** Every row after `afterId`, oldest first. */
const rowsAfter = (afterId: bigint) => testDb().auditEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" } });

describe("audit trail", () => {
  it("refuses updates and deletes, even to a superuser, while the triggers are on", async () => {
    await audit("test.event");
    const row = await newest();
    const count = await testDb().auditEvent.count();
    await expect(admin.auditEvent.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(admin.auditEvent.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(admin.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
    expect(await newest()).toEqual(row);
    expect(await testDb().auditEvent.count()).toBe(count);
  });

  it("chains every row to the previous one with a keyed hash", async () => {
    const head = await newest();
    for (let i = 0; i < 5; i++) await audit(`chain.${i}`, { i, nested: { b: [1, 2.5, "x"], a: null } });
    const rows = await rowsAfter(head.id);
    // Exactly the five rows, as written, each linked to the one before it.
    expect(rows.map((r) => ({ action: r.action, entityType: r.entityType, actorId: r.actorId, changes: r.changes, hashScheme: r.hashScheme }))).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({
        action: `chain.${i}`,
        entityType: "Test",
        actorId: null,
        changes: { i, nested: { a: null, b: [1, 2.5, "x"] } },
        hashScheme: "hmac-sha256",
      })),
    );
    expect(rows.map((r) => r.prevHash)).toEqual([head.hash, ...rows.slice(0, 4).map((r) => r.hash)]);
    for (const r of rows) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    // Verification reads every row of the trail, up to and including these.
    expect(await verifyAuditChain()).toEqual({ checked: await testDb().auditEvent.count(), brokenAt: null, truncated: null, badCheckpoints: 0 });
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
    // Every row before it verifies; the chain breaks at it.
    expect(await verifyAuditChain()).toEqual({
      checked: (await testDb().auditEvent.count()) - 1,
      brokenAt: row.id.toString(),
      truncated: null,
      badCheckpoints: 0,
    });
    // Put the trail back for the other tests: the superuser removes the foreign row.
    await admin.$executeRaw`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update`;
    await admin.$executeRaw`DELETE FROM audit_events WHERE id = ${row.id}`;
    await admin.$executeRaw`ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update`;
    expect((await verifyAuditChain()).brokenAt).toBeNull();
  });

  it("a server without AUDIT_HMAC_KEY writes no audit row, and so no change", async () => {
    const patient = await makePatient();
    const key = process.env.AUDIT_HMAC_KEY;
    const head = await newest();
    delete process.env.AUDIT_HMAC_KEY;
    try {
      await expect(
        testDb().$transaction(async (tx) => {
          await tx.patient.update({ where: { id: patient.id }, data: { firstName: "Changed" } });
          await writeAudit(tx, null, { action: "patient.update", entityType: "Patient", entityId: patient.id, patientId: patient.id });
        }),
      ).rejects.toThrow(/AUDIT_HMAC_KEY/);
    } finally {
      process.env.AUDIT_HMAC_KEY = key;
    }
    expect(await rowsAfter(head.id)).toEqual([]);
    expect((await testDb().patient.findUniqueOrThrow({ where: { id: patient.id } })).firstName).toBe("Test");
  });
});

describe("audit chain under concurrency", () => {
  it("stays linear in id order when many transactions write at once", async () => {
    const db = testDb();
    const head = await newest();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.$transaction(async (tx) => {
          await writeAudit(tx, null, { action: `concurrent.${i}`, entityType: "Test" });
          await writeAudit(tx, null, { action: `concurrent.${i}.b`, entityType: "Test" });
        }),
      ),
    );
    const rows = await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, action: true, prevHash: true, hash: true } });
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    // 80 new rows, consecutive ids; each transaction's two rows are adjacent (the chain lock is held to commit).
    const added = rows.filter((r) => r.id > head.id);
    expect(added.map((r) => r.id)).toEqual(Array.from({ length: 80 }, (_, k) => added[0]!.id + BigInt(k)));
    const pairs = Array.from({ length: 40 }, (_, k) => [added[2 * k]!.action, added[2 * k + 1]!.action]);
    for (const [a, b] of pairs) expect(b).toBe(`${a}.b`);
    expect(pairs.map(([a]) => a).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `concurrent.${i}`).sort());
    expect(await verifyAuditChain()).toEqual({ checked: rows.length, brokenAt: null, truncated: null, badCheckpoints: 0 });
  });

  it("views written through the driver's transactions and changes written through Prisma's share one chain", async () => {
    const db = testDb();
    const nurse = await makeUser("NURSE");
    const patient = await makePatient();
    const head = await newest();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        recordPatientView({ id: nurse.id, role: "NURSE" }, patient.id, `view.${i}`),
        db.$transaction((tx) => writeAudit(tx, null, { action: `change.${i}`, entityType: "Test" })),
      ]).flat(),
    );
    const added = await rowsAfter(head.id);
    expect(
      added
        .filter((r) => r.action === "patient.view")
        .map((r) => (r.changes as { section: string }).section)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `view.${i}`).sort());
    expect(added.filter((r) => r.action.startsWith("change.")).length).toBe(20);
    expect(added.map((r) => r.id)).toEqual(Array.from({ length: 40 }, (_, k) => added[0]!.id + BigInt(k)));
    for (let i = 1; i < added.length; i++) expect(added[i]!.prevHash).toBe(added[i - 1]!.hash);
    const all = await db.auditEvent.count();
    expect(await verifyAuditChain()).toEqual({ checked: all, brokenAt: null, truncated: null, badCheckpoints: 0 });
  });
});
