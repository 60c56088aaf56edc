import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addDays } from "@/lib/domain/dates";
import { describeSchedule } from "@/lib/domain/dosing/schedule";
import { standingFigures } from "@/lib/domain/dosing/target-standing";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { getLabAlerts } from "@/lib/data/labs";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getPatientTreatment } from "@/lib/data/treatment";
import { courseRows } from "./course-fixture";
import { labTestFields, makePatient, makeUser, testDb, TODAY, CLINICIAN } from "./helpers";

/**
 * The clinic-wide refreshes load, compute and write in set-based batches (raw SQL and JSON); the patient
 * page computes live through Prisma's model queries. Both must give the same numbers for every kind of
 * course: each pattern, pauses, missed days, corrections, same-day versions and same-day weights.
 */
const today = TODAY;
const day = (offset: number) => new Date(`${addDays(today, offset)}T00:00:00Z`);

type Pattern = {
  pattern: "DAILY" | "EVERY_N_DAYS" | "WEEKDAYS" | "TIMES_PER_WEEK" | "CYCLE";
  everyNDays?: number;
  weekdays?: number[];
  timesPerWeek?: number;
  cycleOnDays?: number;
  cycleOffDays?: number;
};

async function arrangeCourse(opts: {
  start: number;
  status?: "ACTIVE" | "PAUSED";
  versions: { from: number; mg: number; intakes?: number; p: Pattern; corrects?: number }[];
  pauses?: [number, number | null][];
  missed?: number[];
  weights?: [number, number][];
  pregnant?: boolean;
}) {
  const db = testDb();
  // The course's regimens are the versions below (61.5 kg, the default 120 mg/kg target).
  const { derm, patient, course } = await courseRows({
    start: addDays(today, opts.start),
    status: opts.status ?? "ACTIVE",
    pregnancyCategory: opts.pregnant ? "CAN_BECOME_PREGNANT" : "CANNOT_BECOME_PREGNANT",
    startWeightGrams: 61_500,
    regimen: false,
  });
  const nurse = await makeUser("NURSE");
  await db.prescription.create({
    data: {
      courseId: course.id,
      prescriberId: derm.id,
      product: "CLARAVIS",
      capsuleStrengthMg: 10,
      writtenOn: day(opts.start),
      startDate: day(opts.start),
      daysSupply: 30,
    },
  });
  const ids: string[] = [];
  for (const [i, v] of opts.versions.entries()) {
    const created = await db.doseChange.create({
      data: {
        courseId: course.id,
        effectiveFrom: day(v.from),
        mgPerIntake: v.mg,
        intakesPerDay: v.intakes ?? 1,
        pattern: v.p.pattern,
        everyNDays: v.p.everyNDays ?? null,
        weekdays: v.p.weekdays ?? [],
        timesPerWeek: v.p.timesPerWeek ?? null,
        cycleOnDays: v.p.cycleOnDays ?? null,
        cycleOffDays: v.p.cycleOffDays ?? null,
        supersedesId: v.corrects === undefined ? null : ids[v.corrects]!,
        reason: "test",
        createdById: derm.id,
        // Creation order decides between versions effective the same day.
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      },
    });
    ids.push(created.id);
  }
  for (const [from, to] of opts.pauses ?? [])
    await db.coursePause.create({
      data: { courseId: course.id, startDate: day(from), resumeDate: to === null ? null : day(to), reason: "test", createdById: derm.id },
    });
  for (const m of opts.missed ?? []) await db.missedDose.create({ data: { courseId: course.id, date: day(m), createdById: derm.id } });
  for (const [i, [on, grams]] of (opts.weights ?? []).entries())
    await db.weightMeasurement.create({
      data: { patientId: patient.id, measuredOn: day(on), weightGrams: grams, enteredById: nurse.id, enteredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) },
    });
  return { patient, course };
}

