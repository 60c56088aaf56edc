import { describe, expect, it } from "vitest";
import { lockDerivedData } from "@/lib/data/locks";
import { makePatient, testDb, until } from "./helpers";

/**
 * A patient's derived-data lock: a write waits only for the batch that holds its own patient, and the
 * lock reports how long the database made it wait (what the benchmark's lock-wait figures are).
 */
describe("derived-data locks", () => {
  it("a write waits for the batch holding its patient, no other, and the wait is reported", async () => {
    const db = testDb();
    const [inBatch, outside] = [await makePatient(), await makePatient()];
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let acquired!: () => void;
    const held = new Promise<void>((r) => (acquired = r));
    const batch = db.$transaction(
      async (tx) => {
        await lockDerivedData(tx, [inBatch.id]);
        acquired();
        await released;
        // The batch keeps its patient a known time after the write is seen waiting.
        await tx.$queryRaw`SELECT pg_sleep(0.3)::text`;
      },
      { timeout: 20_000 },
    );
    await held;

    // Another patient is not held: its lock is granted while the batch is still open.
    await db.$transaction((tx) => lockDerivedData(tx, [outside.id]));

    const t0 = performance.now();
    const write = db.$transaction((tx) => lockDerivedData(tx, [inBatch.id]));
    await until(
      async () => (await db.$queryRaw<unknown[]>`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = 727275`).length === 1,
      "the write to wait for the batch's lock",
    );
    release();
    const waited = await write;
    const elapsed = performance.now() - t0;
    await batch;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThanOrEqual(elapsed);
  });
});
