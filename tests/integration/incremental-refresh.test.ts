import { afterEach, describe, expect, it } from "vitest";
import { refreshAllDerivedData, runDailyRefresh } from "@/lib/data/daily-refresh";
import { addDays } from "@/lib/domain/dates";
import { makePatient, makeUser, testDb, TODAY } from "./helpers";
import { createCourse } from "./jobs-helpers";

/**
 * The daily refresh advances the stored course summaries by the days elapsed and recomputes only the
 * items whose set changed with the date. On a generated clinic (every dose pattern, changes, pauses,
 * missed days, weights, planned and ended courses), refreshing 6 days on from a full computation must
 * store exactly what a full computation on that day stores, under either weight policy (the ended courses' final
 * figures kept with the summaries included). The days are
 * after today, so that no settings version another test saved for today falls in between.
 */
const today = TODAY;
const day = (offset: number) => new Date(`${addDays(today, offset)}T00:00:00Z`);

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATTERNS = [
  { pattern: "DAILY" as const },
  { pattern: "EVERY_N_DAYS" as const, everyNDays: 2 },
  { pattern: "WEEKDAYS" as const, weekdays: [1, 3, 5] },
  { pattern: "TIMES_PER_WEEK" as const, timesPerWeek: 3 },
  { pattern: "CYCLE" as const, cycleOnDays: 7, cycleOffDays: 21 },
];

async function generateClinic(patients: number, seed: number) {
  const db = testDb();
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const derm = await makeUser("DERMATOLOGIST");
  for (let i = 0; i < patients; i++) {
    const patient = await makePatient({ pregnancyCategory: rnd() < 0.5 ? "CAN_BECOME_PREGNANT" : "CANNOT_BECOME_PREGNANT" });
    const start = int(-260, 12);
    const ended = start < -40 && rnd() < 0.3;
    const end = ended ? int(start + 20, -1) : null;
    const course = await createCourse({
      patientId: patient.id,
      dermatologistId: derm.id,
      regimenIntent: "STANDARD",
      status: ended ? "COMPLETED" : rnd() < 0.1 ? "PAUSED" : "ACTIVE",
      startDate: day(start),
      endDate: end === null ? null : day(end),
      startWeightGrams: int(45, 95) * 1000,
      targetMgPerKg: pick([120, 150]),
    });
    // An earlier course, ended: its final figures count in the lifetime total of the patient's course in progress.
    if (start > -150 && rnd() < 0.5) {
      const earlier = await createCourse({
        patientId: patient.id,
        dermatologistId: derm.id,
        status: "COMPLETED",
        startDate: day(start - 200),
        endDate: day(start - int(60, 150)),
        startWeightGrams: int(45, 95) * 1000,
      });
      await db.doseChange.create({
        data: {
          courseId: earlier.id,
          effectiveFrom: earlier.startDate,
          mgPerIntake: pick([20, 40]),
          pattern: "DAILY",
          reason: "generated",
          createdById: derm.id,
        },
      });
    }
    for (let v = 0, from = start; v < int(1, 3) && from <= 0; v++, from += int(10, 60)) {
      const p = pick(PATTERNS);
      await db.doseChange.create({
        data: {
          courseId: course.id,
          effectiveFrom: day(from),
          mgPerIntake: pick([10, 20, 30, 40]),
          intakesPerDay: pick([1, 1, 2]),
          pattern: p.pattern,
          everyNDays: "everyNDays" in p ? p.everyNDays : null,
          weekdays: "weekdays" in p ? p.weekdays : [],
          timesPerWeek: "timesPerWeek" in p ? p.timesPerWeek : null,
          cycleOnDays: "cycleOnDays" in p ? p.cycleOnDays : null,
          cycleOffDays: "cycleOffDays" in p ? p.cycleOffDays : null,
          reason: "generated",
          createdById: derm.id,
        },
      });
    }
    if (rnd() < 0.3) {
      const from = int(start + 1, start + 60);
      await db.coursePause.create({
        data: { courseId: course.id, startDate: day(from), resumeDate: rnd() < 0.5 ? day(from + int(3, 20)) : null, reason: "generated", createdById: derm.id },
      });
    }
    for (let m = 0; m < int(0, 3); m++)
      await db.missedDose.create({ data: { courseId: course.id, date: day(int(start, 0)), createdById: derm.id } }).catch(() => {});
    for (let w = 0; w < int(0, 3); w++)
      await db.weightMeasurement.create({
        data: { patientId: patient.id, measuredOn: day(int(start - 5, -7)), weightGrams: int(45, 95) * 1000, enteredById: derm.id },
      });
  }
}

async function snapshot() {
  const db = testDb();
  const summaries = await db.$queryRaw<object[]>`
    SELECT course_id, patient_id, as_of, status, total_mg, mg_per_kg, target_mg_per_kg, progress_percent, remaining_mg, projected_target_date,
      target_reached_on, dose_class, avg_mg_per_kg_per_day_28, regimen, dose_state
    FROM course_summaries ORDER BY course_id`;
  const items = await db.$queryRaw<object[]>`
    SELECT patient_id, item_key, course_id, kind, label, due_date, due_soon_days, overdue_after_days, completed_on, waived, reason
    FROM monitoring_items ORDER BY patient_id, item_key`;
  return { summaries, items };
}

describe("incremental daily refresh", () => {
  afterEach(async () => {
    await testDb().clinicConfig.deleteMany({ where: { kind: "DOSING", version: { gt: 1 } } });
    await refreshAllDerivedData(testDb(), today);
  });

  it.each([
    ["course-start weight", null],
    ["per-day weight", "PER_DAY"],
  ] as const)("stores what a full computation stores (%s)", async (_label, policy) => {
    const db = testDb();
    if (policy)
      await db.clinicConfig.create({
        data: { kind: "DOSING", version: 50, effectiveFrom: new Date("2020-01-01T00:00:00Z"), config: { weightPolicy: policy } },
      });
    await generateClinic(40, policy ? 2 : 1);
    await refreshAllDerivedData(db, addDays(today, 1));
    const result = await runDailyRefresh(db, addDays(today, 7));
    expect(result).toMatchObject({ previous: addDays(today, 1), summariesFromStart: false, itemsForEveryPatient: false });
    expect(result!.summaries).toBeGreaterThan(20);
    const incremental = await snapshot();
    await refreshAllDerivedData(db, addDays(today, 7));
    const full = await snapshot();
    expect(incremental.summaries.length).toBe(full.summaries.length);
    // Some patients' lifetime totals count an earlier, ended course.
    expect(full.summaries.filter((r) => "endedCourses" in ((r as { dose_state: object }).dose_state ?? {})).length).toBeGreaterThan(2);
    expect(incremental).toEqual(full);
  });

  it("recomputes every summary from the start when a dosing version took effect since the last refresh", async () => {
    const db = testDb();
    await refreshAllDerivedData(db, addDays(today, 1));
    await db.clinicConfig.create({ data: { kind: "DOSING", version: 51, effectiveFrom: day(3), config: { weightPolicy: "PER_DAY" } } });
    expect(await runDailyRefresh(db, addDays(today, 5))).toMatchObject({ summariesFromStart: true, itemsForEveryPatient: false });
  });
});
