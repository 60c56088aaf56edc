import { lockDerivedData } from "@/lib/data/locks";
import { testDb, until } from "./helpers";

/** Backends of this database waiting for a lock (a row's or an advisory one). */
export async function waitingForLocks(): Promise<number> {
  const [row] = await testDb().$queryRaw<[{ n: number }]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row.n;
}

/**
 * Runs writes while a transaction of the test holds these patients' derived-data locks: each write starts
 * once the one before it is seen waiting for a lock, and the locks are released once all of them wait, so
 * the writes meet at the locks in the order given and none finishes before the others have begun.
 */
export async function meetAtLocks<T>(patientIds: string[], writes: (() => Promise<T>)[]): Promise<T[]> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let acquired!: () => void;
  const held = new Promise<void>((r) => (acquired = r));
  const gate = testDb().$transaction(
    async (tx) => {
      await lockDerivedData(tx, patientIds);
      acquired();
      await released;
    },
    { timeout: 20_000 },
  );
  await held;
  const started: Promise<T>[] = [];
  for (const write of writes) {
    started.push(write());
    const queued = started.length;
    await until(async () => (await waitingForLocks()) === queued, `write ${queued} to wait for a lock`);
  }
  release();
  await gate;
  return Promise.all(started);
}
