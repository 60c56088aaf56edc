import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { inDriverTransaction, type RawClient } from "@/lib/db";
import { appendAuditRecord } from "@/lib/data/audit";
import { makePatient, makeUser, testDb } from "./helpers";
import { lockHolder, watchedClient } from "./watched-client";

/**
 * A transaction is all or nothing, also when it ends by its timeout. When Prisma's timeout rolls a transaction
 * back while one of its statements is still running, the application's work goes on: a statement it sends after
 * the ROLLBACK would reach the same connection and run there on its own, committed at once (or inside whichever
 * transaction next borrows that connection). The database adapter (lib/db.ts) refuses every statement of a
 * transaction sent after its end, so nothing of a timed-out transaction is kept, and nothing is written without
 * its audit row.
 */
const app = watchedClient(process.env.DATABASE_URL!);
afterAll(() => app.client.$disconnect());

describe("a transaction that has ended", () => {
  it("through Prisma: after its timeout rolled it back, its remaining statements are refused, not committed on their own", async () => {
    const patient = await makePatient();
    const nurse = await makeUser("NURSE");
    // The patient's row is held here, so the transaction's update waits until its timeout has rolled it back.
    const holder = await lockHolder(process.env.DATABASE_URL!);
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM patients WHERE id = $1 FOR UPDATE", [patient.id]);
      const rolledBack = app.rollbackSent();
      const write = app.client.$transaction(
        async (tx) => {
          await appendAuditRecord(
            tx,
            { id: nurse.id, role: "NURSE" },
            { action: "test.weight", entityType: "Patient", entityId: patient.id, patientId: patient.id },
          );
          // One call, two statements: the patient's update, then (once it returns) the weight's insert.
          await tx.patient.update({
            where: { id: patient.id },
            data: { firstName: "Changed", weights: { create: { measuredOn: new Date("2026-11-20T00:00:00Z"), weightGrams: 61_000, enteredById: nurse.id } } },
          });
        },
        { timeout: 1000 },
      );
      await rolledBack;
      await holder.query("ROLLBACK");
      await expect(write).rejects.toThrow(/transaction has ended|expired transaction/);
    } finally {
      await holder.end();
    }
    const db = testDb();
    expect(await db.weightMeasurement.findMany({ where: { patientId: patient.id } })).toEqual([]);
    expect((await db.patient.findUniqueOrThrow({ where: { id: patient.id } })).firstName).toBe("Test");
    expect(await db.auditEvent.findMany({ where: { patientId: patient.id } })).toEqual([]);
    // The connection is usable again.
    expect(await app.client.$transaction((tx) => tx.patient.count({ where: { id: patient.id } }))).toBe(1);
  });

  it("through the driver: a statement sent with its client after it committed or rolled back is refused, not run on its own", async () => {
    const insert = (key: string) => Prisma.sql`INSERT INTO login_throttles (key, failures, window_start) VALUES (${key}, 1, now())`;
    let kept: RawClient | null = null;
    await inDriverTransaction(async (tx) => {
      kept = tx;
    });
    const afterCommit = `ended-commit-${randomUUID()}`;
    await expect(kept!.$queryRaw(insert(afterCommit))).rejects.toThrow(/ended/);
    await expect(
      inDriverTransaction(async (tx) => {
        kept = tx;
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const afterRollback = `ended-rollback-${randomUUID()}`;
    await expect(kept!.$queryRaw(insert(afterRollback))).rejects.toThrow(/ended/);
    expect(await testDb().loginThrottle.findMany({ where: { key: { in: [afterCommit, afterRollback] } } })).toEqual([]);
  });
});