describe("set-based clinic-wide refreshes", () => {
  it("course summaries equal the live engine for every kind of course, across batch boundaries", async () => {
    const arranged = [
      await arrangeCourse({
        start: -200,
        versions: [
          { from: -200, mg: 20, p: { pattern: "DAILY" } },
          { from: -100, mg: 40, p: { pattern: "DAILY" } },
        ],
        weights: [
          [-150, 64_000],
          [-20, 66_000],
          [-20, 65_000],
        ],
      }),
      await arrangeCourse({
        start: -90,
        versions: [{ from: -90, mg: 20, p: { pattern: "EVERY_N_DAYS", everyNDays: 2 } }],
        missed: [-88, -60, -2],
        pregnant: true,
      }),
      await arrangeCourse({
        start: -70,
        versions: [
          { from: -70, mg: 10, p: { pattern: "WEEKDAYS", weekdays: [1, 3, 5] } },
          { from: -40, mg: 10, p: { pattern: "TIMES_PER_WEEK", timesPerWeek: 3 } },
        ],
      }),
      await arrangeCourse({ start: -120, versions: [{ from: -120, mg: 30, p: { pattern: "CYCLE", cycleOnDays: 7, cycleOffDays: 21 } }], pauses: [[-60, -45]] }),
      await arrangeCourse({ start: -30, status: "PAUSED", versions: [{ from: -30, mg: 5, p: { pattern: "DAILY" } }], pauses: [[-5, null]] }),
      // A correction of the first version, then two versions effective the same day (the later wins).
      await arrangeCourse({
        start: -60,
        versions: [
          { from: -60, mg: 40, p: { pattern: "DAILY" } },
          { from: -60, mg: 20, p: { pattern: "DAILY" }, corrects: 0 },
          { from: -10, mg: 10, intakes: 2, p: { pattern: "DAILY" } },
          { from: -10, mg: 30, p: { pattern: "EVERY_N_DAYS", everyNDays: 3 } },
        ],
        weights: [[-61, 58_000]],
      }),
      // Starts in the future: no dose yet.
      await arrangeCourse({ start: 5, versions: [{ from: 5, mg: 20, p: { pattern: "DAILY" } }] }),
    ];
    const db = testDb();
    await refreshAllDerivedData(db, today, 2);
    for (const { patient, course } of arranged) {
      const stored = await db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id } });
      const { courses, lifetime } = await getPatientTreatment(CLINICIAN, patient.id, today);
      const { summary: live, standing } = courses.find((c) => c.id === course.id)!;
      const shown = standingFigures(standing); // the patient page's, the lifetime total counted
      const label = `course starting ${stored.courseId}`;
      expect({ totalMg: stored.totalMg, remainingMg: stored.remainingMg, doseClass: stored.doseClass, regimen: stored.regimen }, label).toEqual({
        totalMg: live.totalMg,
        remainingMg: shown.remainingMg,
        doseClass: live.doseClass,
        regimen: live.currentRegimen ? describeSchedule(live.currentRegimen) : "—",
      });
      expect(stored.mgPerKg, label).toBeCloseTo(live.mgPerKg, 9);
      expect(stored.lifetimeMgPerKg, label).toBe(lifetime.mgPerKg);
      expect(stored.progressPercent, label).toBeCloseTo(standing.kind === "NO_TARGET" ? 0 : standing.percent, 9);
      expect(stored.avgMgPerKgPerDay28, label).toBeCloseTo(live.avgMgPerKgPerDay28, 9);
      expect(stored.projectedTargetDate?.toISOString().slice(0, 10) ?? null, label).toBe(shown.projectedTargetDate);
      expect(stored.targetReachedOn?.toISOString().slice(0, 10) ?? null, label).toBe(live.targetReachedOn);
    }
    // The numbers are not trivially equal: the same-day weights and versions were decisive.
    const first = await db.courseSummary.findUniqueOrThrow({ where: { courseId: arranged[0]!.course.id } });
    expect(first.totalMg).toBe(100 * 20 + 101 * 40);
    const sameDay = await db.courseSummary.findUniqueOrThrow({ where: { courseId: arranged[5]!.course.id } });
    expect(sameDay.regimen).toBe("30 mg every 3 days");
    expect(await db.courseSummary.count({ where: { courseId: { in: arranged.map((a) => a.course.id) } } })).toBe(arranged.length);
  });

  it("monitoring items equal the live protocol for every patient, across batch boundaries", async () => {
    const db = testDb();
    const nurse = await makeUser("NURSE");
    const arranged = [
      await arrangeCourse({
        start: -100,
        versions: [
          { from: -100, mg: 20, p: { pattern: "DAILY" } },
          { from: -30, mg: 40, p: { pattern: "DAILY" } },
        ],
        pregnant: true,
      }),
      await arrangeCourse({ start: -10, versions: [{ from: -10, mg: 10, p: { pattern: "TIMES_PER_WEEK", timesPerWeek: 3 } }] }),
      await arrangeCourse({ start: -45, versions: [{ from: -45, mg: 20, p: { pattern: "EVERY_N_DAYS", everyNDays: 2 } }], pregnant: true }),
    ];
    const tests = await db.labTest.findMany();
    const test = (code: string) => tests.find((t) => t.code === code)!;
    const lab = (patientId: string, code: string, on: number, qualitative: "NEGATIVE" | null = null) => ({
      patientId,
      labTestId: test(code).id,
      code,
      codeSystem: "http://loinc.org",
      analyte: test(code).analyte,
      specimenDate: day(on),
      valueNumeric: qualitative ? null : "30",
      valueQualitative: qualitative,
      flag: "NORMAL" as const,
      submissionId: randomUUID(),
      enteredById: nurse.id,
    });
    await db.labResult.createMany({
      data: [
        lab(arranged[0]!.patient.id, "1742-6", -105),
        lab(arranged[0]!.patient.id, "2571-8", -104),
        lab(arranged[2]!.patient.id, "2106-3", -47, "NEGATIVE"),
        lab(arranged[2]!.patient.id, "1742-6", -20),
      ],
    });
    await db.monitoringWaiver.create({
      data: {
        patientId: arranged[1]!.patient.id,
        courseId: arranged[1]!.course.id,
        itemKey: `course:${arranged[1]!.course.id}:baseline-lipids`,
        reason: "Outside lab",
        waivedById: nurse.id,
      },
    });

    await refreshAllDerivedData(db, today, 2);
    for (const { patient } of arranged) {
      const stored = (await db.monitoringItemRow.findMany({ where: { patientId: patient.id }, orderBy: { itemKey: "asc" } })).map((r) => ({
        key: r.itemKey,
        due: r.dueDate.toISOString().slice(0, 10),
        completed: r.completedOn?.toISOString().slice(0, 10) ?? null,
        waived: r.waived,
        reason: r.reason,
        soon: r.dueSoonDays,
        after: r.overdueAfterDays,
      }));
      const live = (await getPatientMonitoring(CLINICIAN, patient.id, today))
        .map((i) => ({
          key: i.key,
          due: i.dueDate,
          completed: i.completedOn,
          waived: i.status === "WAIVED",
          reason: i.reason,
          soon: i.dueSoonDays,
          after: i.overdueAfterDays,
        }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored).toEqual(live);
    }
  });

  it("abnormal results list action-level first, then high, then low, each oldest first (waiting longest), with exact counts", async () => {
    const db = testDb();
    const nurse = await makeUser("NURSE");
    const p = await makePatient();
    const alt = (await db.labTest.findFirstOrThrow({ where: { code: "1742-6" } }))!;
    const before = await getLabAlerts(CLINICIAN, 1000);
    const row = (flag: "LOW" | "HIGH" | "ACTION" | "NORMAL", on: number) => ({
      patientId: p.id,
      ...labTestFields(alt),
      specimenDate: day(on),
      valueNumeric: "1",
      flag,
      submissionId: randomUUID(),
      enteredById: nurse.id,
    });
    await db.labResult.createMany({ data: [row("LOW", -1), row("HIGH", -3), row("ACTION", -9), row("HIGH", -2), row("NORMAL", 0), row("ACTION", -5)] });
    const after = await getLabAlerts(CLINICIAN, 1000);
    expect(after.abnormalCount - before.abnormalCount).toBe(5);
    expect(after.criticalCount).toBe(before.criticalCount);
    const mine = after.abnormal.filter((a) => a.patientId === p.id).map((a) => [a.flag, a.specimenDate]);
    expect(mine).toEqual([
      ["ACTION", "2026-11-14"],
      ["ACTION", "2026-11-18"],
      ["HIGH", "2026-11-20"],
      ["HIGH", "2026-11-21"],
      ["LOW", "2026-11-22"],
    ]);
    const flags = after.abnormal.map((a) => a.flag);
    expect(flags).toEqual([...flags].sort((a, b) => ["ACTION", "HIGH", "LOW"].indexOf(a) - ["ACTION", "HIGH", "LOW"].indexOf(b)));
  });
});
