import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { getPregnancySettings } from "@/lib/data/config";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getPregnancyRules } from "@/lib/data/pregnancy-history";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { actAs, CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

describe("review: effective-dated settings versions", () => {
  beforeEach(restoreDefaultSettings);
  afterEach(restoreDefaultSettings);

  it("a narrower baseline window from today does not reopen the baseline item of a course started under the 30-day window", async () => {
    const db = testDb();
    const derm = await makeUser("DERMATOLOGIST");
    const patient = await makePatient();
    const start = addDays(TODAY, -20); // 2026-11-03
    const course = await db.course.create({
      data: {
        patientId: patient.id,
        dermatologistId: derm.id,
        indication: "ACNE_NODULAR",
        regimenIntent: "LOW_DOSE",
        startDate: day(start),
        startWeightGrams: 60_000,
      },
    });
    await db.doseChange.create({
      data: { courseId: course.id, effectiveFrom: day(start), mgPerIntake: 20, pattern: "DAILY", reason: "test", createdById: derm.id },
    });
    // ALT and AST drawn 2026-10-14: 20 days before the start, inside the protocol's 30-day window then in force.
    const drawn = addDays(start, -20);
    expect(drawn).toBe("2026-10-14");
    for (const code of ["1742-6", "1920-8"]) {
      const t = await db.labTest.findFirstOrThrow({ where: { code } });
      await db.labResult.create({
        data: {
          ...{ patientId: patient.id, labTestId: t.id, code: t.code, codeSystem: t.codeSystem, analyte: t.analyte, unit: t.unit },
          ...{ specimenDate: day(drawn), valueNumeric: 25, flag: "NORMAL", submissionId: randomUUID(), enteredById: derm.id },
        },
      });
    }
    await refreshAllDerivedData(db, TODAY);
    const stored = async () => iso((await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "BASELINE_LIVER" } })).completedOn);
    const live = async () => (await getPatientMonitoring(CLINICIAN, patient.id, TODAY)).find((i) => i.kind === "BASELINE_LIVER")!;
    expect(await stored()).toBe("2026-10-14");
    expect(await live()).toMatchObject({ status: "COMPLETED", completedOn: "2026-10-14" });

    // From today on, baseline labs are to be drawn within 7 days before a start.
    actAs(derm);
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: TODAY, ...flat({ ...DEFAULT_PROTOCOL, baselineWindowDays: 7 }) }),
    );
    expect(r).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");

    // The course started on 2026-11-03 under the 30-day window, and its baseline labs met it: the item stays
    // completed (the office is not sent after labs that can no longer be baseline labs).
    expect(await stored()).toBe("2026-10-14");
    expect(await live()).toMatchObject({ status: "COMPLETED", completedOn: "2026-10-14" });
  });

  it("a tightening saved from today, after a version scheduled for a later day, still holds on that day", async () => {
    const later = addDays(TODAY, 30); // 2026-12-23
    actAs(await makeUser("DERMATOLOGIST"));
    // Version 2: from 2026-12-23, screening tests count from 90 days before.
    const scheduled = { ...DEFAULT_PREGNANCY_SETTINGS, screeningLookbackDays: 90 };
    const first = await saveClinicSettingsAction(IDLE, await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: later, ...flat(scheduled) }));
    expect(first).toMatchObject({ status: "ok" });
    // Version 3, opened after it: the page fills the form with the settings the scheduled day puts in force;
    // the dermatologist tightens the supply limit to 20 days, from today.
    const second = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: TODAY, ...flat({ ...scheduled, maxDaysSupply: 20 }) }),
    );
    const rulesOn = await getPregnancyRules();
    expect(rulesOn(TODAY).maxDaysSupply).toBe(second.status === "ok" ? 20 : 30);
    // Either the save is refused (a version may not take effect before one already scheduled), or the
    // newest decision, the 20-day limit, still applies once 2026-12-23 comes: no one saved a looser limit.
    const onLater = { saved: second.status, settings: (await getPregnancySettings(later)).maxDaysSupply, rules: rulesOn(later).maxDaysSupply };
    expect(onLater).toEqual(second.status === "ok" ? { saved: "ok", settings: 20, rules: 20 } : { saved: "error", settings: 30, rules: 30 });
  });
});
