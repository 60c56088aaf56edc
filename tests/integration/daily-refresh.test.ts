import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { itemSetChangeDays } from "@/lib/domain/monitoring/protocol";
import { ensureDerivedDataFresh, patientsWithItemSetChanges, refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * The daily refresh keeps stored monitoring items equal to a fresh computation although nothing was
 * written: it recomputes the patients whose item set changed with the date since the last refresh.
 */
const today = TODAY;
const day = (offset: number) => new Date(`${addDays(today, offset)}T00:00:00Z`);

async function courseFor(
  start: number,
  end: number | null,
  status: "ACTIVE" | "COMPLETED" = end === null ? "ACTIVE" : "COMPLETED",
  pause?: { from: number; resume: number | null },
  pregnancyCategory: "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT" = "CAN_BECOME_PREGNANT",
) {
  const db = testDb();
  const derm = await makeUser("DERMATOLOGIST");
  const patient = await makePatient({ pregnancyCategory });
  const course = await db.course.create({
    data: { patientId: patient.id, dermatologistId: derm.id, indication: "ACNE_NODULAR", regimenIntent: "LOW_DOSE", status, startDate: day(start), endDate: end === null ? null : day(end), startWeightGrams: 60_000 },
  });
  await db.doseChange.create({ data: { courseId: course.id, effectiveFrom: day(start), mgPerIntake: 20, pattern: "DAILY", reason: "test", createdById: derm.id } });
  await db.prescription.create({ data: { courseId: course.id, prescriberId: derm.id, product: "CLARAVIS", capsuleStrengthMg: 20, writtenOn: day(Math.min(start, 0)), startDate: day(start), daysSupply: 30 } });
  const pauses = pause ? [{ startDate: addDays(today, pause.from), resumeDate: pause.resume === null ? null : addDays(today, pause.resume) }] : [];
  for (const p of pauses) await db.coursePause.create({ data: { courseId: course.id, startDate: day(pause!.from), resumeDate: p.resumeDate ? day(pause!.resume!) : null, reason: "test", createdById: derm.id } });
  return { patient, course, pauses };
}

const storedKeys = async (patientId: string) => (await testDb().monitoringItemRow.findMany({ where: { patientId }, select: { itemKey: true } })).map((r) => r.itemKey).sort();
const liveKeys = async (patientId: string) => (await getPatientMonitoring(patientId, today)).map((i) => i.key).sort();

describe("daily refresh of stored derived data", () => {
  it("the SQL selection of patients matches itemSetChangeDays", async () => {
    const arranged = [
      await courseFor(25, null),
      await courseFor(45, null),
      await courseFor(-200, -3),
      await courseFor(-300, -124),
      await courseFor(-300, -100),
      await courseFor(-20, null),
      await courseFor(-60, null, "ACTIVE", { from: -5, resume: null }),
      await courseFor(-60, null, "ACTIVE", { from: -40, resume: -2 }),
      await courseFor(-60, null, "ACTIVE", { from: -40, resume: -20 }),
    ];
    const after = addDays(today, -10);
    const selected = new Set(await patientsWithItemSetChanges(testDb(), after, today, 30));
    for (const { patient, course, pauses } of arranged) {
      const days = itemSetChangeDays({ startDate: course.startDate.toISOString().slice(0, 10), endDate: course.endDate?.toISOString().slice(0, 10) ?? null, pauses });
      const expected = days.some((d) => d > after && d <= today);
      expect(selected.has(patient.id), `course ${course.startDate.toISOString().slice(0, 10)}..${course.endDate?.toISOString().slice(0, 10)}`).toBe(expected);
    }
    // Planned 25 days ahead (enters the window 5 days ago), ended 3 days ago, left the ended window 3 days
    // ago, paused 5 days ago, resumed 2 days ago.
    expect(arranged.filter((a) => selected.has(a.patient.id))).toHaveLength(5);
  });

  it("items that appear or disappear with the date alone reach the worklist on the next day's first request", async () => {
    const db = testDb();
    // The planned course's patient cannot become pregnant: pregnancy items follow the data, not the date.
    const planned = await courseFor(25, null, "ACTIVE", undefined, "CANNOT_BECOME_PREGNANT"); // entered the baseline window 5 days ago
    const longOver = await courseFor(-300, -124); // left the ended-course window 3 days ago
    const steady = await courseFor(-20, null);
    // As stored 11 days ago: the planned course had no items yet, the old course still had its own.
    await refreshAllDerivedData(db, addDays(today, -11));
    expect(await storedKeys(planned.patient.id)).toEqual([]);
    expect((await storedKeys(longOver.patient.id)).length).toBeGreaterThan(0);
    const steadyBefore = await storedKeys(steady.patient.id);

    expect(await ensureDerivedDataFresh(db, today)).toBe(true);
    expect(await storedKeys(planned.patient.id)).toEqual(await liveKeys(planned.patient.id));
    expect((await storedKeys(planned.patient.id)).length).toBeGreaterThan(0);
    // Only its post-course pregnancy test is left: it stays until done or waived, however long ago.
    expect(await storedKeys(longOver.patient.id)).toEqual([`course:${longOver.course.id}:preg-post`]);
    expect(await liveKeys(longOver.patient.id)).toEqual([`course:${longOver.course.id}:preg-post`]);
    expect(await storedKeys(steady.patient.id)).toEqual(steadyBefore);
    expect(await storedKeys(steady.patient.id)).toEqual(await liveKeys(steady.patient.id));
    // Course summaries moved to today too, and a second call finds nothing to do.
    expect(await db.courseSummary.count({ where: { asOf: { lt: day(0) } } })).toBe(0);
    expect(await ensureDerivedDataFresh(db, today)).toBe(false);
  });

  it("a new monitoring protocol version taking effect recomputes every patient's items", async () => {
    const db = testDb();
    const { patient } = await courseFor(-20, null);
    await refreshAllDerivedData(db, addDays(today, -2));
    const before = await db.monitoringItemRow.findMany({ where: { patientId: patient.id, kind: "PEAK_LABS" } });
    expect(before).toHaveLength(1);
    const version = (await db.clinicConfig.count({ where: { kind: "MONITORING_PROTOCOL" } })) + 1000;
    await db.clinicConfig.create({ data: { kind: "MONITORING_PROTOCOL", version, effectiveFrom: day(-1), config: { peakWeeksAfterStart: 6 } } });
    try {
      expect(await ensureDerivedDataFresh(db, today)).toBe(true);
      const after = await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "PEAK_LABS" } });
      expect(after.dueDate.toISOString().slice(0, 10)).toBe(addDays(today, -20 + 42));
    } finally {
      await db.clinicConfig.deleteMany({ where: { kind: "MONITORING_PROTOCOL", version } });
      await refreshAllDerivedData(db, today);
    }
  });

  it("writes during a clinic-wide recompute wait for it and leave every patient's stored items exact", async () => {
    const db = testDb();
    const patients = await Promise.all(Array.from({ length: 6 }, () => courseFor(-40, null)));
    await db.$executeRaw`UPDATE daily_refreshes SET as_of = as_of - 1`;
    actAs(await makeUser("NURSE"));
    const alt = await db.labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const ast = await db.labTest.findFirstOrThrow({ where: { code: "1920-8" } });
    const results = await Promise.all([
      ensureDerivedDataFresh(db, today),
      ...patients.map(({ patient }) =>
        recordLabPanelAction(IDLE, form({ patientId: patient.id, submissionId: randomUUID(), specimenDate: addDays(today, -45), [`value:${alt.id}`]: "20", [`value:${ast.id}`]: "22" })),
      ),
    ]);
    expect(results[0]).toBe(true);
    for (const r of results.slice(1)) expect(r).toMatchObject({ status: "ok" });
    for (const { patient } of patients) {
      expect(await storedKeys(patient.id)).toEqual(await liveKeys(patient.id));
      const liver = await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "BASELINE_LIVER" } });
      expect(liver.completedOn?.toISOString().slice(0, 10)).toBe(addDays(today, -45));
    }
  });
});
