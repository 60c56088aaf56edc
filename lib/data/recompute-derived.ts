import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import type { SettingsKind } from "@/lib/validation/settings";
import { getDosingSettings, getProtocols } from "./config";
import { courseInProgressSql, rewriteCourseSummaries } from "./course-summaries";
import { addedPregnancyTestIds, getPregnancyRules } from "./pregnancy-history";
import { patientHasItemsSql } from "./load-monitoring-inputs";
import { queryRows } from "./query-rows";
import { refreshMonitoringFor } from "./refresh-monitoring";

/**
 * Clinic-wide passes over the stored derived data (daily refresh, settings recomputes, seeding), off the
 * request path. Each runs as a sequence of short transactions over tens to hundreds of patients, each holding
 * only those patients' derived-data locks (lib/data/locks.ts): a clinical write waits at most for the one
 * batch that holds its patient, never for the whole pass. Readers see each batch as it commits.
 */

/**
 * Patients per transaction: a small first batch, then adapted so that each transaction (which holds its
 * patients' locks throughout) takes about TARGET_BATCH_MS, whatever the machine's speed or load: a write
 * on one of those patients waits at most about that long. The settings each pass applies are loaded once, at its
 * start (onCurrentSettings starts it again when a version is saved before one of its batches commits).
 * The monitoring protocol costs about four times a course summary per patient.
 */
export const SUMMARY_BATCH = 50;
export const ITEMS_BATCH = 10;
const TARGET_BATCH_MS = 60;
const MIN_BATCH = 5;
const MAX_BATCH = 1000;
const BATCH_TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

const idRow = z.object({ id: z.string() });

/**
 * What a pass's batches write under: `before` runs in each batch's transaction ahead of its work and `after`
 * as its last statement; either throws to roll the batch back and end the pass (the daily refresh's lease,
 * lib/data/refresh-lease.ts: a run that lost it stops without writing; a settings version saved meanwhile,
 * onCurrentSettings: the pass starts again).
 */
export interface BatchGuard {
  before(tx: Tx): Promise<void>;
  after(tx: Tx): Promise<void>;
}

/** Both guards: `first`'s steps before `second`'s, `second`'s `after` last (the lease's renewal must be). */
export const bothGuards = (first: BatchGuard, second: BatchGuard): BatchGuard => ({
  before: async (tx) => {
    await first.before(tx);
    await second.before(tx);
  },
  after: async (tx) => {
    await first.after(tx);
    await second.after(tx);
  },
});

/**
 * The settings versions stored derived data is computed with (every kind but lab thresholds, which shape
 * nothing stored), as one value any new version changes: each kind's latest version number (a new version is
 * numbered its kind's latest plus one, lib/data/settings.ts), "DOSING 2, MONITORING_PROTOCOL 3, ...".
 */
async function settingsVersions(client: Tx | PrismaClient): Promise<string> {
  const [row] = await queryRows(
    client,
    z.object({ versions: z.string().nullable() }),
    Prisma.sql`
    SELECT string_agg(kind || ' ' || version, ', ' ORDER BY kind) AS versions
    FROM (SELECT kind::text, max(version) AS version FROM clinic_configs WHERE kind <> 'LAB_THRESHOLDS' GROUP BY kind) AS latest`,
  );
  return row?.versions ?? "";
}

/** A batch found a settings version saved since its pass read the settings: rolled back, the pass starts again. */
class SettingsChanged extends Error {}

