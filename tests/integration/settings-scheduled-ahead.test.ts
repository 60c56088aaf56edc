import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { runDailyRefresh, refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { recentLabsToConfirm } from "@/lib/data/recent-labs";
import { newVersionForms } from "@/lib/data/settings";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import type { ItemKind } from "@/lib/domain/monitoring/items";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { courseRows, startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

/**
 * Settings versions saved for a later day. The monitoring protocol and the pregnancy-prevention settings
 * apply per date: an item anchored on or after a version's day follows it from the moment it is saved, so the
 * stored items are recomputed at once (and again on its day, by the daily refresh). Reads made for a day
 * ahead (the recent labs a course start is warned about, the renewal of a supply running out then) read the
 * version of that day. And the form for a new version starts on a day the rule accepts.
 */
const TOMORROW = addDays(TODAY, 1); // 2026-11-24

/** A patient's stored item of one kind: its due date and windows. */
async function storedItem(patientId: string, kind: ItemKind) {
  const row = await testDb().monitoringItemRow.findFirstOrThrow({ where: { patientId, kind } });
  return { dueDate: row.dueDate.toISOString().slice(0, 10), dueSoonDays: row.dueSoonDays, overdueAfterDays: row.overdueAfterDays };
}

/** The same item computed live as of `asOf`. */
async function liveItem(patientId: string, kind: ItemKind, asOf = TODAY) {
  const item = (await getPatientMonitoring(CLINICIAN, patientId, asOf)).find((i) => i.kind === kind)!;
  return { dueDate: item.dueDate, dueSoonDays: item.dueSoonDays, overdueAfterDays: item.overdueAfterDays };
}

const saveVersion = async (kind: "MONITORING_PROTOCOL" | "PREGNANCY_PREVENTION" | "DOSING", effectiveFrom: string, values: object) =>
  saveClinicSettingsAction(IDLE, await settingsForm({ kind, effectiveFrom, ...flat(values) }));

describe("settings versions scheduled ahead", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(restoreDefaultSettings);

  it("a pregnancy-prevention version saved for tomorrow recomputes the stored items at once: a test after a last day ahead follows it; the daily pass on its day applies the rest", async () => {
    const db = testDb();
    // Started 2026-10-24, last day 2026-12-03: its post-course test is due 30 days after that day, 2027-01-02.
    const { patient } = await courseRows({ start: addDays(TODAY, -30), end: addDays(TODAY, 10), pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await refreshAllDerivedData(db, TODAY);
    expect(await storedItem(patient.id, "PREG_POST_COURSE")).toEqual({ dueDate: "2027-01-02", dueSoonDays: 7, overdueAfterDays: 7 });
    // The monthly test counted from the start on 2026-10-24, 30 days later.
    expect(await storedItem(patient.id, "PREG_MONTHLY")).toEqual({ dueDate: "2026-11-23", dueSoonDays: 7, overdueAfterDays: 7 });

    actAs(await makeUser("DERMATOLOGIST"));
    // From tomorrow: pregnancy tests overdue 3 days past due, due soon 14 days before.
    const saved = await saveVersion("PREGNANCY_PREVENTION", TOMORROW, { ...DEFAULT_PREGNANCY_SETTINGS, overdueAfterDays: 3, dueSoonDays: 14 });
    expect(saved).toMatchObject({ status: "ok", message: expect.stringContaining("taking effect on 24 Nov 2026") });
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([{ summaries: 0, items: expect.any(Number) }]);

    // The test after the last dose on 2026-12-03 follows the version in force on that day, stored as computed live.
    expect(await storedItem(patient.id, "PREG_POST_COURSE")).toEqual({ dueDate: "2027-01-02", dueSoonDays: 7, overdueAfterDays: 3 });
    expect(await liveItem(patient.id, "PREG_POST_COURSE")).toEqual({ dueDate: "2027-01-02", dueSoonDays: 7, overdueAfterDays: 3 });
    // The monthly test counts from 2026-10-24, under the settings in force then.
    expect(await storedItem(patient.id, "PREG_MONTHLY")).toEqual({ dueDate: "2026-11-23", dueSoonDays: 7, overdueAfterDays: 7 });

    // Tomorrow's daily pass recomputes every patient's items: the due-soon days in force that day apply to both.
    expect(await runDailyRefresh(db, TOMORROW)).toMatchObject({ asOf: TOMORROW, itemsForEveryPatient: true });
    expect(await storedItem(patient.id, "PREG_POST_COURSE")).toEqual({ dueDate: "2027-01-02", dueSoonDays: 14, overdueAfterDays: 3 });
    expect(await storedItem(patient.id, "PREG_MONTHLY")).toEqual({ dueDate: "2026-11-23", dueSoonDays: 14, overdueAfterDays: 7 });
    expect(await liveItem(patient.id, "PREG_POST_COURSE", TOMORROW)).toEqual(await storedItem(patient.id, "PREG_POST_COURSE"));
    expect(await liveItem(patient.id, "PREG_MONTHLY", TOMORROW)).toEqual(await storedItem(patient.id, "PREG_MONTHLY"));
  });

  it("a dosing version saved for a later day queues nothing: course summaries as of today use today's settings", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const saved = await saveVersion("DOSING", addDays(TODAY, 10), { ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" });
    expect(saved).toMatchObject({ status: "ok" });
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([]);
  });

  it("a course start is warned about abnormal labs over the baseline window in force on its start, not today's", async () => {
    const db = testDb();
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    // From 2026-12-03: baseline labs within 7 days before a start (30 until then).
    expect(await saveVersion("MONITORING_PROTOCOL", addDays(TODAY, 10), { ...DEFAULT_PROTOCOL, baselineWindowDays: 7 })).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");
    // A high ALT on 2026-11-08, 15 days before today.
    const patient = await makePatient();
    const alt = await db.labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    await db.labResult.create({
      data: {
        ...{ patientId: patient.id, labTestId: alt.id, code: alt.code, codeSystem: alt.codeSystem, analyte: alt.analyte, unit: alt.unit },
        ...{ specimenDate: new Date(`${addDays(TODAY, -15)}T00:00:00Z`), valueNumeric: 130, flag: "HIGH", submissionId: randomUUID(), enteredById: derm.id },
      },
    });
    const warning = (start: string) => db.$transaction((tx) => recentLabsToConfirm(tx, patient.id, start, TODAY));
    // A start today, under the 30-day window: the result is named.
    expect((await warning(TODAY))?.message).toContain("Abnormal lab results in the 30 days before the start:");
    // A start on 2026-12-13, under the 7-day window in force then: counted from 7 days before today, it is not.
    expect(await warning(addDays(TODAY, 20))).toBeNull();
    // So such a course starts without a confirmation to give.
    await startCourseFor(patient.id, { startDate: addDays(TODAY, 20), startWeightKg: "60", mgPerIntake: "40" });
  });

  it("the renewal item's due-soon days are those of the protocol version in force on its due date", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    // Two courses each started with a 30-day supply: from 2026-11-05 (due again 2026-12-05) and from 2026-10-29 (due 2026-11-28).
    const later = await makePatient();
    await startCourseFor(later.id, { startDate: addDays(TODAY, -18), startWeightKg: "60", mgPerIntake: "40" });
    const sooner = await makePatient();
    await startCourseFor(sooner.id, { startDate: addDays(TODAY, -25), startWeightKg: "60", mgPerIntake: "40" });
    expect(await storedItem(later.id, "RX_RENEWAL")).toEqual({ dueDate: "2026-12-05", dueSoonDays: 7, overdueAfterDays: 0 });

    // From 2026-12-03: due soon 14 days before.
    expect(await saveVersion("MONITORING_PROTOCOL", addDays(TODAY, 10), { ...DEFAULT_PROTOCOL, dueSoonDays: 14 })).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");
    // Due on 2026-12-05, under that version: due soon from 2026-11-21, so already today.
    expect(await storedItem(later.id, "RX_RENEWAL")).toEqual({ dueDate: "2026-12-05", dueSoonDays: 14, overdueAfterDays: 0 });
    const live = (await getPatientMonitoring(CLINICIAN, later.id, TODAY)).find((i) => i.kind === "RX_RENEWAL");
    expect(live).toMatchObject({ dueDate: "2026-12-05", dueSoonDays: 14, status: "DUE_SOON" });
    // Due on 2026-11-28, before the version: 7 days.
    expect(await storedItem(sooner.id, "RX_RENEWAL")).toEqual({ dueDate: "2026-11-28", dueSoonDays: 7, overdueAfterDays: 0 });
    expect(await liveItem(sooner.id, "RX_RENEWAL")).toEqual({ dueDate: "2026-11-28", dueSoonDays: 7, overdueAfterDays: 0 });
  });

  it("the form for a new version takes effect, by default, on a day the rule accepts: the scheduled version's day, or today when none is scheduled", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const before = await newVersionForms(CLINICIAN, TODAY);
    expect(before.PREGNANCY_PREVENTION).toMatchObject({ effectiveFrom: TODAY, scheduledFrom: null });

    // Scheduled for 2026-12-23: screening tests count from 90 days before.
    const scheduled = { ...DEFAULT_PREGNANCY_SETTINGS, screeningLookbackDays: 90 };
    expect(await saveVersion("PREGNANCY_PREVENTION", addDays(TODAY, 30), scheduled)).toMatchObject({ status: "ok" });
    const forms = await newVersionForms(CLINICIAN, TODAY);
    expect(forms.PREGNANCY_PREVENTION).toMatchObject({ effectiveFrom: "2026-12-23", scheduledFrom: "2026-12-23", values: { screeningLookbackDays: 90 } });
    expect(forms.DOSING).toMatchObject({ effectiveFrom: TODAY, scheduledFrom: null });

    // Today, the old default, is refused; the form as it opens now is saved.
    const form = forms.PREGNANCY_PREVENTION;
    expect(await saveVersion("PREGNANCY_PREVENTION", TODAY, { ...form.values, maxDaysSupply: 20 })).toMatchObject({
      status: "error",
      fieldErrors: { effectiveFrom: [expect.stringContaining("23 Dec 2026")] },
    });
    expect(await saveVersion("PREGNANCY_PREVENTION", form.effectiveFrom, { ...form.values, maxDaysSupply: 20 })).toMatchObject({ status: "ok" });
    expect(await saveVersion("DOSING", forms.DOSING.effectiveFrom, forms.DOSING.values)).toMatchObject({ status: "ok" });
  });
});
