import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changePregnancyCategoryAction, recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { courseInProgressSql, rewriteCourseSummaries } from "@/lib/data/course-summaries";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { getPatientHeader } from "@/lib/data/patient-header";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { queryRows } from "@/lib/data/query-rows";
import { inProgressOn } from "@/lib/domain/dosing/course-status";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { Prisma } from "@/lib/generated/prisma/client";
import { IDLE } from "@/lib/validation/action-result";
import { ALTERNATE_DAY_20MG, startCourseFor, startedAlternateDayCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { CLINICIAN, form, pregnancyTest, testDb, TODAY } from "./helpers";

/**
 * 20 mg every other day from 2026-10-24 (day 0), 60 kg; today is 2026-11-23 (day 30). Paused from
 * 27 Nov (day 34) and completed with 30 Nov as its last day, both recorded today: the patient still takes
 * the drug until the pause, so the course stays in progress until its last day.
 */
async function courseEndedAhead(pauseFrom = "2026-11-27") {
  const { patient } = await startedAlternateDayCourse();
  expect(await step(patient.id, "PAUSE", pauseFrom)).toMatchObject({ status: "ok" });
  expect(await step(patient.id, "COMPLETE", "2026-11-30")).toMatchObject({ status: "ok" });
  return { patient, course: await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } }) };
}

/** A pause, resumption or end of the patient's course, at the version it has now (completed below its target once confirmed). */
async function step(patientId: string, transition: string, date: string) {
  const c = await testDb().course.findFirstOrThrow({ where: { patientId } });
  return sendConfirmed(
    (ack) => transitionCourseAction(IDLE, form({ ack, courseId: c.id, version: String(c.version), transition, date, reason: "planned" })),
    ["COMPLETED_BELOW_TARGET"],
  );
}