/**
 * Runs `passes` (a settings recompute, a daily refresh's decisions and passes) so that no batch commits figures
 * computed with settings older than those stored when it commits. A pass reads its settings once, at its start,
 * for all its batches; a version saved meanwhile (and the recompute it queues, which may run to completion
 * between two batches) would otherwise be overwritten by the pass's later batches, left on the settings it began
 * with. So each batch, as its last reads, looks whether a version was saved since `passes` began (the guard
 * given to them): if so, it is rolled back and `passes` start again, reading the settings anew. Looked at once
 * the batch holds its patients' derived-data locks, it is enough: a version committed before the look is seen;
 * one committed after it that shapes today's figures queues, with it, a recompute that starts after that commit,
 * whose batch for these patients waits for these locks, so writes after this batch. Nothing is held from one
 * batch to the next (a clinical write still waits for one batch at most), nothing is added to a settings save,
 * and no pass waits for another. (A recompute taking the refresh's lease instead would leave the refresh's later
 * batches on the old settings until the recompute's retry, or for the day once its retries ran out; stamping each
 * stored row with its versions would take a column on both tables and a comparison in every write.) Each new
 * start follows a version saved, a few a year: the passes end.
 */
export async function onCurrentSettings<T>(client: PrismaClient, passes: (guard: BatchGuard) => Promise<T>): Promise<T> {
  for (;;) {
    // Read before any settings the passes read: a version saved in between means one needless new start, never a stale batch.
    const versions = await settingsVersions(client);
    const guard: BatchGuard = {
      before: async () => {},
      after: async (tx) => {
        if ((await settingsVersions(tx)) !== versions) throw new SettingsChanged();
      },
    };
    try {
      return await passes(guard);
    } catch (error) {
      if (!(error instanceof SettingsChanged)) throw error;
    }
  }
}

/** How a pass runs: the size of its first batch, and the guard its batches write under, if any. */
export interface PassOptions {
  batchSize?: number;
  guard?: BatchGuard;
}

/** The patient ids a pass covers (one query, in id order), then one short transaction per batch of them. */
async function inBatches(
  client: PrismaClient,
  ids: string[],
  firstBatch: number,
  guard: BatchGuard | undefined,
  work: (tx: Tx, ids: string[]) => Promise<number>,
): Promise<number> {
  let total = 0;
  let size = firstBatch;
  for (let i = 0; i < ids.length;) {
    const batch = ids.slice(i, i + size);
    const started = performance.now();
    total += await client.$transaction(async (tx) => {
      await guard?.before(tx);
      const done = await work(tx, batch);
      await guard?.after(tx);
      return done;
    }, BATCH_TRANSACTION);
    const ms = Math.max(1, performance.now() - started);
    i += batch.length;
    // At most doubling, at least a fifth, per step: one slow batch (a checkpoint, a busy disk) does not swing it.
    size = Math.max(MIN_BATCH, Math.min(MAX_BATCH, Math.round(size * Math.min(2, Math.max(0.2, TARGET_BATCH_MS / ms)))));
  }
  return total;
}

const selectIds = async (client: PrismaClient, sql: Prisma.Sql) => (await queryRows(client, idRow, sql)).map((r) => r.id);

/** Every course summary, computed from each course's start (a new dosing version, seeding). */
export async function recomputeAllCourseSummaries(client: PrismaClient, asOf: string, { batchSize = SUMMARY_BATCH, guard }: PassOptions = {}): Promise<number> {
  const ids = await selectIds(
    client,
    Prisma.sql`SELECT c.patient_id::text AS id FROM courses c WHERE ${courseInProgressSql(asOf)} UNION SELECT patient_id::text FROM course_summaries ORDER BY 1`,
  );
  const dosing = await getDosingSettings(asOf, client);
  return inBatches(client, ids, batchSize, guard, (tx, batch) => rewriteCourseSummaries(tx, batch, asOf, false, dosing));
}

/**
 * The daily pass: every summary behind `asOf` advanced by the days elapsed from its stored accumulator
 * (a summary without one is computed from the start), and a course in progress without a summary computed.
 */
