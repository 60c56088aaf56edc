import type { Tx } from "@/lib/db";

/**
 * Advisory lock keys. DERIVED_DATA: a write refreshing one patient's stored derived data takes it shared;
 * a clinic-wide recompute (daily refresh, seeding, a settings change in force today) takes it exclusive,
 * so the two never interleave their delete-and-insert of the same rows. Both happen before the audit
 * row, whose chain lock is always taken last.
 */
const DERIVED_DATA_LOCK = 727_275;
export const SETTINGS_VERSION_LOCK = 727_276;

/** Holds the derived-data lock until the transaction ends: shared for one patient's refresh, exclusive for all. */
export async function lockDerivedData(tx: Tx, mode: "shared" | "exclusive"): Promise<void> {
  if (mode === "shared") await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(${DERIVED_DATA_LOCK})::text AS locked`;
  else await tx.$queryRaw`SELECT pg_advisory_xact_lock(${DERIVED_DATA_LOCK})::text AS locked`;
}
