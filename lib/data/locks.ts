import { z } from "zod";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { queryRows } from "./query-rows";

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

/**
 * Locks one patient's row until the transaction ends; a patient that does not exist is not found. It
 * serializes the writes of a patient that read before they write: course starts and changes (at most one
 * course in progress) and pregnancy-prevention records (a test and a prescription never pass each other
 * unseen). NO KEY UPDATE does not block the key-share locks of foreign-key checks (monitoring items
 * inserted for the patient by another transaction), which FOR UPDATE would deadlock on.
 */
export async function lockPatient(tx: Tx, patientId: string): Promise<void> {
  const rows = await queryRows(tx, z.object({ id: z.string() }), Prisma.sql`SELECT id FROM patients WHERE id = ${patientId}::uuid FOR NO KEY UPDATE`);
  if (rows.length === 0) throw notFound("patient");
}
