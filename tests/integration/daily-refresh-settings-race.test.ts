import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { rewriteCourseSummaries } from "@/lib/data/course-summaries";
import { refreshAllDerivedData, runDailyRefresh } from "@/lib/data/daily-refresh";
import { recomputeForSettings } from "@/lib/data/recompute-derived";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { stopJobSender } from "@/lib/jobs/enqueue";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { courseRows } from "./course-fixture";
import { actAs, makeUser, testDb, TODAY, until } from "./helpers";
import { deliverQueuedJobs, resetDailyRefresh, restoreDefaultSettings, settingsForm } from "./jobs-helpers";
import { holdLocks, settled, waitingForLocks } from "./lock-helpers";

/*
 * A settings version in force today saved while a daily refresh runs: the refresh read the settings before the
 * save, and the settings recompute the save queued runs to completion between two of the refresh's batches. The
 * batches written after it must not put the figures back on the settings the refresh began with (and the refresh
 * must not then record them as up to date). No batch of a settings recompute either commits figures on settings
 * replaced before it commits. The figures the changed settings shape are checked: the dose class of each
 * summary (its total and as-of day with it), the peak-dose labs' due date.
 */
const YESTERDAY = addDays(TODAY, -1);
const START = addDays(TODAY, -10); // 2026-11-13

afterAll(stopJobSender);

/**
 * Starts a daily refresh (one patient in its first batch) while a transaction of the test holds `first`'s
 * derived-data lock, and pauses it before the batch after the one that waits for `first`, holding no patient's
 * lock: once that batch waits, another transaction of the test asks for daily_refreshes whole, which it gets
 * when that batch commits (the batch, which already reads the table, goes ahead of it), and every batch's first
 * statement (reading the run's lease) waits for it. A settings recompute, which never reads that table, runs
 * meanwhile. Returns the run and the function that resumes it.
 */
async function refreshPausedAfter(first: string) {
  const openFirst = await holdLocks([first]);
  const run = settled(() => runDailyRefresh(testDb(), TODAY, { batchSize: 1 }))();
  await until(async () => (await waitingForLocks()) === 1, "the run's batch to wait for the patient");
  const table = holdLocks((tx) => tx.$executeRaw`LOCK TABLE daily_refreshes IN ACCESS EXCLUSIVE MODE`);
  await until(async () => (await waitingForLocks()) === 2, "the table's lock to wait for that batch");
  await openFirst();
  const resume = await table;
  await until(async () => (await waitingForLocks()) === 1, "the run's next batch to wait for the table");
  return { run, resume };
}

/** Saves a version of these settings in force today, as a dermatologist, and delivers the recompute it queues unless told not to. */
async function saveInForceToday(kind: "DOSING" | "MONITORING_PROTOCOL", values: object, recompute = true) {
  actAs(await makeUser("DERMATOLOGIST"));
  expect(await saveClinicSettingsAction(IDLE, await settingsForm({ kind, effectiveFrom: TODAY, ...flat(values) }))).toMatchObject({ status: "ok" });
  if (recompute) expect(await deliverQueuedJobs("settings-recompute")).toHaveLength(1);
}

/** The stored summaries of these patients' courses, in the order given. */
async function summaries(patientIds: string[]) {
  const rows = await testDb().courseSummary.findMany({ where: { patientId: { in: patientIds } } });
  return patientIds.map((id) => {
    const s = rows.find((r) => r.patientId === id);
    return s && { asOf: s.asOf.toISOString().slice(0, 10), totalMg: s.totalMg, doseClass: s.doseClass };
  });
}

