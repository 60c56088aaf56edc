import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_DOSING_SETTINGS } from "@/lib/domain/dosing/settings";
import { startCourse } from "@/lib/data/start-course";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { flatten } from "@/lib/validation/settings";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { deliverQueuedJobs, restoreDefaultSettings, settingsForm } from "./jobs-helpers";

const today = TODAY; // 2026-11-23
const db = () => testDb();

/** 40 mg daily, 60 kg, a 30-day prescription written on the start day (or dispensed `dispensedOn`). */
async function course(startDaysAgo: number, over: { dispensedOn?: string; startWeightGrams?: number } = {}) {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  const id = await startCourse(
    { id: derm.id, role: "DERMATOLOGIST" },
    {
      patientId: p.id,
      indication: "ACNE_NODULAR",
      regimenIntent: "STANDARD",
      startDate: addDays(today, -startDaysAgo),
      targetMgPerKg: 120,
      startWeightGrams: over.startWeightGrams ?? 60_000,
      product: "CLARAVIS",
      capsuleStrengthMg: 20,
      daysSupply: 30,
      refills: 0,
      dispensedOn: over.dispensedOn,
      counseled: true,
      schedule: { mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "DAILY" } },
      ack: [],
    },
    today,
  );
  return { derm, p, id };
}
const stored = async (courseId: string) => (await db().courseSummary.findUniqueOrThrow({ where: { courseId } })).totalMg;
/** The prescription form: another 30 days of Claravis 40 mg daily, written and dispensed on the days given. */
const rxForm = async (courseId: string, writtenOn: string, dispensedOn: string) =>
  form({
    courseId,
    version: String((await db().course.findUniqueOrThrow({ where: { id: courseId } })).version),
    writtenOn,
    dispensedOn,
    ...{ product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", mgPerIntake: "40", pattern: "DAILY", counseled: "on" },
  });
const renewal = (patientId: string) => db().monitoringItemRow.findFirst({ where: { patientId, kind: "RX_RENEWAL" } });

describe("supply", () => {
  it("counting by supply counts 0 mg on the days no prescription covers, and the renewal item follows the supply", async () => {
    // Started 40 days ago (2026-10-14): 41 days x 40 mg = 1,640 mg by schedule. Supplied 14 Oct .. 12 Nov.
    const { p, id } = await course(40);
    expect(await stored(id)).toBe(1640);
    const item = await renewal(p.id);
    expect([item?.itemKey, item?.dueDate.toISOString().slice(0, 10)]).toEqual([`course:${id}:rx-renewal:2026-11-12`, "2026-11-13"]);

    expect(
      await saveClinicSettingsAction(
        IDLE,
        await settingsForm({ kind: "DOSING", effectiveFrom: today, ...flatten({ ...DEFAULT_DOSING_SETTINGS, doseCounting: "SUPPLY" }) }),
      ),
    ).toMatchObject({ status: "ok" });
    // A settings version in force today recomputes every course in the background job.
    await deliverQueuedJobs("settings-recompute");
    try {
      // By supply: 30 days x 40 mg; 13 .. 23 Nov (11 days) are a supply gap.
      expect(await stored(id)).toBe(1200);
      // A new prescription dispensed on 20 Nov covers 20 Nov .. 19 Dec: 13 .. 19 Nov stay a gap, 4 more days count.
      const written = await writePrescriptionAction(IDLE, await rxForm(id, "2026-11-19", "2026-11-20"));
      expect(written).toMatchObject({ status: "ok" });
      expect(await stored(id)).toBe(1360);
      expect((await renewal(p.id))?.itemKey).toBe(`course:${id}:rx-renewal:2026-12-19`);
    } finally {
      await restoreDefaultSettings();
    }
  });

  it("refuses a dispensed date before the prescription or in the future", async () => {
    const { id } = await course(10);
    const rx = async (dispensedOn: string) => writePrescriptionAction(IDLE, await rxForm(id, today, dispensedOn));
    expect(await rx(addDays(today, -1))).toMatchObject({ fieldErrors: { dispensedOn: ["A prescription is dispensed on or after the day it is written."] } });
    expect(await rx(addDays(today, 1))).toMatchObject({ fieldErrors: { dispensedOn: ["The dispensed date cannot be in the future."] } });
    expect(await db().prescription.count({ where: { courseId: id } })).toBe(1);
  });
});

describe("weights", () => {
  it("a course starting tomorrow keeps its start weight without a weight dated tomorrow; future weights are refused", async () => {
    const { p, id } = await course(-1);
    expect((await db().course.findUniqueOrThrow({ where: { id } })).startWeightGrams).toBe(60_000);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(0);
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: addDays(today, 1), weightKg: "61" }))).toMatchObject({
      fieldErrors: { measuredOn: ["The date cannot be in the future."] },
    });
  });

  it("correcting the start-day weight corrects the course's start weight and its mg/kg", async () => {
    // 21 days x 40 mg = 840 mg: 14 mg/kg at 60 kg, 12 mg/kg at 70 kg.
    const { p, id } = await course(20);
    const w = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });
    expect(await correctWeightAction(IDLE, form({ weightId: w.id, weightKg: "70", reason: "Typed 60 for 70" }))).toMatchObject({ status: "ok" });
    expect((await db().course.findUniqueOrThrow({ where: { id } })).startWeightGrams).toBe(70_000);
    expect((await db().courseSummary.findUniqueOrThrow({ where: { courseId: id } })).mgPerKg).toBe(12);
  });
});

describe("range regimens", () => {
  it("a range is stored as prescribed and the cumulative dose shown as a band", async () => {
    const { p, id } = await course(20);
    const v = String((await db().course.findUniqueOrThrow({ where: { id } })).version);
    const changed = await changeDoseAction(
      IDLE,
      form({
        courseId: id,
        version: v,
        effectiveFrom: "2026-11-14",
        reason: "Maintenance",
        mgPerIntake: "40",
        pattern: "EVERY_N_DAYS",
        everyNDays: "2",
        rangeNMax: "4",
      }),
    );
    expect(changed).toMatchObject({ status: "ok" });
    expect(await db().doseChange.findFirstOrThrow({ where: { courseId: id, effectiveFrom: new Date("2026-11-14T00:00:00Z") } })).toMatchObject({
      everyNDays: 2,
      rangeNMin: null,
      rangeNMax: 4,
    });
    // 3 .. 13 Nov: 11 x 40 mg = 440. 14 .. 23 Nov (10 days): every 2 days 5 doses, every 4 days 3 doses.
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.band).toEqual({ minMg: 560, plannedMg: 640, maxMg: 640 });
    expect(t.courses[0]!.timeline.find((e) => e.kind === "dose" && e.date === "2026-11-14")?.text).toBe("40 mg every 2–4 days");
    expect(
      await changeDoseAction(
        IDLE,
        form({
          courseId: id,
          version: "99",
          effectiveFrom: "2026-11-15",
          reason: "Bad",
          mgPerIntake: "40",
          pattern: "EVERY_N_DAYS",
          everyNDays: "3",
          rangeNMin: "4",
        }),
      ),
    ).toMatchObject({ fieldErrors: { rangeNMin: ['The "at least" value cannot be above the planned value.'] } });
  });
});
