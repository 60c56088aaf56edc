import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { getPregnancySettings } from "@/lib/data/config";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getPregnancyRules } from "@/lib/data/pregnancy-history";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { courseRows } from "./course-fixture";
import { actAs, CLINICIAN, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** A course starting `startIn` days from today, with ALT and AST drawn `drawnBefore` days before its start. */
async function courseWithLiverTests(startIn: number, drawnBefore: number) {
  const db = testDb();
  const start = addDays(TODAY, startIn);
  const { derm, patient } = await courseRows({ start });
  for (const code of ["1742-6", "1920-8"]) {
    const t = await db.labTest.findFirstOrThrow({ where: { code } });
    await db.labResult.create({
      data: {
        ...{ patientId: patient.id, labTestId: t.id, code: t.code, codeSystem: t.codeSystem, analyte: t.analyte, unit: t.unit },
        ...{ specimenDate: day(addDays(start, -drawnBefore)), valueNumeric: 25, flag: "NORMAL", submissionId: randomUUID(), enteredById: derm.id },
      },
    });
  }
  const stored = async () => iso((await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "BASELINE_LIVER" } })).completedOn);
  const live = async () => (await getPatientMonitoring(CLINICIAN, patient.id, TODAY)).find((i) => i.kind === "BASELINE_LIVER")!;
  return { stored, live };
}

describe("effective-dated settings versions", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(restoreDefaultSettings);

  it("a narrower baseline window from today does not reopen the baseline item of a course started under the 30-day window; a course starting after it follows it", async () => {
    const db = testDb();
    // ALT and AST 20 days before each start, inside the 30-day window: 2026-10-14 for the course started on
    // 2026-11-03, 2026-11-08 for the one starting on 2026-11-28.
    const started = await courseWithLiverTests(-20, 20);
    const planned = await courseWithLiverTests(5, 20);
    await refreshAllDerivedData(db, TODAY);
    expect(await started.stored()).toBe("2026-10-14");
    expect(await started.live()).toMatchObject({ status: "COMPLETED", completedOn: "2026-10-14" });
    expect(await planned.stored()).toBe("2026-11-08");
    expect(await planned.live()).toMatchObject({ status: "COMPLETED", completedOn: "2026-11-08" });

    // From today on, baseline labs are to be drawn within 7 days before a start.
    actAs(await makeUser("DERMATOLOGIST"));
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: TODAY, ...flat({ ...DEFAULT_PROTOCOL, baselineWindowDays: 7 }) }),
    );
    expect(r).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");

    // The course started on 2026-11-03 under the 30-day window, and its baseline labs met it: the item stays
    // completed (the office is not sent after labs that can no longer be baseline labs).
    expect(await started.stored()).toBe("2026-10-14");
    expect(await started.live()).toMatchObject({ status: "COMPLETED", completedOn: "2026-10-14" });
    // The course starting on 2026-11-28 follows the 7-day window (from 2026-11-21): its tests are too early.
    expect(await planned.stored()).toBeNull();
    expect(await planned.live()).toMatchObject({
      status: "DUE_SOON",
      completedOn: null,
      reason: "ALT and AST due within 7 days before the start on 28 Nov 2026; none recorded in that window.",
    });
  });

  it("a version may not take effect before one already scheduled: the form names that version's day, and nothing is saved", async () => {
    const later = addDays(TODAY, 30); // 2026-12-23
    actAs(await makeUser("DERMATOLOGIST"));
    const db = testDb();
    // Version 2: from 2026-12-23, screening tests count from 90 days before.
    const scheduled = { ...DEFAULT_PREGNANCY_SETTINGS, screeningLookbackDays: 90 };
    const first = await saveClinicSettingsAction(IDLE, await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: later, ...flat(scheduled) }));
    expect(first).toMatchObject({ status: "ok" });
    const saved = () => db.clinicConfig.count({ where: { kind: "PREGNANCY_PREVENTION" } });
    const audits = () => db.auditEvent.count({ where: { action: "settings.update" } });
    const [versionsBefore, auditsBefore] = [await saved(), await audits()];
    // A tightening from today, opened after it (the page fills the form with the scheduled day's settings):
    // on 2026-12-23 version 2 would put the 30-day limit back. Refused, naming that day.
    const refused = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: TODAY, ...flat({ ...scheduled, maxDaysSupply: 20 }) }),
    );
    expect(refused).toMatchObject({
      status: "error",
      fieldErrors: {
        effectiveFrom: ["A version of these settings is scheduled for 23 Dec 2026: schedule this one on or after that day, or change that one."],
      },
    });
    expect([await saved(), await audits()]).toEqual([versionsBefore, auditsBefore]);
    const rulesOn = await getPregnancyRules();
    expect([rulesOn(TODAY).maxDaysSupply, rulesOn(later).maxDaysSupply, (await getPregnancySettings(later)).maxDaysSupply]).toEqual([30, 30, 30]);

    // The day before it is refused too; on that day, or after it, the tightening is saved and holds from then on.
    const dayBefore = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: addDays(later, -1), ...flat({ ...scheduled, maxDaysSupply: 20 }) }),
    );
    expect(dayBefore).toMatchObject({ status: "error", fieldErrors: { effectiveFrom: [expect.stringContaining("23 Dec 2026")] } });
    const sameDay = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: later, ...flat({ ...scheduled, maxDaysSupply: 20 }) }),
    );
    expect(sameDay).toMatchObject({ status: "ok" });
    const rulesAfter = await getPregnancyRules();
    expect([
      rulesAfter(addDays(later, -1)).maxDaysSupply,
      rulesAfter(later).maxDaysSupply,
      (await getPregnancySettings(addDays(later, 40))).maxDaysSupply,
    ]).toEqual([30, 20, 20]);
    // Other kinds have nothing scheduled: a dosing version from today is saved.
    expect(await saveClinicSettingsAction(IDLE, await settingsForm({ kind: "DOSING", effectiveFrom: TODAY, ...flat(DEFAULT_DOSING_SETTINGS) }))).toMatchObject({
      status: "ok",
    });
  });
});
