import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { advanceCourseSummaries } from "@/lib/data/recompute-derived";
import { addDays } from "@/lib/domain/dates";
import { makePatient, makeUser, testDb, TODAY } from "./helpers";
import { createCourse } from "./jobs-helpers";

/**
 * After a pause, an every-N-days pattern counts from the resume day (docs/DOMAIN.md "Cumulative dose").
 * Summaries stored before that rule are marked by migration 20261224000000 for the next refresh to sum
 * again from the start, instead of advancing from an accumulator that counted the old days.
 */
const day = (offset: number) => new Date(`${addDays(TODAY, offset)}T00:00:00Z`);
const MIGRATION = path.join(process.cwd(), "prisma/migrations/20261224000000_pattern_from_resume/migration.sql");

it("a summary stored under the start's phase is summed again from the resume day after the migration", async () => {
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
  await advanceCourseSummaries(db, TODAY);
  const total = async () => (await db.courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).totalMg;
  expect(await total()).toBe(180);

  // As the summary was stored before the rule: 160 mg through today, its accumulator agreeing.
  await db.$executeRaw`
    UPDATE course_summaries SET total_mg = 160,
      dose_state = dose_state || '{"totalMg": 160, "dosesCounted": 8, "mgByGrams": [[50000, 160]]}'::jsonb
    WHERE course_id = ${course.id}::uuid`;
  await advanceCourseSummaries(db, TODAY);
  expect(await total()).toBe(160); // up to date as far as the refresh can tell: nothing to advance

  const migration = readFileSync(MIGRATION, "utf8").replace(/;\s*$/, "");
  await db.$executeRaw(Prisma.sql`${Prisma.raw(migration)} AND s."course_id" = ${course.id}::uuid`); // this test's course only
  await advanceCourseSummaries(db, TODAY);
  expect(await total()).toBe(180);
});
