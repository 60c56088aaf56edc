import { randomUUID } from "node:crypto";
import pg from "pg";
import { AUDIT_CHAIN_LOCK } from "@/lib/data/audit-chain";
import type { Tx } from "@/lib/db";
import { lockDerivedData } from "@/lib/data/locks";
import { refreshPatientMonitoring } from "@/lib/data/refresh-monitoring";
import { addDays } from "@/lib/domain/dates";
import { labTestFields, testDb, TODAY, until } from "./helpers";

/** Backends of this database waiting for a lock (a row's or an advisory one). */
export async function waitingForLocks(): Promise<number> {
  const [row] = await testDb().$queryRaw<[{ n: number }]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row.n;
}

/**
 * Holds these patients' derived-data locks (or the locks `hold` takes) in a transaction of the test, once
 * this resolves, until the function it resolves to is called: `meanwhile` then runs in that transaction,
 * which commits.
 */
export async function holdLocks(
  hold: string[] | ((tx: Tx) => Promise<unknown>),
  meanwhile: (tx: Tx) => Promise<void> = async () => {},
): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let acquired!: () => void;
  const held = new Promise<void>((r) => (acquired = r));
  const holder = testDb().$transaction(
    async (tx) => {
      await (typeof hold === "function" ? hold(tx) : lockDerivedData(tx, hold));
      acquired();
      await released;
      await meanwhile(tx);
    },
    { timeout: 20_000 },
  );
  await held;
  return async () => {
    release();
    await holder;
  };
}

/**
 * Runs writes while a transaction of the test holds these patients' derived-data locks (or the locks
 * `hold` takes): each write starts once the one before it is seen waiting for a lock, and the locks are
 * released once all of them wait, so the writes meet at the locks in the order given and none finishes
 * before the others have begun.
 */
export async function meetAtLocks<T>(patientIds: string[] | ((tx: Tx) => Promise<unknown>), writes: (() => Promise<T>)[]): Promise<T[]> {
  const open = await holdLocks(patientIds);
  const started: Promise<T>[] = [];
  for (const write of writes) {
    started.push(write());
    const queued = started.length;
    await until(async () => (await waitingForLocks()) === queued, `write ${queued} to wait for a lock`);
  }
  await open();
  return Promise.all(started);
}

/**
 * Starts a write while a transaction of the test holds this patient's derived-data lock. Once the write is
 * seen waiting for a lock (or has ended without waiting), `meanwhile` runs in the holding transaction,
 * which then commits. Returns how the write ended: its value, or the message it was refused with.
 */
export async function writeBehindLock<T>(
  patientId: string,
  write: () => Promise<T>,
  meanwhile: (tx: Tx) => Promise<void>,
): Promise<{ value: T } | { refused: string }> {
  const open = await holdLocks([patientId], meanwhile);
  let ended = false;
  const outcome = write().then(
    (value) => ({ value }),
    (error: Error) => ({ refused: error.message }),
  );
  void outcome.finally(() => (ended = true));
  await until(async () => ended || (await waitingForLocks()) === 1, "the write to wait for the patient's lock, or to end");
  await open();
  return outcome;
}

/** A write that ends in its value or the message it was refused with, for writes raced against each other. */
export const settled =
  <T>(write: () => Promise<T>) =>
  () =>
    write().then(
      (value) => ({ value }),
      (error: Error) => ({ refused: error.message }),
    );

/**
 * The baseline liver panel (ALT, AST) 25 days ago, as a lab write records it: the results, then the items
 * refreshed. The write a test commits behind the lock while a waiver or an outreach note waits for it.
 */
export function liverPanel(patientId: string, enteredById: string) {
  return async (tx: Tx) => {
    for (const t of await tx.labTest.findMany({ where: { code: { in: ["1742-6", "1920-8"] } } }))
      await tx.labResult.create({
        data: {
          patientId,
          ...labTestFields(t),
          specimenDate: new Date(`${addDays(TODAY, -25)}T00:00:00Z`),
          valueNumeric: 20,
          unit: "U/L",
          flag: "NORMAL",
          submissionId: randomUUID(),
          enteredById,
        },
      });
    await refreshPatientMonitoring(tx, patientId);
  };
}

/**
 * A connection of the test holding the audit chain's lock, which every audited write takes last
 * (lib/data/locks.ts): writes line up behind it in the order they reach it, until `open`.
 */
export async function auditGate() {
  const gate = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await gate.connect();
  await gate.query("BEGIN");
  await gate.query("SELECT pg_advisory_xact_lock($1::bigint)", [AUDIT_CHAIN_LOCK]);
  return {
    open: async () => {
      await gate.query("COMMIT");
      await gate.end();
    },
  };
}
