import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { appendAuditRecord } from "@/lib/data/audit";
import { checkpointDir } from "@/lib/data/audit-chain";
import { verifyAuditChain } from "@/lib/data/audit-verify";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { migrate } from "@/lib/migrate";
import { createFreshDatabase, type FreshDatabase } from "../../scripts/fresh-db.mjs";
import { lockHolder, watchedClient } from "./watched-client";

/**
 * A checkpoint (lib/data/audit-chain.ts) says the chain reached a row, so it may only ever name a committed
 * one: a checkpoint naming a row that was rolled back makes every later verification report the trail
 * broken at it, for ever. A transaction that appends several audit rows (a laboratory message writes one for
 * each patient, then its own) reads its own uncommitted rows as the chain's head. Each test here rolls such
 * a transaction back, on a database of its own, since a wrong checkpoint would break the run's trail.
 */
let fresh: FreshDatabase;
let app: ReturnType<typeof watchedClient>;
const every = process.env.AUDIT_CHECKPOINT_EVERY;

beforeAll(() => {
  // A checkpoint at every row the chain grows by, so each head a writer reads is one it could name.
  process.env.AUDIT_CHECKPOINT_EVERY = "1";
});
afterAll(() => {
  if (every === undefined) delete process.env.AUDIT_CHECKPOINT_EVERY;
  else process.env.AUDIT_CHECKPOINT_EVERY = every;
});
beforeEach(async () => {
  fresh = await createFreshDatabase(inject("adminUrl"), "isotrack_ckpt");
  await migrate(fresh.ownerUrl, undefined, { appRole: fresh.appRole });
  app = watchedClient(fresh.url);
});
afterEach(async () => {
  await app.client.$disconnect();
  await fresh.drop();
});

const event = (action: string) => ({ action, entityType: "Test" });
const append = (db: PrismaClient, action: string) => db.$transaction((tx) => appendAuditRecord(tx, null, event(action)));
const committedIds = async (db: PrismaClient) => (await db.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((r) => r.id.toString());
const checkpointIds = () =>
  readFileSync(path.join(checkpointDir(), `${fresh.name}.jsonl`), "utf8")
    .trim()
    .split("\n")
    .map((line) => (JSON.parse(line) as { id: string }).id);

/** The trail verifies whole, and every checkpoint names a row that is there. */
async function expectIntact(db: PrismaClient) {
  const ids = await committedIds(db);
  expect(await verifyAuditChain(db)).toEqual({ checked: ids.length, brokenAt: null, truncated: null, badCheckpoints: 0 });
  expect(checkpointIds().filter((id) => !ids.includes(id))).toEqual([]);
}

describe("a transaction that appends several audit rows and is rolled back", () => {
  it("leaves no checkpoint naming its rows: the trail still verifies after it", async () => {
    const db = app.client;
    await append(db, "before.1");
    await append(db, "before.2");
    const before = await committedIds(db);
    await expect(
      db.$transaction(async (tx) => {
        for (const i of [1, 2, 3]) await appendAuditRecord(tx, null, event(`rolled-back.${i}`));
        throw new Error("refused after its audit rows");
      }),
    ).rejects.toThrow("refused after its audit rows");
    expect(await committedIds(db)).toEqual(before);
    await append(db, "after");
    await expectIntact(db);
  });

  it("nor does one that outlives its timeout, as a long laboratory import can: nothing of it is kept", async () => {
    const db = app.client;
    await append(db, "before.timeout");
    const before = await committedIds(db);
    // Its next statement waits for a lock held here until the transaction's timeout has rolled it back.
    const holder = await lockHolder(fresh.url);
    try {
      await holder.query("SELECT pg_advisory_lock(424242)");
      const rolledBack = app.rollbackSent();
      const slow = db.$transaction(
        async (tx) => {
          for (const i of [1, 2, 3]) await appendAuditRecord(tx, null, event(`timed-out.${i}`));
          await tx.$queryRaw`SELECT pg_advisory_xact_lock(424242)::text`;
        },
        { timeout: 1000 },
      );
      await rolledBack;
      await holder.query("SELECT pg_advisory_unlock(424242)");
      await expect(slow).rejects.toThrow(/expired transaction|already closed|ended/);
    } finally {
      await holder.end();
    }
    expect(await committedIds(db)).toEqual(before);
    await append(db, "after.timeout");
    await expectIntact(db);
  });
});
