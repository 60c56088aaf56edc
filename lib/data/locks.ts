import { z } from "zod";
import type { Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { notFound } from "@/lib/errors";
import { queryRows } from "./query-rows";

/**
 * Advisory lock keys. DERIVED_DATA, with a patient's hash as second key: whoever rewrites a patient's
 * stored derived data (monitoring items, course summaries) holds that patient's lock until it commits: a
 * write refreshing its patient, or a batch of the daily refresh or of a settings recompute (a few hundred
 * patients, one short transaction each). There is no clinic-wide lock: a clinical write waits at most for
 * the one batch that holds its patient. A waiver or an outreach note takes it before checking that its
 * item is still open (lib/data/open-item.ts), so that no result completes the item unseen; a correction or
 * void takes it before reading whether a repeat it takes off the list was open (noticeOpenRequests,
 * lib/data/repeat-corrections.ts), so that no waiver, or void of one, passes unseen. Taken after
 * the patient's row lock (lockPatient), when the transaction takes one, and before the audit row, whose
 * chain lock is always last.
 */
const DERIVED_DATA_LOCK = 727_275;
export const SETTINGS_VERSION_LOCK = 727_276;
/**
 * With an MRN's hash as second key: held by whoever registers a patient under that MRN (insertPatient), and
 * by a file of patients for every MRN it names before it decides which rows are new, so two registrations
 * of one MRN (two imports of the same file, an import and the form) wait for each other and the second
 * finds the first. Taken before anything else the registration locks; the audit chain's lock comes after.
 */
export const NEW_MRN_LOCK = 727_277;
/**
 * With a laboratory's sender and control id (MSH-10) as second key: held by whoever imports a message of
 * that id, before it looks for earlier ones, so that two messages of one id (a resend of a message still
 * being imported, or two of other content) are decided one after the other. Taken before anything else.
 */
const HL7_CONTROL_ID_LOCK = 727_278;

/** Holds the lock of a laboratory's control id until the transaction ends (HL7_CONTROL_ID_LOCK). */
export async function lockControlId(tx: Tx, sender: string, controlId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(${HL7_CONTROL_ID_LOCK}::int, hashtext(${`${sender}|${controlId}`}))::text AS locked`;
}

/**
 * Holds the derived-data locks of these patients until the transaction ends, taken in one statement in
 * the order of their keys, so two batches that share patients cannot deadlock. Returns how long the
 * database took to grant them, in milliseconds.
 */
export async function lockDerivedData(tx: Tx, patientIds: string[]): Promise<number> {
  if (patientIds.length === 0) return 0;
  // The locks are all held once the subquery is done: what the statement took from its arrival to then is
  // the time the database spent waiting for them (the benchmark reports it).
  const [row] = await tx.$queryRaw<{ waited_ms: number }[]>`
    SELECT held.locked, (extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::float8 AS waited_ms
    FROM (
      SELECT count(pg_advisory_xact_lock(${DERIVED_DATA_LOCK}::int, k))::int AS locked
      FROM (SELECT DISTINCT hashtext(lower(id)) AS k FROM unnest(${patientIds}::text[]) AS id ORDER BY 1) AS keys
    ) AS held`;
  return row?.waited_ms ?? 0;
}

/** Holds the registration locks of these MRNs until the transaction ends, taken in the order of their keys. */
export async function lockMrns(tx: Tx, mrns: string[]): Promise<void> {
  if (mrns.length === 0) return;
  await tx.$queryRaw`
    SELECT count(pg_advisory_xact_lock(${NEW_MRN_LOCK}::int, k))::int AS locked
    FROM (SELECT DISTINCT hashtext(lower(mrn)) AS k FROM unnest(${mrns}::text[]) AS mrn ORDER BY 1) AS keys`;
}

/**
 * Locks every patient a transaction writes for when it may write for several (a message or a file naming
 * several patients), before its first write: their rows in id order, then their derived-data locks in key
 * order. A patient's locks are always taken row first, derived data next, the audit chain last; taken all
 * here, the lockPatient and lockDerivedData calls the transaction makes later for these patients find them
 * already held, so it never holds one patient (or the audit chain) while waiting for another. Without this,
 * a message naming patients A then B and another naming B then A would each wait for the other.
 */
export async function lockPatients(tx: Tx, patientIds: string[]): Promise<void> {
  const ids = [...new Set(patientIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return;
  // PostgreSQL sorts before it locks (the locking clause applies to rows as the sort returns them).
  await queryRows(
    tx,
    z.object({ id: z.string() }),
    Prisma.sql`SELECT id::text AS id FROM patients WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
  );
  await lockDerivedData(tx, ids);
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

/**
 * Locks one account's row until the transaction ends. Every change of an account's role, credentials or
 * state takes it first (an administrator's change, a dermatologist's setup link, completing a link,
 * changing one's own password, checking a second-factor code), so that none decides on what another is
 * changing.
 */
export async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
}
