import "server-only";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import { clinicToday } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { ENDED_COURSE_MONITORING_DAYS } from "@/lib/domain/monitoring/protocol";
import { getProtocol } from "./config";
import { getPregnancyRules } from "./pregnancy-history";
import { queryRow, queryRows } from "./query-rows";
import { claimLease, leaseGuard, leaseLiveSql, RefreshTakenOver } from "./refresh-lease";
import {
  advanceCourseSummaries,
  bothGuards,
  onCurrentSettings,
  recomputeAllCourseSummaries,
  recomputeAllMonitoring,
  refreshMonitoringInBatches,
  type PassOptions,
} from "./recompute-derived";

/**
 * Stored derived data that moves with the calendar is brought up to the clinic's today once a day by the
 * daily-refresh job (lib/jobs: from the clinic's midnight, every hour, and when a worker starts), never by a page.
 * It runs in short batches (lib/data/recompute-derived.ts), one run at a time under a lease each batch renews (refresh-lease.ts), and
 * - advances every course summary by the days elapsed from its stored accumulator (the cumulative dose grows every day; a
 *   patient's ended courses count as stored, never summed again), or recomputes them all when a new dosing version took effect;
 * - recomputes the monitoring items of the patients whose item set changed with the date alone since the
 *   last refresh (itemSetChangeDays in lib/domain/monitoring/protocol.ts): a planned course entering the
 *   baseline window, a course's end date passing, an ended course leaving the ended-course window;
 * - every patient's items instead, when a new monitoring protocol or pregnancy-prevention version, or
 *   another pregnancy rule set, took effect in between.
 * Item statuses need nothing: SQL derives them from the stored dates and today. Writes refresh their own
 * patient's rows in full, in their own transactions. Running twice changes nothing the second time. A settings
 * version saved while a run goes sends it back to these decisions before its next batch is written
 * (onCurrentSettings, lib/data/recompute-derived.ts): no batch writes figures on settings it replaced.
 * When the code's rules for derived data change, DERIVED_RULES_REVISION goes up and the next refresh
 * recomputes everything from the start, as it does for a new settings version.
 */

/**
 * The revision of the rules that shape stored derived data (lib/domain/dosing, lib/domain/monitoring).
 * Raise it with any change that alters what they compute from the same records, and say why here:
 * 1. Interval patterns count from the resume day after a pause; baseline labs collected after the start complete their item late.
 * 2. The peak-dose labs item's open reason names the day from which a set completes it, not "none recorded since" that day (wrong while ahead).
 * 3. A dose change replaced by another entered the same day is no longer a dose increase that moves the peak-dose labs.
 * 4. A baseline set with one test in the window before the start and the other after it completes its item
 *    late instead of leaving it overdue.
 * 5. A course summary's status is the course's on its day (courseStatusOn): a pause or resumption recorded
 *    ahead shows from its date, and a course ended on a last day still ahead keeps its summary until then.
 * 6. Peak-dose and periodic labs due after a course's recorded last day are not listed; the screening
 *    pregnancy tests item completes only as the prescribing check counts screening (after the latest
 *    positive test, the confirmation the spacing after the screening test).
 * 7. No pregnancy test item is listed while a confirmed pregnancy stands (no negative test collected since).
 * 8. The projected target date skips pauses and stops at ends recorded ahead (a course starting later is projected
 *    from its first day); an ended course's 28-day average is over its own last 28 days; no weight measured before
 *    a course's start is the weight of its days.
 * 9. A periodic labs item's open reason names the day from which a set completes it, instead of "none recorded
 *    since", which read wrong after a set collected before that day.
 * 10. The projected target date counts each day at the regimen in force that day: a dose change recorded ahead
 *    counts from its effective day instead of the as-of day's regimen standing for every day ahead.
 * 11. Lab items follow the protocol version in force on their anchor (a course's start, the increase, the set
 *    counted from), not today's; no set on or before an item's anchor completes it.
 * 12. A prescription renewal item is due soon by the protocol version in force on its due date, not today's.
 * 13. A course in progress younger than 28 days is classed by the average over whole cycles of its regimen (the
 *    days so far as taken, the rest of the cycle in progress as scheduled), not over its days so far.
 * 14. A repeat test asked for by a lab review ("Repeat test") is a monitoring item of its own (LAB_REPEAT), due on
 *    the date asked, completed by a later current result of the same analyte, gone while the reviewed result is voided.
 * 15. A confirmed pregnancy opens its follow-up items ("Dermatologist follow-up": the referral, and under
 *    iPLEDGE the report to the REMS program), due on the decision's day until a dermatologist records them.
 * 16. A decision documented before the follow-ups were tracked has its referral item completed (migration 20270106000000_follow_up_referrals_before_tracking).
 * 17. A repeat test asked for at a lab review follows a correction of the reviewed result (by hand or the
 *    laboratory's) while the corrected result is still abnormal; requests that earlier corrections left on the
 *    voided result are carried over (migration 20270107000000_repeat_requests_follow_corrections): listed again.
 * 18. A course summary is judged against its target by the patient's lifetime mg/kg, every course's (migration
 *    20270123000000_course_summaries_lifetime): past the target by an earlier or paper course, no remaining dose and
 *    no projected date, and its progress is the lifetime's (the dashboard's order and near-target count).
 * 19. No prescription renewal is listed while prescribing is stopped after a pregnancy test (prescribingStopped); a
 *    result under a pregnancy test the catalogue holds as a test of its own is a dermatologist's review (PREG_REVIEW).
 * 20. A confirmed pregnancy ends, for the routine pregnancy tests, only with a later negative test that counts (not a home test under 2021 rules).
 * 21. A laboratory's pregnancy test waiting in the queue for a patient (the hold that stops her prescribing) is a dermatologist's review (PREG_REVIEW).
 * 22. A prescription dispensed and then voided as entered in error keeps its test used: the next prescription's test item needs a test after it.
 * 23. A repeat test's reason says "an ALT result", "an LDL cholesterol result" (the article as the name is said).
 * 24. The 28-day average and its class count each day at its own weight (the per-day cumulative's), not all at the latest weight.
 */
