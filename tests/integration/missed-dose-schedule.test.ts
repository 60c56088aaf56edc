import { describe, expect, it } from "vitest";
import { recordMissedDoseAction, startCourseAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { courseVersion, startCourseForm, startedAlternateDayCourse } from "./course-fixture";

/**
 * A missed dose is recorded only on a day the course schedules a dose (docs/DOMAIN.md "Cumulative dose": a missed
 * day counts 0 mg). On any other day, an off day of an intermittent regimen or a paused day, it would count
 * nothing and tell the user the dose was taken off while the real one still counts: refused on the date, naming
 * the nearest dose days, and nothing is written. Today is Mon 23 Nov 2026.
 */

/** A new dermatologist (signed in) and patient, on a course started on Mon 2 Nov 2026 with this schedule. */
async function courseFrom2Nov(schedule: Record<string, string | string[]>) {
  actAs(await makeUser("DERMATOLOGIST"));
  const patient = await makePatient();
  const started = await callAction(() => startCourseAction(IDLE, startCourseForm(patient.id, { startDate: "2026-11-02", startWeightKg: "60", ...schedule })));
  expect(started).toMatchObject({ redirect: expect.any(String) });
  return { patient, course: await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } }) };
}

const totalMg = async (patientId: string) => (await getPatientTreatment(CLINICIAN, patientId, TODAY)).courses[0]!.summary.totalMg;

const miss = async (courseId: string, date: string) =>
  recordMissedDoseAction(IDLE, form({ courseId, version: await courseVersion(courseId), date, note: "Forgot" }));

/** Refused on the date with this message: no missed dose, no audit row, the course's version and total unchanged. */
async function expectRefused(c: { patient: { id: string }; course: { id: string } }, date: string, message: string) {
  const total = await totalMg(c.patient.id);
  const version = await courseVersion(c.course.id);
  const audits = await testDb().auditEvent.count({ where: { patientId: c.patient.id } });
  expect(await miss(c.course.id, date)).toMatchObject({ status: "error", fieldErrors: { date: [message] } });
  expect(await testDb().auditEvent.count({ where: { patientId: c.patient.id } })).toBe(audits);
  expect(await testDb().missedDose.count({ where: { courseId: c.course.id } })).toBe(0);
  expect(await courseVersion(c.course.id)).toBe(version);
  expect(await totalMg(c.patient.id)).toBe(total);
}

