import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { DEFAULT_PROTOCOL } from "@/lib/domain/monitoring/protocol";
import { getDosingSettings, getProtocol } from "@/lib/data/config";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { IDLE } from "@/lib/validation/action-result";
import { flatten as flat } from "@/lib/validation/settings";
import { courseRows } from "./course-fixture";
import { actAs, CLINICIAN, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

const today = TODAY;

/** A course starting `startIn` days from today (by default started 20 days ago, on 2026-11-03). */
async function activeCourse(startIn = -20) {
  const db = testDb();
  const { derm, patient, course } = await courseRows({ start: addDays(today, startIn) });
  await db.weightMeasurement.create({
    data: { patientId: patient.id, measuredOn: new Date(`${addDays(today, -10)}T00:00:00Z`), weightGrams: 50_000, enteredById: derm.id },
  });
  await refreshAllDerivedData(db, today);
  return { patient, course };
}

describe("clinic settings", () => {
  // Each test starts from the seeded defaults (version 1 of each kind), so the versions it saves are numbered from 2.
  beforeEach(restoreDefaultSettings);
  afterEach(restoreDefaultSettings);

  it("a protocol version in force today queues a recompute of every patient's items, which the job does; the version has its audit row", async () => {
    const started = await activeCourse(); // 2026-11-03
    const starting = await activeCourse(0); // today, 2026-11-23
    const db = testDb();
    const peakOf = async (patientId: string) =>
      (await db.monitoringItemRow.findFirstOrThrow({ where: { patientId, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10);
    const peak = () => peakOf(starting.patient.id);
    expect(await peak()).toBe("2027-01-18"); // 8 weeks after the start on 2026-11-23
    expect(await peakOf(started.patient.id)).toBe("2026-12-29"); // 8 weeks after the start on 2026-11-03
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: today, ...flat({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 6 }) }),
    );
    expect(r).toMatchObject({ status: "ok" });
    // Saved and queued; the stored items change when the job has run, not in the request.
    expect(await peak()).toBe("2027-01-18");
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([{ summaries: 0, items: expect.any(Number) }]);
    expect(await peak()).toBe("2027-01-04"); // 6 weeks after the start, which is on the version's day
    // A course started before the version keeps the weeks in force on its start.
    expect(await peakOf(started.patient.id)).toBe("2026-12-29");
    expect((await getProtocol(today)).peakWeeksAfterStart).toBe(6);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "settings.update", actorId: derm.id } });
    expect(audit.changes).toMatchObject({ kind: "MONITORING_PROTOCOL", version: 2, effectiveFrom: today, config: { peakWeeksAfterStart: 6 } });
  });

  it("a baseline window widened to 60 days from today counts liver tests drawn 50 days before a course starting from today, not before one started earlier", async () => {
    const started = await activeCourse(); // 2026-11-03, under the 30-day window
    const planned = await activeCourse(10); // 2026-12-03
    const db = testDb();
    const derm = await makeUser("DERMATOLOGIST");
    const drawLiverTests = async (patientId: string, drawn: string) => {
      for (const code of ["1742-6", "1920-8"]) {
        const t = await db.labTest.findFirstOrThrow({ where: { code } });
        await db.labResult.create({
          data: {
            ...{ patientId, labTestId: t.id, code: t.code, codeSystem: t.codeSystem, analyte: t.analyte, unit: t.unit },
            ...{ specimenDate: new Date(`${drawn}T00:00:00Z`), valueNumeric: 25, flag: "NORMAL", submissionId: randomUUID(), enteredById: derm.id },
          },
        });
      }
    };
    // Each 50 days before its course's start: 2026-09-14 and 2026-10-14.
    await drawLiverTests(started.patient.id, "2026-09-14");
    await drawLiverTests(planned.patient.id, "2026-10-14");
    await refreshAllDerivedData(db, today);
    const liver = async (patientId: string) => (await getPatientMonitoring(CLINICIAN, patientId, today)).find((i) => i.kind === "BASELINE_LIVER")!;
    const stored = async (patientId: string) =>
      (await db.monitoringItemRow.findFirstOrThrow({ where: { patientId, kind: "BASELINE_LIVER" } })).completedOn?.toISOString().slice(0, 10) ?? null;
    // Outside the default 30 days for both.
    expect(await liver(started.patient.id)).toMatchObject({ status: "OVERDUE", completedOn: null });
    expect(await liver(planned.patient.id)).toMatchObject({ status: "NOT_DUE", completedOn: null });
    actAs(derm);
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: today, ...flat({ ...DEFAULT_PROTOCOL, baselineWindowDays: 60 }) }),
    );
    expect(r).toMatchObject({ status: "ok" });
    await deliverQueuedJobs("settings-recompute");
    // The course starting on 2026-12-03 follows the 60-day window (from 2026-10-04)...
    expect(await liver(planned.patient.id)).toMatchObject({ status: "COMPLETED", completedOn: "2026-10-14" });
    expect(await stored(planned.patient.id)).toBe("2026-10-14");
    // ...the one started on 2026-11-03 keeps the 30-day window it started under.
    expect(await liver(started.patient.id)).toMatchObject({ status: "OVERDUE", completedOn: null });
    expect((await liver(started.patient.id)).reason).toContain("within 30 days before the start on 3 Nov 2026");
    expect(await stored(started.patient.id)).toBeNull();
  });

  it("a protocol version saved for a later day queues the recompute at once: a course starting after that day follows it, one starting before keeps today's", async () => {
    const before = await activeCourse(0); // starts today, 2026-11-23
    const after = await activeCourse(20); // starts 2026-12-13
    const db = testDb();
    const peakOf = async (patientId: string) =>
      (await db.monitoringItemRow.findFirstOrThrow({ where: { patientId, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10);
    expect(await peakOf(after.patient.id)).toBe("2027-02-07"); // 8 weeks after 2026-12-13
    actAs(await makeUser("DERMATOLOGIST"));
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: addDays(today, 10), ...flat({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 6 }) }),
    );
    expect(r).toMatchObject({ status: "ok", message: expect.stringContaining("taking effect on 3 Dec 2026") });
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([{ summaries: 0, items: expect.any(Number) }]);
    expect(await peakOf(after.patient.id)).toBe("2027-01-24"); // 6 weeks after 2026-12-13, under the version of 2026-12-03
    expect(await peakOf(before.patient.id)).toBe("2027-01-18"); // 8 weeks after 2026-11-23
    const live = await getPatientMonitoring(CLINICIAN, after.patient.id, today);
    expect(live.find((i) => i.kind === "PEAK_LABS")).toMatchObject({ dueDate: "2027-01-24" });
  });

  it("a dosing version in force today recomputes the course summaries; a later one waits for its day", async () => {
    const { course } = await activeCourse();
    const db = testDb();
    const mgPerKg = async () => (await db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).mgPerKg;
    const before = await mgPerKg(); // 21 days x 20 mg over the 60 kg start weight
    expect(before).toBeCloseTo((21 * 20) / 60, 9);
    actAs(await makeUser("DERMATOLOGIST"));
    const now = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "DOSING", effectiveFrom: today, ...flat({ ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" }) }),
    );
    expect(now).toMatchObject({ status: "ok" });
    const later = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({
        kind: "DOSING",
        effectiveFrom: addDays(today, 10),
        ...flat({ ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY", weightChangeAlertPercent: 9 }),
      }),
    );
    expect(later).toMatchObject({ status: "ok", message: expect.stringContaining("taking effect on 3 Dec 2026") });
    expect((await getDosingSettings(today)).weightChangeAlertPercent).toBe(5);
    expect((await getDosingSettings(addDays(today, 10))).weightChangeAlertPercent).toBe(9);
    expect(await mgPerKg()).toBeCloseTo((21 * 20) / 60, 9);
    // One job for the version in force today; the later one queued none.
    expect(await deliverQueuedJobs("settings-recompute")).toEqual([{ summaries: expect.any(Number), items: 0 }]);
    // 10 days at 60 kg, then 11 days (from the day it was measured) at 50 kg.
    expect(await mgPerKg()).toBeCloseTo((10 * 20) / 60 + (11 * 20) / 50, 9);
    expect((await db.clinicConfig.findMany({ where: { kind: "DOSING" }, orderBy: { version: "asc" } })).map((c) => c.version)).toEqual([1, 2, 3]);
  });

  it("a dosing version saved while a protocol recompute waits queues its own job: each kind's data is recomputed", async () => {
    const { course } = await activeCourse();
    const { patient } = await activeCourse(0); // starts today: its peak-dose labs follow today's protocol
    const db = testDb();
    const peak = async () =>
      (await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10);
    const mgPerKg = async () => (await db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).mgPerKg;
    actAs(await makeUser("DERMATOLOGIST"));
    const save = async (kind: string, values: Record<string, string>) =>
      saveClinicSettingsAction(IDLE, await settingsForm({ kind, effectiveFrom: today, ...values }));
    expect(await save("MONITORING_PROTOCOL", flat({ ...DEFAULT_PROTOCOL, peakWeeksAfterStart: 7 }))).toMatchObject({ status: "ok" });
    expect(await save("DOSING", flat({ ...DEFAULT_DOSING_SETTINGS, weightPolicy: "PER_DAY" }))).toMatchObject({ status: "ok" });
    const outputs = await deliverQueuedJobs("settings-recompute");
    expect(outputs).toHaveLength(2);
    expect(outputs).toContainEqual({ summaries: 0, items: expect.any(Number) });
    expect(outputs).toContainEqual({ summaries: expect.any(Number), items: 0 });
    expect(await peak()).toBe("2027-01-11"); // 7 weeks after the start on 2026-11-23
    expect(await mgPerKg()).toBeCloseTo((10 * 20) / 60 + (11 * 20) / 50, 9);
  });

  it("refuses a past date or out-of-order thresholds, naming the field, and writes nothing", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const db = testDb();
    const count = () => db.clinicConfig.count();
    const before = await count();
    const past = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: addDays(today, -1), ...flat(DEFAULT_PROTOCOL) }),
    );
    expect(past).toMatchObject({ status: "error", fieldErrors: { effectiveFrom: [expect.stringContaining("past")] } });
    const bad = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({
        kind: "LAB_THRESHOLDS",
        effectiveFrom: today,
        "TG.action": "900",
        "TG.critical": "800",
        "CHOL.action": "240",
        "LDL.action": "190",
        "LIVER.actionTimesUln": "3",
        "LIVER.criticalTimesUln": "5",
      }),
    );
    expect(bad).toMatchObject({
      status: "error",
      fieldErrors: { "TG.action": ['"Triglycerides action (mg/dL)" must be below "Triglycerides critical (mg/dL)".'] },
      values: { "TG.action": "900" },
    });
    expect(await count()).toBe(before);
  });

  it("refuses due-soon days that reach back to the last periodic set, on that field; a version stored before the rule still reads", async () => {
    const { patient } = await activeCourse();
    const db = testDb();
    actAs(await makeUser("DERMATOLOGIST"));
    const before = await db.clinicConfig.count();
    const r = await saveClinicSettingsAction(
      IDLE,
      await settingsForm({ kind: "MONITORING_PROTOCOL", effectiveFrom: today, ...flat({ ...DEFAULT_PROTOCOL, periodicMonths: 1, dueSoonDays: 28 }) }),
    );
    expect(r).toMatchObject({
      status: "error",
      fieldErrors: {
        dueSoonDays: expect.arrayContaining([
          '"Due soon: days before due" must be fewer than 28: the 1 month (at least 28 days) between periodic labs, or one set would count for two.',
        ]),
      },
    });
    expect(await db.clinicConfig.count()).toBe(before);
    // Stored before the rule (written directly): still read, and the items computed.
    const version = (await db.clinicConfig.count({ where: { kind: "MONITORING_PROTOCOL" } })) + 1000;
    await db.clinicConfig.create({
      data: { kind: "MONITORING_PROTOCOL", version, effectiveFrom: new Date(`${today}T00:00:00Z`), config: { periodicMonths: 1, dueSoonDays: 30 } },
    });
    try {
      expect(await getProtocol(today)).toMatchObject({ periodicMonths: 1, dueSoonDays: 30 });
      expect((await getPatientMonitoring(CLINICIAN, patient.id, today)).map((i) => i.kind)).toContain("PEAK_LABS");
    } finally {
      await db.clinicConfig.deleteMany({ where: { kind: "MONITORING_PROTOCOL", version } });
    }
  });

  it("is refused to every role but the dermatologist", async () => {
    for (const role of ["NURSE", "STAFF", "ADMIN"] as const) {
      actAs(await makeUser(role));
      const r = await saveClinicSettingsAction(IDLE, await settingsForm({ kind: "DOSING", effectiveFrom: today, ...flat(DEFAULT_DOSING_SETTINGS) }));
      expect(r).toMatchObject({ status: "error" });
    }
    expect(await testDb().clinicConfig.count({ where: { createdById: { not: null } } })).toBe(0);
  });
});
