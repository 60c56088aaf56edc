import { describe, expect, it } from "vitest";
import { changeDoseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, dosedCourse } from "./course-fixture";
import { countRows, form, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * While a positive or indeterminate pregnancy test stops prescribing, no new dose takes effect: the course is
 * paused or stopped, as resuming it is refused. A dose the patient took before today is still recorded with its
 * own date, and an entry is still corrected: both record what happened.
 */
const change = async (courseId: string, mg: number, from: string, over: Record<string, string> = {}) =>
  changeDoseAction(
    IDLE,
    form({ courseId, version: await courseVersion(courseId), effectiveFrom: from, reason: "At the visit", mgPerIntake: String(mg), pattern: "DAILY", ...over }),
  );

describe("a dose change while a pregnancy test stops prescribing", () => {
  it("is refused from today on, naming the test that stops it, and writes nothing", async () => {
    const { patient, course, derm } = await dosedCourse([[addDays(TODAY, -40), 20]]);
    await pregnancyTest(patient.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    const before = await countRows();
    expect(await change(course.id, 40, TODAY)).toMatchObject({
      status: "error",
      message: `A positive pregnancy test on ${formatDate(addDays(TODAY, -1))} has no documented dermatologist decision. Prescribing is stopped, so this course cannot be given a new dose from today (a dose taken before today is recorded with its own date).`,
    });
    expect(await change(course.id, 10, addDays(TODAY, 3))).toMatchObject({ status: "error" });
    expect(await countRows()).toEqual(before);
  });

  it("is refused as a correction too, when the corrected dose takes effect from today on", async () => {
    const { patient, course, derm } = await dosedCourse([[addDays(TODAY, -40), 20]]);
    await pregnancyTest(patient.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    const later = await change(course.id, 20, addDays(TODAY, -3));
    expect(later).toMatchObject({ status: "ok" });
    const entry = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, effectiveFrom: new Date(`${addDays(TODAY, -3)}T00:00:00Z`) } });
    const before = await countRows();
    expect(await change(course.id, 60, TODAY, { supersedesId: entry.id })).toMatchObject({
      status: "error",
      message: expect.stringContaining("Prescribing is stopped, so this course cannot be given a new dose from today"),
    });
    expect(await countRows()).toEqual(before);
  });

  it("records a dose taken before today, and corrects an entry", async () => {
    const { patient, course, derm, versions } = await dosedCourse([[addDays(TODAY, -40), 20]]);
    await pregnancyTest(patient.id, addDays(TODAY, -1), derm.id, "POSITIVE");
    expect(await change(course.id, 10, addDays(TODAY, -10))).toMatchObject({ status: "ok" });
    expect(await change(course.id, 30, addDays(TODAY, -40), { supersedesId: versions[0]!.id })).toMatchObject({ status: "ok" });
    const current = await testDb().doseChange.findMany({
      where: { courseId: course.id, voidedAt: null, supersededBy: null },
      orderBy: { effectiveFrom: "asc" },
    });
    expect(current.map((d) => d.mgPerIntake)).toEqual([30, 10]);
  });
});
