import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { IDLE } from "@/lib/validation/action-result";
import { addDays } from "@/lib/domain/dates";
import { itemSetChangeDays } from "@/lib/domain/monitoring/protocol";
import { runDailyRefresh, patientsWithItemSetChanges, refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { courseRows } from "./course-fixture";
import { actAs, CLINICIAN, form, makeUser, testDb, TODAY } from "./helpers";

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
  const { derm, patient, course } = await courseRows({
    start: addDays(today, start),
    end: end === null ? null : addDays(today, end),
    status,
    pregnancyCategory,
  });
  await db.prescription.create({
    data: {
      courseId: course.id,
      prescriberId: derm.id,
      product: "CLARAVIS",
      capsuleStrengthMg: 20,
      writtenOn: day(Math.min(start, 0)),
      startDate: day(start),
      daysSupply: 30,
    },
  });
  const pauses = pause ? [{ startDate: addDays(today, pause.from), resumeDate: pause.resume === null ? null : addDays(today, pause.resume) }] : [];
  for (const p of pauses)
    await db.coursePause.create({
      data: { courseId: course.id, startDate: day(pause!.from), resumeDate: p.resumeDate ? day(pause!.resume!) : null, reason: "test", createdById: derm.id },
    });
  return { patient, course, pauses };
}

const storedKeys = async (patientId: string) =>
  (await testDb().monitoringItemRow.findMany({ where: { patientId }, select: { itemKey: true } })).map((r) => r.itemKey).sort();
const liveKeys = async (patientId: string) => (await getPatientMonitoring(CLINICIAN, patientId, today)).map((i) => i.key).sort();

