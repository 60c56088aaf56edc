import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "@/lib/db";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ensureReferenceData } from "@/lib/data/reference-data";
import { recordLabPanel } from "@/lib/data/labs";
import { migrate } from "@/lib/migrate";
import { createCluster, freeServerPort } from "../../scripts/embedded-db.mjs";
import { TODAY } from "./helpers";

/**
 * The database restarts in the middle of a multi-row clinical write: the write is all or nothing, and the
 * application's own client recovers by itself. Runs on a private embedded PostgreSQL so that stopping it
 * disturbs nothing else.
 */
const dir = mkdtempSync(path.join(tmpdir(), "isotrack-restart-"));
const port = await freeServerPort();
const server = createCluster({ clusterDir: dir, port });
const url = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
/** The advisory lock key that holds the write open. */
const HOLD_KEY = 424_242;
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
let appClient: PrismaClient;
let previous: PrismaClient | undefined;

beforeAll(async () => {
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

/** Asks the server until `probe` answers; each attempt is a query, never a timed wait. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined>, attempts = 2000): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe().catch(() => null);
    if (value !== null && value !== undefined) return value;
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("PostgreSQL restarted during a write", () => {
  it("keeps the panel all-or-nothing and recovers without restarting the app", async () => {
    const user = await appClient.user.create({ data: { email: `n-${randomUUID()}@t.test`, name: "Nurse", role: "NURSE", passwordHash: "x" } });
    const patient = await appClient.patient.create({
      data: {
        mrn: "R-1",
        firstName: "A",
        lastName: "B",
        dateOfBirth: new Date("2000-01-01T00:00:00Z"),
        sexAtBirth: "FEMALE",
        pregnancyCategory: "CANNOT_BECOME_PREGNANT",
        indication: "ACNE_NODULAR",
      },
    });
    // A liver panel within every limit, so that nothing asks for confirmation.
    const tests = await appClient.labTest.findMany({ where: { kind: "QUANTITATIVE", analyte: { in: ["ALT", "AST"] } } });
    const values = tests.map((t) => ({ labTestId: t.id, value: "30" }));
    const actor = { id: user.id, role: "NURSE" as const };

    // Test-only: the audit row's insert waits for an advisory lock this session holds, so the write stays
    // open after its results and before its commit for as long as the test needs, and no longer.
    const holder = new pg.Client({ connectionString: url });
    holder.on("error", () => {}); // the server's shutdown ends this session too
    await holder.connect();
    await holder.query(
      `CREATE FUNCTION hold_audit() RETURNS trigger AS $$ BEGIN PERFORM pg_advisory_xact_lock(${HOLD_KEY}); RETURN NEW; END; $$ LANGUAGE plpgsql`,
    );
    await holder.query("CREATE TRIGGER hold_audit AFTER INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION hold_audit()");
    await holder.query("SELECT pg_advisory_lock($1)", [HOLD_KEY]);

    const write = recordLabPanel(actor, { patientId: patient.id, submissionId: randomUUID(), specimenDate: "2026-01-10", values }, TODAY);
    const outcome = write.then(
      () => "committed",
      () => "failed",
    );
    // The write has inserted its results and is waiting on the lock inside its transaction.
    await until("the write to wait on the held lock", async () => {
      const { rows } = await holder.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1 AND pid <> pg_backend_pid()", [
        HOLD_KEY,
      ]);
      return rows.length === 1 ? true : null;
    });
    await server.stop();
    await server.start();
    expect(await outcome).toBe("failed");

    const check = createPrismaClient(url);
    expect(await check.labResult.count({ where: { patientId: patient.id } })).toBe(0);
    expect(await check.auditEvent.count({ where: { patientId: patient.id } })).toBe(0);
    await check.$executeRaw`DROP TRIGGER hold_audit ON audit_events`;
    await check.$disconnect();
    await holder.end().catch(() => {});

    // The application's client (its pool saw the server go away) serves the next write as it is.
    const result = await recordLabPanel(actor, { patientId: patient.id, submissionId: randomUUID(), specimenDate: "2026-01-10", values }, TODAY);
    expect(result.inserted).toBe(values.length);
    expect(await appClient.labResult.count({ where: { patientId: patient.id } })).toBe(values.length);
    expect(await appClient.auditEvent.count({ where: { patientId: patient.id, action: "lab.record" } })).toBe(1);
  }, 60_000);
});
