import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { DERIVED_RULES_REVISION, runDailyRefresh } from "@/lib/data/daily-refresh";
import { advanceCourseSummaries } from "@/lib/data/recompute-derived";
import { addDays } from "@/lib/domain/dates";
import { labTestFields, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { createCourse } from "./jobs-helpers";

/**
 * Data stored under earlier rules is recomputed when the rules' revision changes (DERIVED_RULES_REVISION):
 * a course summary advanced from an accumulator that counted an every-other-day course from its start's
 * phase after a pause, and a baseline item left overdue although its labs came after the start, are both
 * brought to the current rules by the next daily refresh, which otherwise would have nothing to do.
 */
const day = (offset: number) => new Date(`${addDays(TODAY, offset)}T00:00:00Z`);

it("a daily refresh under a new rules revision recomputes what the earlier rules stored", async () => {
  const db = testDb();
  const derm = await makeUser("DERMATOLOGIST");
  const patient = await makePatient();
  // 20 mg every other day from 19 days ago; paused on days 3-6, back on day 7. Today is day 19.
  // From the resume day: days 0, 2, 7, 9, ..., 19 = 9 doses = 180 mg. From the start's phase: days 0, 2, 8, ..., 18
  // = 8 doses = 160 mg.
  const course = await createCourse({ patientId: patient.id, dermatologistId: derm.id, status: "ACTIVE", startDate: day(-19) });
  await db.doseChange.create({
    data: {
      courseId: course.id,
      effectiveFrom: day(-19),
      mgPerIntake: 20,
      intakesPerDay: 1,
      pattern: "EVERY_N_DAYS",
      everyNDays: 2,
      reason: "start",
      createdById: derm.id,
    },
  });
  await db.coursePause.create({ data: { courseId: course.id, startDate: day(-16), resumeDate: day(-12), reason: "rash", createdById: derm.id } });
  // ALT and AST collected 5 days after the start: a late baseline.
  const alt = await db.labTest.findFirstOrThrow({ where: { code: "1742-6" } });
  const ast = await db.labTest.findFirstOrThrow({ where: { code: "1920-8" } });
  for (const test of [alt, ast])
    await db.labResult.create({
      data: {
        patientId: patient.id,
        ...labTestFields(test),
        specimenDate: day(-14),
        valueNumeric: 20,
        unit: test.unit,
        refLow: test.refLow,
        refHigh: test.refHigh,
        flag: "NORMAL",
        submissionId: randomUUID(),
        enteredById: derm.id,
      },
    });
  await advanceCourseSummaries(db, TODAY);
  const total = async () => (await db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).totalMg;
  expect(await total()).toBe(180);
  await runDailyRefresh(db, TODAY); // whatever else is behind
  expect(await runDailyRefresh(db, TODAY)).toBeNull(); // up to date

  // As the earlier rules stored them: 160 mg through today, its accumulator agreeing; the baseline overdue.
  await db.$executeRaw`
    UPDATE course_summaries SET total_mg = 160,
      dose_state = dose_state || '{"totalMg": 160, "dosesCounted": 8, "mgByGrams": [[50000, 160]]}'::jsonb
    WHERE course_id = ${course.id}::uuid`;
  await db.$executeRaw`
    UPDATE monitoring_items SET completed_on = NULL WHERE patient_id = ${patient.id}::uuid AND kind = 'BASELINE_LIVER'`;
  expect(await runDailyRefresh(db, TODAY)).toBeNull(); // the same revision: nothing to do
  expect(await total()).toBe(160);

  await db.$executeRaw`UPDATE daily_refreshes SET rules_revision = ${DERIVED_RULES_REVISION - 1}`;
  expect(await runDailyRefresh(db, TODAY)).toMatchObject({ summariesFromStart: true, itemsForEveryPatient: true });
  expect(await total()).toBe(180);
  const liver = await db.monitoringItemRow.findFirstOrThrow({ where: { patientId: patient.id, kind: "BASELINE_LIVER" } });
  expect(liver.completedOn?.toISOString().slice(0, 10)).toBe(addDays(TODAY, -14));
  expect((await db.dailyRefresh.findUniqueOrThrow({ where: { id: 1 } })).rulesRevision).toBe(DERIVED_RULES_REVISION);
});