describe("daily refresh of stored derived data", () => {
  it("the SQL selection of patients matches itemSetChangeDays", async () => {
    // Today is 2026-11-23; the last refresh was 2026-11-13. Each course with whether its item set changed since.
    const arranged: [Awaited<ReturnType<typeof courseFor>>, boolean][] = [
      [await courseFor(25, null), true], // starts 2026-12-18: entered the 30-day baseline window on 2026-11-18
      [await courseFor(45, null), false], // starts 2027-01-07: enters it on 2026-12-08
      [await courseFor(-200, -3), true], // ended 2026-11-20: its items changed the next day
      [await courseFor(-300, -124), true], // ended 2026-07-22: left the 120-day ended window on 2026-11-20
      [await courseFor(-300, -100), false], // ended 2026-08-15: leaves it on 2026-12-14
      [await courseFor(-20, null), false], // started 2026-11-03, nothing since
      [await courseFor(-60, null, "ACTIVE", { from: -5, resume: null }), true], // paused 2026-11-18
      [await courseFor(-60, null, "ACTIVE", { from: -40, resume: -2 }), true], // resumed 2026-11-21
      [await courseFor(-60, null, "ACTIVE", { from: -40, resume: -20 }), false], // resumed 2026-11-03
    ];
    const after = "2026-11-13";
    const selected = new Set(await patientsWithItemSetChanges(testDb(), after, today, 30));
    expect(arranged.map(([{ patient }]) => selected.has(patient.id))).toEqual(arranged.map(([, changed]) => changed));
    // The protocol's own list of change days says the same.
    for (const [{ course, pauses }, changed] of arranged) {
      const days = itemSetChangeDays({
        startDate: course.startDate.toISOString().slice(0, 10),
        endDate: course.endDate?.toISOString().slice(0, 10) ?? null,
        pauses,
      });
      expect(days.some((d) => d > after && d <= today)).toBe(changed);
    }
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
    // Started 2026-01-27, ended 2026-07-22: the pregnancy tests it never had, and the post-course test.
    const rx = async (courseId: string) => (await db.prescription.findFirstOrThrow({ where: { courseId } })).id;
    const old = `course:${longOver.course.id}`;
    expect(await storedKeys(longOver.patient.id)).toEqual([
      `${old}:preg-monthly:2026-02-26`,
      `${old}:preg-post`,
      `${old}:preg-screening`,
      `rx:${await rx(longOver.course.id)}:preg`,
    ]);
    const s = `course:${steady.course.id}`;
    const steadyKeys = [
      `${s}:baseline-lipids`,
      `${s}:baseline-liver`,
      `${s}:peak`,
      `${s}:preg-monthly:2026-12-03`,
      `${s}:preg-screening`,
      // Its 30-day supply from 2026-11-03 lasts through 2 Dec.
      `${s}:rx-renewal:2026-12-02`,
      `rx:${await rx(steady.course.id)}:preg`,
    ];
    expect(await storedKeys(steady.patient.id)).toEqual(steadyKeys);

    expect(await runDailyRefresh(db, today)).not.toBeNull();
    // Baseline labs due at its start on 2026-12-18, peak labs 8 weeks later.
    const p = `course:${planned.course.id}`;
    // And the renewal of its 30-day supply from 2026-12-18, which lasts through 16 Jan.
    const plannedKeys = [`${p}:baseline-lipids`, `${p}:baseline-liver`, `${p}:peak`, `${p}:rx-renewal:2027-01-16`];
    expect(await storedKeys(planned.patient.id)).toEqual(plannedKeys);
    expect(await liveKeys(planned.patient.id)).toEqual(plannedKeys);
    expect(
      (await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: planned.patient.id, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10),
    ).toBe("2027-02-12");
    // Only its post-course pregnancy test is left: it stays until done or waived, however long ago.
    expect(await storedKeys(longOver.patient.id)).toEqual([`course:${longOver.course.id}:preg-post`]);
    expect(await liveKeys(longOver.patient.id)).toEqual([`course:${longOver.course.id}:preg-post`]);
    expect(await storedKeys(steady.patient.id)).toEqual(steadyKeys);
    expect(await liveKeys(steady.patient.id)).toEqual(steadyKeys);
    // Course summaries moved to today too, and a second call finds nothing to do.
    expect(await db.courseSummary.count({ where: { asOf: { lt: day(0) } } })).toBe(0);
    expect(await runDailyRefresh(db, today)).toBeNull();
  });

  it("a new monitoring protocol version taking effect recomputes every patient's items", async () => {
    const db = testDb();
    const started = await courseFor(-20, null); // 2026-11-03
    const { patient } = await courseFor(0, null); // today, 2026-11-23: after the version's day
    await refreshAllDerivedData(db, addDays(today, -2));
    const peak = async (patientId: string) =>
      (await db.monitoringItemRow.findFirstOrThrow({ where: { patientId, kind: "PEAK_LABS" } })).dueDate.toISOString().slice(0, 10);
    expect(await peak(patient.id)).toBe("2027-01-18"); // 8 weeks after 2026-11-23
    const version = (await db.clinicConfig.count({ where: { kind: "MONITORING_PROTOCOL" } })) + 1000;
    await db.clinicConfig.create({ data: { kind: "MONITORING_PROTOCOL", version, effectiveFrom: day(-1), config: { peakWeeksAfterStart: 6 } } });
    try {
      expect(await runDailyRefresh(db, today)).not.toBeNull();
      expect(await peak(patient.id)).toBe("2027-01-04"); // 6 weeks after 2026-11-23
      // A course started before the version keeps the weeks in force on its start: 8 weeks after 2026-11-03.
      expect(await peak(started.patient.id)).toBe("2026-12-29");
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
      runDailyRefresh(db, today),
      ...patients.map(({ patient }) =>
        recordLabPanelAction(
          IDLE,
          form({ patientId: patient.id, submissionId: randomUUID(), specimenDate: addDays(today, -45), [`value:${alt.id}`]: "20", [`value:${ast.id}`]: "22" }),
        ),
      ),
    ]);
    expect(results[0]).not.toBeNull();
    for (const r of results.slice(1)) expect(r).toMatchObject({ status: "ok" });
    for (const { patient } of patients) {
      expect(await storedKeys(patient.id)).toEqual(await liveKeys(patient.id));
      const liver = await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "BASELINE_LIVER" } });
      expect(liver.completedOn?.toISOString().slice(0, 10)).toBe("2026-10-09");
    }
  });
});