/** A positive pregnancy test from yesterday, and the dermatologist's decision that the pregnancy is confirmed. */
async function positiveTest(patientId: string) {
  const derm = await testDb().user.findFirstOrThrow({ where: { role: "DERMATOLOGIST" }, orderBy: { createdAt: "desc" } });
  const test = await pregnancyTest(patientId, "2026-11-22", derm.id, "POSITIVE");
  return () =>
    recordPregnancyDecisionAction(IDLE, form({ patientId, labResultId: test.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG and ultrasound" }));
}

const summaryOn = async (patientId: string, courseId: string, asOf: string) => {
  await testDb().$transaction((tx) => rewriteCourseSummaries(tx, [patientId], asOf, true));
  return testDb().courseSummary.findUnique({ where: { courseId }, select: { status: true, totalMg: true } });
};

describe("a course ended on a day still ahead", () => {
  it("stays on the dashboard and in the header, active then paused, until its last day", async () => {
    const { patient, course } = await courseEndedAhead();
    expect(course).toMatchObject({ status: "COMPLETED" });
    // Completed below its target, once confirmed: the audit row says so.
    expect(await testDb().auditEvent.findFirstOrThrow({ where: { entityId: course.id, action: "course.complete" } })).toMatchObject({
      changes: { acknowledgedWarnings: ["COMPLETED_BELOW_TARGET"] },
    });
    // Days 0, 2, ..., 30: 16 doses.
    expect(await testDb().courseSummary.findUnique({ where: { courseId: course.id }, select: { status: true, totalMg: true } })).toEqual({
      status: "ACTIVE",
      totalMg: 320,
    });
    expect((await getCourseSummaryPage(CLINICIAN, { limit: 1000, offset: 0 })).rows.find((r) => r.courseId === course.id)).toMatchObject({
      status: "ACTIVE",
    });
    expect((await getPatientHeader(CLINICIAN, patient.id, TODAY))!.clinical!.activeCourse).toMatchObject({ id: course.id, status: "ACTIVE" });
    // 26 Nov (day 33): doses through day 32, 17 of them. 28 Nov: paused since day 34, still 17 doses.
    expect(await summaryOn(patient.id, course.id, "2026-11-26")).toEqual({ status: "ACTIVE", totalMg: 340 });
    expect(await summaryOn(patient.id, course.id, "2026-11-28")).toEqual({ status: "PAUSED", totalMg: 340 });
    expect(await summaryOn(patient.id, course.id, "2026-11-29")).toEqual({ status: "PAUSED", totalMg: 340 });
    // Its last day: ended as recorded, off the dashboard.
    expect(await summaryOn(patient.id, course.id, "2026-11-30")).toBeNull();
  });

  it("heads the patient's pages until its last day when the next course is already started for a later day", async () => {
    // Four patients: which of two stored summaries a query meets first is not fixed, so one patient could pass by chance.
    for (let i = 0; i < 4; i++) {
      const { patient, course } = await courseEndedAhead();
      await startCourseFor(patient.id, { ...ALTERNATE_DAY_20MG, startDate: "2026-12-07" });
      expect(await testDb().courseSummary.count({ where: { patientId: patient.id } })).toBe(2);
      expect((await getPatientHeader(CLINICIAN, patient.id, TODAY))!.clinical!.activeCourse).toMatchObject({ id: course.id, mgPerKg: 320 / 60 });
    }
  });

  it("is active to a FHIR client until its last day, and a category change asks for confirmation", async () => {
    const { patient } = await courseEndedAhead();
    const statuses = async (asOf: string) =>
      (await patientResourcesOfType(CLINICIAN, patient.id, "MedicationRequest", asOf)).map((r) => (r as { status: string }).status);
    expect(await statuses(TODAY)).toContain("active");
    expect(await statuses("2026-11-28")).toContain("on-hold");
    expect(await statuses("2026-11-30")).not.toContain("active");
    expect(await statuses("2026-11-30")).not.toContain("on-hold");
    const change = await changePregnancyCategoryAction(IDLE, form({ patientId: patient.id, category: "CAN_BECOME_PREGNANT", reason: "Documented in error" }));
    expect(change).toMatchObject({ status: "confirm", warnings: [{ code: "CATEGORY_CHANGE_DURING_COURSE" }] });
  });

  it("holds its live prescription while a pregnancy test stops prescribing, on the patient's pages and to a FHIR client alike", async () => {
    const { patient, course } = await courseEndedAhead();
    // A prescription of 20 Nov, its 30 days' supply through 19 Dec: live until the course's last day, 30 Nov.
    const rx = await testDb().prescription.create({
      data: {
        courseId: course.id,
        prescriberId: course.dermatologistId,
        product: "CLARAVIS",
        capsuleStrengthMg: 20,
        writtenOn: new Date("2026-11-20T00:00:00Z"),
        startDate: new Date("2026-11-20T00:00:00Z"),
        daysSupply: 30,
        acknowledgedWarnings: [],
      },
    });
    await pregnancyTest(patient.id, "2026-11-22", course.dermatologistId, "POSITIVE");
    const held = "Do not dispense: prescribing is stopped until a dermatologist's review";
    const request = (await patientResourcesOfType(CLINICIAN, patient.id, "MedicationRequest", TODAY)).find((r) => r.id === `rx-${rx.id}`);
    expect(request).toMatchObject({ status: "on-hold", statusReason: { text: held } });
    expect((await getPregnancyOverview(CLINICIAN, patient.id, TODAY))?.heldPrescriptions).toEqual({ [rx.id]: { dispensedOn: null, hold: held } });
  });

  it("a positive pregnancy test stops it today: its end comes earlier, never later, and then the pregnancy is documented", async () => {
    const { patient, course } = await courseEndedAhead();
    const confirm = await positiveTest(patient.id);
    // Doses on 24 and 26 Nov remain before the pause.
    expect(await confirm()).toMatchObject({ status: "error", fieldErrors: { outcome: [expect.stringContaining("doses continue after today")] } });
    expect(await step(patient.id, "STOP", "2026-11-30")).toMatchObject({
      status: "error",
      fieldErrors: { date: [expect.stringContaining("only come earlier")] },
    });
    expect(await step(patient.id, "PAUSE", TODAY)).toMatchObject({ status: "error" });
    expect(await step(patient.id, "STOP", TODAY)).toMatchObject({ status: "ok" });
    expect(await testDb().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({
      status: "STOPPED",
      endDate: new Date(`${TODAY}T00:00:00Z`),
      version: course.version + 1,
    });
    expect(await testDb().courseSummary.findUnique({ where: { courseId: course.id } })).toBeNull();
    expect(await testDb().auditEvent.findFirstOrThrow({ where: { entityId: course.id, action: "course.stop" }, orderBy: { id: "desc" } })).toMatchObject({
      changes: { date: TODAY, from: "COMPLETED", previousEndDate: "2026-11-30" },
    });
    expect(await confirm()).toMatchObject({ status: "ok" });
  });

  it("the pause its end closed is not voided while a pregnancy test stops prescribing", async () => {
    // Paused from today, completed with 30 Nov as its last day: no dose after today, so the pregnancy is documented.
    const { patient } = await courseEndedAhead(TODAY);
    const confirm = await positiveTest(patient.id);
    expect(await confirm()).toMatchObject({ status: "ok" });
    const pause = await testDb().coursePause.findFirstOrThrow({ where: { course: { patientId: patient.id } } });
    expect(pause).toMatchObject({ closedByCourseEnd: true, resumeDate: new Date("2026-12-01T00:00:00Z") });
    const voided = await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Entered in error" }));
    expect(voided).toMatchObject({ status: "error", message: expect.stringContaining("made active again by voiding its pause") });
    expect(await testDb().coursePause.findUniqueOrThrow({ where: { id: pause.id } })).toMatchObject({ voidedAt: null });
  });

  it("ended earlier, the pause its end closed is closed the day after the new last day", async () => {
    const { patient } = await courseEndedAhead(TODAY);
    expect(await step(patient.id, "COMPLETE", "2026-11-25")).toMatchObject({ status: "ok" });
    expect(await testDb().coursePause.findFirstOrThrow({ where: { course: { patientId: patient.id } } })).toMatchObject({
      closedByCourseEnd: true,
      resumeDate: new Date("2026-11-26T00:00:00Z"),
    });
  });

  it("the SQL form of 'in progress' agrees with the rule", async () => {
    const status = fc.constantFrom("ACTIVE", "PAUSED", "COMPLETED", "STOPPED");
    const dayOf = fc.integer({ min: 0, max: 6 }).map((n) => `2026-11-${String(20 + n)}`);
    const course = fc.record({ status, endDate: fc.option(dayOf, { nil: null }) });
    await fc.assert(
      fc.asyncProperty(fc.array(course, { minLength: 1, maxLength: 12 }), dayOf, async (courses, asOf) => {
        const values = Prisma.join(courses.map((c, i) => Prisma.sql`(${i}::int, ${c.status}, ${c.endDate}::date)`));
        const rows = await queryRows(
          testDb(),
          z.object({ i: z.number() }),
          Prisma.sql`SELECT c.i FROM (VALUES ${values}) AS c(i, status, end_date) WHERE ${courseInProgressSql(asOf)} ORDER BY c.i`,
        );
        const expected = courses.flatMap((c, i) => (inProgressOn({ ...c, pauses: [] }, asOf) ? [i] : []));
        expect(rows.map((r) => r.i)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });
});