describe("a missed dose on a day with no scheduled dose", () => {
  it("chosen weekdays: 10 mg Mon, Wed, Fri refuses Tuesday and takes Wednesday", async () => {
    // From Mon 2 Nov to today: Mon/Wed/Fri 2-20 Nov (9 days) and Mon 23 Nov = 10 doses, 100 mg.
    const c = await courseFrom2Nov({ product: "CLARAVIS", capsuleStrengthMg: "10", mgPerIntake: "10", pattern: "WEEKDAYS", weekdays: ["1", "3", "5"] });
    expect(await totalMg(c.patient.id)).toBe(100);
    await expectRefused(c, "2026-11-17", "No dose is scheduled on Tue 17 Nov 2026 (10 mg Mon, Wed, Fri): the nearest dose days are Mon 16 Nov and Wed 18 Nov.");
    // Sunday 22 Nov: the last dose day before it is Fri 20 Nov, the next today.
    await expectRefused(c, "2026-11-22", "No dose is scheduled on Sun 22 Nov 2026 (10 mg Mon, Wed, Fri): the nearest dose days are Fri 20 Nov and Mon 23 Nov.");
    expect(await miss(c.course.id, "2026-11-18")).toMatchObject({ status: "ok" });
    expect(await totalMg(c.patient.id)).toBe(90);
  });

  it("every N days: 20 mg every other day from Sat 24 Oct refuses an off day and takes a dose day", async () => {
    // Doses on days 0, 2, ... from 24 Oct: Wed 11 Nov (day 18) and Fri 13 Nov (day 20); Thu 12 Nov (day 19) is off.
    // By today (day 30): 16 doses, 320 mg.
    const c = await startedAlternateDayCourse();
    await expectRefused(
      c,
      "2026-11-12",
      "No dose is scheduled on Thu 12 Nov 2026 (20 mg every other day): the nearest dose days are Wed 11 Nov and Fri 13 Nov.",
    );
    // Its first off day, Sun 25 Oct: between the first dose and the second.
    await expectRefused(
      c,
      "2026-10-25",
      "No dose is scheduled on Sun 25 Oct 2026 (20 mg every other day): the nearest dose days are Sat 24 Oct and Mon 26 Oct.",
    );
    expect(await miss(c.course.id, "2026-11-13")).toMatchObject({ status: "ok" });
    expect(await totalMg(c.patient.id)).toBe(300);
  });

  it("times a week: 20 mg 3x a week from Mon 2 Nov (Mon, Thu, Sat) refuses Tuesday and takes Thursday", async () => {
    // Spread from the anchor (lib/domain/dosing/schedule.ts): days 0, 3 and 5 of each week, Mon, Thu and Sat.
    // 2-21 Nov: 9 doses, and Mon 23 Nov: 10 doses, 200 mg.
    const c = await courseFrom2Nov({ mgPerIntake: "20", pattern: "TIMES_PER_WEEK", timesPerWeek: "3" });
    expect(await totalMg(c.patient.id)).toBe(200);
    await expectRefused(c, "2026-11-17", "No dose is scheduled on Tue 17 Nov 2026 (20 mg 3x a week): the nearest dose days are Mon 16 Nov and Thu 19 Nov.");
    await expectRefused(c, "2026-11-20", "No dose is scheduled on Fri 20 Nov 2026 (20 mg 3x a week): the nearest dose days are Thu 19 Nov and Sat 21 Nov.");
    expect(await miss(c.course.id, "2026-11-19")).toMatchObject({ status: "ok" });
    expect(await totalMg(c.patient.id)).toBe(180);
  });

  it("a paused day: refused, naming the pause and the dose days around it; an open pause names the last dose day only", async () => {
    // 20 mg daily from Mon 2 Nov, paused Tue 10 Nov, resumed Mon 16 Nov: 8 + 8 days = 16 doses, 320 mg.
    const c = await courseFrom2Nov({ mgPerIntake: "20", pattern: "DAILY" });
    const transition = async (t: string, date: string) =>
      transitionCourseAction(IDLE, form({ courseId: c.course.id, version: await courseVersion(c.course.id), transition: t, date, reason: "Dry lips" }));
    expect(await transition("PAUSE", "2026-11-10")).toMatchObject({ status: "ok" });
    expect(await transition("RESUME", "2026-11-16")).toMatchObject({ status: "ok" });
    expect(await totalMg(c.patient.id)).toBe(320);
    await expectRefused(
      c,
      "2026-11-12",
      "No dose is scheduled on Thu 12 Nov 2026 (the course is paused from Tue 10 Nov to Sun 15 Nov): the nearest dose days are Mon 9 Nov and Mon 16 Nov.",
    );
    // Paused again from Fri 20 Nov, still paused: 16 Nov to 19 Nov = 4 doses after the first pause, 12 in all, 240 mg.
    expect(await transition("PAUSE", "2026-11-20")).toMatchObject({ status: "ok" });
    expect(await totalMg(c.patient.id)).toBe(240);
    await expectRefused(c, TODAY, "No dose is scheduled on Mon 23 Nov 2026 (the course is paused from Fri 20 Nov): the last dose day before it is Thu 19 Nov.");
    expect(await miss(c.course.id, "2026-11-19")).toMatchObject({ status: "ok" });
    expect(await totalMg(c.patient.id)).toBe(220);
  });

  it("a day outside the course is refused as before", async () => {
    const c = await startedAlternateDayCourse();
    expect(await miss(c.course.id, "2026-10-22")).toMatchObject({ status: "error", fieldErrors: { date: ["The date is before the course start."] } });
    expect(await testDb().missedDose.count({ where: { courseId: c.course.id } })).toBe(0);
  });
});