export const DERIVED_RULES_REVISION = 24;

const refreshRow = z.object({ as_of: z.string(), refreshed_at: z.date(), refreshing: z.boolean(), rules_revision: z.number() });

/** The last completed refresh, if any ('-infinity' marks a row claimed before any refresh completed). */
async function readRefresh(client: Tx | PrismaClient) {
  const [row] = await queryRows(
    client,
    refreshRow,
    Prisma.sql`SELECT as_of::text AS as_of, refreshed_at, ${leaseLiveSql} AS refreshing, rules_revision FROM daily_refreshes WHERE id = 1`,
  );
  return row && row.as_of !== "-infinity" ? row : null;
}

/** For the dashboard and the worklist: the day their figures are as of, and whether a refresh is under way (its lease live). */
export async function getDerivedDataAsOf(): Promise<{ asOf: string | null; refreshing: boolean }> {
  const row = await readRefresh(db);
  return { asOf: row?.as_of ?? null, refreshing: row?.refreshing ?? false };
}

/**
 * Stale when the last refresh is before `asOf`, or when a course summary is (a write that began before
 * midnight and committed after the refresh): a primary-key read and an index probe.
 */
async function isStale(client: PrismaClient, asOf: string): Promise<boolean> {
  const { stale } = await queryRow(
    client,
    z.object({ stale: z.boolean() }),
    Prisma.sql`
    SELECT NOT EXISTS (SELECT 1 FROM daily_refreshes WHERE id = 1 AND as_of >= ${asOf}::date AND rules_revision = ${DERIVED_RULES_REVISION})
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

/** A settings version of one of these kinds took effect in (after, through]. */
async function settingsChanged(client: PrismaClient, kinds: string[], after: string, through: string): Promise<boolean> {
  const { changed } = await queryRow(
    client,
    z.object({ changed: z.boolean() }),
    Prisma.sql`
    SELECT EXISTS (SELECT 1 FROM clinic_configs WHERE kind::text = ANY(${kinds}::text[])
      AND effective_from > ${after}::date AND effective_from <= ${through}::date) AS changed`,
  );
  return changed;
}

/**
 * A new monitoring protocol or pregnancy-prevention settings version, or the pregnancy rule set that
 * follows another (the iPLEDGE modification's date), took effect in (after, through]: every item is
 * recomputed.
 */
async function protocolChanged(client: PrismaClient, after: string, through: string): Promise<boolean> {
  if (await settingsChanged(client, ["MONITORING_PROTOCOL", "PREGNANCY_PREVENTION"], after, through)) return true;
  const rulesOn = await getPregnancyRules(client);
  return rulesOn(after).id !== rulesOn(through).id;
}

/** Ends the run's lease, recording the day it brought the data up to (null: none). False when another run had taken it over. */
async function release(client: PrismaClient, token: string, asOf: string | null): Promise<boolean> {
  const released = await client.$executeRaw`
    UPDATE daily_refreshes SET running_as_of = NULL, running_since = NULL, running_token = NULL, running_renewed_at = NULL,
      as_of = CASE WHEN ${asOf}::date IS NULL THEN as_of ELSE GREATEST(as_of, ${asOf}::date) END,
      refreshed_at = CASE WHEN ${asOf}::date IS NULL THEN refreshed_at ELSE now() END,
      rules_revision = CASE WHEN ${asOf}::date IS NULL THEN rules_revision ELSE ${DERIVED_RULES_REVISION} END
    WHERE id = 1 AND running_token = ${token}::uuid`;
  return released === 1;
}

export interface RefreshSummary {
  asOf: string;
  /** The last completed refresh before this one (null: none). */
  previous: string | null;
  summaries: number;
  summariesFromStart: boolean;
  items: number;
  itemsForEveryPatient: boolean;
  /** The run whose lapsed lease this one took over (its process ended), or null. */
  tookOver: string | null;
}

type RefreshCounts = Omit<RefreshSummary, "asOf" | "tookOver">;

/** What a run does under its lease, from its decisions to its passes; null when it finds the data up to date. */
async function refreshUnderLease(client: PrismaClient, asOf: string, pass: PassOptions): Promise<RefreshCounts | null> {
  // Another run may have brought everything up to date between the first look and the claim.
  if (!(await isStale(client, asOf))) return null;
  const last = await readRefresh(client);
  const previous = last?.as_of ?? null;
  // From the day before the last refresh: a write that computed its items before midnight and
  // committed after that refresh is caught here. Other rules than those the data was stored with: all again.
  const after = previous === null || last!.rules_revision !== DERIVED_RULES_REVISION ? null : addDays(previous < asOf ? previous : asOf, -1);
  const summariesFromStart = after === null || (await settingsChanged(client, ["DOSING"], after, asOf));
  const itemsForEveryPatient = after === null || (await protocolChanged(client, after, asOf));
  const summaries = summariesFromStart ? await recomputeAllCourseSummaries(client, asOf, pass) : await advanceCourseSummaries(client, asOf, pass);
  const items = itemsForEveryPatient
    ? await recomputeAllMonitoring(client, asOf, pass)
    : await refreshMonitoringInBatches(
        client,
        await patientsWithItemSetChanges(client, after!, asOf, (await getProtocol(asOf, client)).baselineWindowDays),
        asOf,
        pass,
      );
  return { previous, summaries, summariesFromStart, items, itemsForEveryPatient };
}

/**
 * Brings the stored derived data up to `asOf` when it is behind, under the refresh's lease (lib/data/refresh-lease.ts).
 * Null when it was already up to date; otherwise what it did (counts only). Throws RefreshUnderWay while another
 * run's lease is live, and RefreshTakenOver when this run's lease lapsed and another run took it over.
 * A settings version saved while it runs sends it back to its decisions (onCurrentSettings): a dosing version in
 * force today then has every summary recomputed, a protocol version every patient's items, as its recompute does.
 */
export async function runDailyRefresh(
  client: PrismaClient = db,
  asOf = clinicToday(),
  /** Patients in each pass's first batch (tests split a run into batches they can see). */
  { batchSize }: { batchSize?: number } = {},
): Promise<RefreshSummary | null> {
  if (!(await isStale(client, asOf))) return null;
  const { token, tookOver } = await claimLease(client, asOf);
  try {
    const done = await onCurrentSettings(client, (settings) => refreshUnderLease(client, asOf, { batchSize, guard: bothGuards(settings, leaseGuard(token)) }));
    if (done === null) {
      await release(client, token, null);
      return null;
    }
    // Taken over after its last batch: every batch was written under the lease, but the day is the other run's to record.
    if (!(await release(client, token, asOf))) throw new RefreshTakenOver(null);
    return { asOf, ...done, tookOver };
  } catch (error) {
    await release(client, token, null);
    throw error;
  }
}

/** Recomputes all stored derived data as of `asOf` from scratch, in batches (seeding, bulk changes outside the app). */
export async function refreshAllDerivedData(client: PrismaClient, asOf = clinicToday(), batchSize?: number): Promise<{ summaries: number; items: number }> {
  const summaries = await recomputeAllCourseSummaries(client, asOf, { batchSize });
  const items = await recomputeAllMonitoring(client, asOf, { batchSize });
  await client.$executeRaw`
    INSERT INTO daily_refreshes (id, as_of, refreshed_at, rules_revision) VALUES (1, ${asOf}::date, now(), ${DERIVED_RULES_REVISION})
    ON CONFLICT (id) DO UPDATE SET as_of = EXCLUDED.as_of, refreshed_at = EXCLUDED.refreshed_at, rules_revision = EXCLUDED.rules_revision`;
  return { summaries, items };
}