const peakLabsDue = async (patientId: string) =>
  (await testDb().monitoringItemRow.findFirstOrThrow({ where: { patientId, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10);

const refreshedAsOf = async () => (await testDb().dailyRefresh.findUniqueOrThrow({ where: { id: 1 } })).asOf.toISOString().slice(0, 10);

describe("a settings version saved while a pass over the derived data runs", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(async () => {
    await resetDailyRefresh();
    await restoreDefaultSettings();
  });

  it("dosing: a daily refresh's later batches leave the summaries on the new version", async () => {
    // Three patients on 20 mg daily since 13 Nov at 60 kg; only their summaries are behind (as of yesterday).
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await courseRows({ start: START })).patient.id);
    ids.sort();
    await refreshAllDerivedData(testDb(), TODAY);
    await testDb().$transaction((tx) => rewriteCourseSummaries(tx, ids, YESTERDAY));
    await testDb().$executeRaw`UPDATE daily_refreshes SET as_of = ${YESTERDAY}::date`;
    // 20 mg / 60 kg = 0.333 mg/kg/day: "low" under the default bound (below 0.4). 10 days: 200 mg.
    expect(await summaries(ids)).toEqual(ids.map(() => ({ asOf: YESTERDAY, totalMg: 200, doseClass: "low" })));

    // The run advances the first patient's summary, then pauses before the other two.
    const { run, resume } = await refreshPausedAfter(ids[0]!);
    expect((await summaries(ids))[0]).toEqual({ asOf: TODAY, totalMg: 220, doseClass: "low" });

    // A dosing version with the low-dose bound at 0.3 mg/kg/day, in force today: 0.333 is "standard" (up to 1.0).
    await saveInForceToday("DOSING", { ...DEFAULT_DOSING_SETTINGS, lowBelowMilli: 300 });
    // 11 days (13 to 23 Nov) at 20 mg: 220 mg.
    const onNewVersion = ids.map(() => ({ asOf: TODAY, totalMg: 220, doseClass: "standard" }));
    expect(await summaries(ids)).toEqual(onNewVersion);

    await resume();
    // Sent back to its decisions by the version, the run recomputed every summary from the start with it.
    expect(await run).toMatchObject({ value: { asOf: TODAY, previous: YESTERDAY, summariesFromStart: true } });
    expect(await summaries(ids)).toEqual(onNewVersion);
    expect(await refreshedAsOf()).toBe(TODAY);
  });

  it("monitoring protocol: a daily refresh's later batches leave the items on the new version", async () => {
    // A course started today: its peak-dose labs follow the protocol in force today. Another, since 13 Nov.
    const { patient } = await courseRows({ start: TODAY });
    const behind = (await courseRows({ start: START })).patient.id;
    // A protocol version in force today already, with peak-dose labs 7 weeks after the start: 11 Jan 2027.
    await saveInForceToday("MONITORING_PROTOCOL", { ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 7 });
    expect(await peakLabsDue(patient.id)).toBe("2027-01-11");
    // The last refresh was yesterday, before that version: this one advances the one summary behind (the
    // other patient's), then recomputes every patient's items.
    await refreshAllDerivedData(testDb(), TODAY);
    await testDb().$transaction((tx) => rewriteCourseSummaries(tx, [behind], YESTERDAY));
    await testDb().$executeRaw`UPDATE daily_refreshes SET as_of = ${YESTERDAY}::date`;

    // The run advances that summary, reads the protocol for the items, then pauses before its first batch of items.
    const { run, resume } = await refreshPausedAfter(behind);
    // Another version, peak-dose labs 6 weeks after the start: 23 Nov + 42 days = 4 Jan 2027.
    await saveInForceToday("MONITORING_PROTOCOL", { ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 6 });
    expect(await peakLabsDue(patient.id)).toBe("2027-01-04");

    await resume();
    expect(await run).toMatchObject({ value: { asOf: TODAY, previous: YESTERDAY, itemsForEveryPatient: true } });
    expect(await peakLabsDue(patient.id)).toBe("2027-01-04");
    // 11 days (13 to 23 Nov) at 20 mg: 220 mg, 0.333 mg/kg/day at 60 kg, "low" under the default dosing.
    expect(await summaries([behind])).toEqual([{ asOf: TODAY, totalMg: 220, doseClass: "low" }]);
    expect(await refreshedAsOf()).toBe(TODAY);
  });

  it("a settings recompute: a batch that read the protocol before a version was saved, and commits after, is not written", async () => {
    // A course started today: peak-dose labs 8 weeks after the start by default, 18 Jan 2027.
    const { patient } = await courseRows({ start: TODAY });
    await refreshAllDerivedData(testDb(), TODAY);
    expect(await peakLabsDue(patient.id)).toBe("2027-01-18");
    // A pregnancy-prevention recompute (it rewrites the items, with the protocol too) waits for the patient's lock,
    // having read the protocol; meanwhile a protocol version, peak-dose labs 6 weeks after the start, is saved.
    const open = await holdLocks([patient.id]);
    const recompute = settled(() => recomputeForSettings(testDb(), "PREGNANCY_PREVENTION", TODAY))();
    await until(async () => (await waitingForLocks()) === 1, "the recompute's batch to wait for the patient");
    await saveInForceToday("MONITORING_PROTOCOL", { ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 6 }, false);
    await open();
    expect(await recompute).toMatchObject({ value: { items: expect.any(Number) } });
    // The recompute started again with the new version (whose own recompute still waits): 23 Nov + 42 days = 4 Jan 2027.
    expect(await peakLabsDue(patient.id)).toBe("2027-01-04");
  });
});