export async function advanceCourseSummaries(client: PrismaClient, asOf: string, { batchSize = SUMMARY_BATCH, guard }: PassOptions = {}): Promise<number> {
  const ids = await selectIds(
    client,
    Prisma.sql`
    SELECT patient_id::text AS id FROM course_summaries WHERE as_of < ${asOf}::date
    UNION
    SELECT c.patient_id::text FROM courses c WHERE ${courseInProgressSql(asOf)} AND NOT EXISTS (SELECT 1 FROM course_summaries s WHERE s.course_id = c.id)
    ORDER BY 1`,
  );
  const dosing = await getDosingSettings(asOf, client);
  return inBatches(client, ids, batchSize, guard, (tx, batch) => rewriteCourseSummaries(tx, batch, asOf, true, dosing));
}

/** These patients' monitoring items, recomputed in batches. */
export async function refreshMonitoringInBatches(
  client: PrismaClient,
  patientIds: string[],
  asOf: string,
  { batchSize = ITEMS_BATCH, guard }: PassOptions = {},
): Promise<number> {
  const rules = { protocolOn: await getProtocols(client), rulesOn: await getPregnancyRules(client) };
  return inBatches(client, [...new Set(patientIds)].sort(), batchSize, guard, (tx, batch) => refreshMonitoringFor(tx, batch, asOf, rules));
}

/** Every patient's monitoring items (a new protocol or pregnancy-prevention version, seeding). */
export async function recomputeAllMonitoring(client: PrismaClient, asOf: string, pass: PassOptions = {}): Promise<number> {
  const ids = await selectIds(
    client,
    Prisma.sql`
    SELECT p.id::text AS id FROM patients p
    WHERE ${patientHasItemsSql(asOf, await addedPregnancyTestIds(client))} OR EXISTS (SELECT 1 FROM monitoring_items mi WHERE mi.patient_id = p.id)
    ORDER BY 1`,
  );
  return refreshMonitoringInBatches(client, ids, asOf, pass);
}

/**
 * Whether saving a version queues the settings-recompute job at once. A version in force today, of a kind
 * that shapes derived data. A version for a later day, of a kind whose rules apply per date: monitoring
 * protocol versions shape the lab items anchored on or after their day, pregnancy-prevention versions the
 * pregnancy test items anchored then (a course's last dose, its first prescription, a monthly test's
 * anchor), which the items stored today already carry. The daily refresh of its day recomputes every item
 * again. A dosing version shapes the summaries as of the days it is in force only: its day's refresh
 * recomputes them. Lab thresholds flag results as they are entered: nothing to recompute.
 */
export function recomputeWhenSaved(kind: SettingsKind, effectiveFrom: string, today: string): boolean {
  if (kind === "LAB_THRESHOLDS") return false;
  return effectiveFrom === today || kind === "MONITORING_PROTOCOL" || kind === "PREGNANCY_PREVENTION";
}

/**
 * The derived data a settings version in force on `asOf` (or scheduled after it: recomputeWhenSaved)
 * shapes, recomputed (the settings-recompute job): the monitoring items for a protocol or
 * pregnancy-prevention version, the course summaries for a dosing one. Idempotent. `progress`: run last in each
 * batch (the job's record of progress, lib/jobs/stalled-recompute.ts).
 */
export async function recomputeForSettings(
  client: PrismaClient,
  kind: SettingsKind,
  asOf: string,
  progress?: BatchGuard,
): Promise<{ summaries: number; items: number }> {
  // Under onCurrentSettings too: a protocol recompute and a pregnancy-prevention one (two kinds, run side by side)
  // both write the items, each with the versions of both kinds it read at its start.
  return onCurrentSettings(client, async (settings) => {
    const guard = progress ? bothGuards(settings, progress) : settings;
    const items = kind === "MONITORING_PROTOCOL" || kind === "PREGNANCY_PREVENTION" ? await recomputeAllMonitoring(client, asOf, { guard }) : 0;
    const summaries = kind === "DOSING" ? await recomputeAllCourseSummaries(client, asOf, { guard }) : 0;
    return { summaries, items };
  });
}
