import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { clinicToday } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { ENDED_COURSE_MONITORING_DAYS } from "@/lib/domain/monitoring/protocol";
import { getProtocol } from "./config";
import { getPregnancyRules } from "./pregnancy-history";
import { lockDerivedData } from "./locks";
import { queryRow, queryRows } from "./query-rows";
import { recomputeAllCourseSummaries } from "./course-summaries";
import { recomputeAllMonitoring, refreshMonitoringFor } from "./refresh-monitoring";

/**
 * Stored derived data that moves with the calendar is brought up to today once a day, by the first request
 * that reads it (dashboard, worklist, worklist export), in one transaction under an advisory lock: a second
 * instance waits on the lock, then finds the work done. It recomputes
 * - every course summary, because the cumulative dose grows every day;
 * - the monitoring items of the patients whose item set changed with the date alone since the last
 *   refresh (itemSetChangeDays in lib/domain/monitoring/protocol.ts): a planned course entering the
 *   baseline window, a course's end date passing, an ended course leaving the ended-course window;
 * - every patient's items instead, when a new monitoring protocol or pregnancy-prevention version, or
 *   another pregnancy rule set, took effect in between.
 * Item statuses need nothing: SQL derives them from the stored dates and today. Writes refresh their own
 * patient's rows in their own transactions.
 */

async function lastRefresh(client: Tx | PrismaClient): Promise<string | null> {
  const [row] = await queryRows(client, z.object({ as_of: z.string() }), Prisma.sql`SELECT as_of::text AS as_of FROM daily_refreshes WHERE id = 1`);
  return row?.as_of ?? null;
}

/**
 * Stale when the last refresh is before `asOf`, or when a course summary is (a write that began before
 * midnight and committed after the refresh): a primary-key read and an index probe.
 */
async function isStale(client: Tx | PrismaClient, asOf: string): Promise<boolean> {
  const { stale } = await queryRow(
    client,
    z.object({ stale: z.boolean() }),
    Prisma.sql`
    SELECT NOT EXISTS (SELECT 1 FROM daily_refreshes WHERE id = 1 AND as_of >= ${asOf}::date)
      OR EXISTS (SELECT 1 FROM course_summaries WHERE as_of < ${asOf}::date) AS stale`,
  );
  return stale;
}

/**
 * Patients with a course whose item set changes on a day in (after, through]: the SQL form of
 * itemSetChangeDays (baseline window, each pause's start and resume, the end and the end of the
 * ended-course window), which a test compares with it.
 */
export async function patientsWithItemSetChanges(tx: Tx | PrismaClient, after: string, through: string, baselineWindowDays: number): Promise<string[]> {
  const rows = await queryRows(
    tx,
    z.object({ patient_id: z.string() }),
    Prisma.sql`
    SELECT DISTINCT patient_id FROM courses c, LATERAL (VALUES
      (c.start_date - ${baselineWindowDays}::int), (c.end_date + 1), (c.end_date + ${ENDED_COURSE_MONITORING_DAYS + 1}::int)) AS d(day)
    WHERE d.day > ${after}::date AND d.day <= ${through}::date
    UNION
    SELECT DISTINCT c.patient_id FROM course_pauses cp JOIN courses c ON c.id = cp.course_id, LATERAL (VALUES (cp.start_date), (cp.resume_date)) AS d(day)
    WHERE d.day > ${after}::date AND d.day <= ${through}::date`,
  );
  return rows.map((r) => r.patient_id);
}

/**
 * A new monitoring protocol or pregnancy-prevention settings version, or the pregnancy rule set that
 * follows another (the iPLEDGE modification's date), took effect in (after, through]: every item is
 * recomputed.
 */
async function protocolChanged(tx: Tx, after: string, through: string): Promise<boolean> {
  const { changed } = await queryRow(
    tx,
    z.object({ changed: z.boolean() }),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM clinic_configs WHERE kind IN ('MONITORING_PROTOCOL', 'PREGNANCY_PREVENTION')
      AND effective_from > ${after}::date AND effective_from <= ${through}::date) AS changed`,
  );
  if (changed) return true;
  const rulesOn = await getPregnancyRules(tx);
  return rulesOn(after).id !== rulesOn(through).id;
}

async function markRefreshed(tx: Tx, asOf: string) {
  await tx.$executeRaw`
    INSERT INTO daily_refreshes (id, as_of, refreshed_at) VALUES (1, ${asOf}::date, now())
    ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, refreshed_at = EXCLUDED.refreshed_at`;
}

const LONG_TRANSACTION = { timeout: 600_000, maxWait: 60_000 };

/** Brings the stored derived data up to `asOf` when it is behind. Returns whether it did the work. */
export async function ensureDerivedDataFresh(client: PrismaClient = db, asOf = clinicToday()): Promise<boolean> {
  if (!(await isStale(client, asOf))) return false;
  return client.$transaction(async (tx) => {
    await lockDerivedData(tx, "exclusive");
    if (!(await isStale(tx, asOf))) return false;
    const previous = await lastRefresh(tx);
    await recomputeAllCourseSummaries(tx, asOf);
    // From the day before the last refresh: a write that computed its items before midnight and
    // committed after that refresh is caught here.
    const after = previous === null ? null : addDays(previous < asOf ? previous : asOf, -1);
    if (after === null || (await protocolChanged(tx, after, asOf))) await recomputeAllMonitoring(tx, asOf);
    else await refreshMonitoringFor(tx, await patientsWithItemSetChanges(tx, after, asOf, (await getProtocol(asOf, tx)).baselineWindowDays), asOf);
    await markRefreshed(tx, asOf);
    return true;
  }, LONG_TRANSACTION);
}

/** Recomputes all stored derived data as of `asOf` (seeding, bulk changes outside the app). */
export async function refreshAllDerivedData(client: PrismaClient, asOf = clinicToday(), batchSize?: number): Promise<{ summaries: number; items: number }> {
  return client.$transaction(async (tx) => {
    await lockDerivedData(tx, "exclusive");
    const summaries = await recomputeAllCourseSummaries(tx, asOf, batchSize);
    const items = await recomputeAllMonitoring(tx, asOf, batchSize);
    await markRefreshed(tx, asOf);
    return { summaries, items };
  }, LONG_TRANSACTION);
}
