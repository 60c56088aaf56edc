import { describe, expect, it } from "vitest";
import { changeDoseAction, recordMissedDoseAction, recordWeightAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPaperCourseAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getCourseSummaryPage } from "@/lib/data/course-summary-page";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed, tokenFor, writtenPrescriptionToken } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { PAPER_TWO_PERIODS, paperCourseForm, startCourseFor, startedAlternateDayCourse } from "./course-fixture";

const today = TODAY; // 2026-11-23, a Monday

/** The dashboard row of a course. */
async function dashboardRow(courseId: string) {
  const page = await getCourseSummaryPage(CLINICIAN, { limit: 10_000, offset: 0 });
  return page.rows.find((r) => r.courseId === courseId) ?? null;
}

const transition = (courseId: string, version: number, transition: string, date: string) =>
  sendConfirmed(
    (ack) => transitionCourseAction(IDLE, form({ ack, courseId, version: String(version), transition, date, reason: "As planned" })),
    ["COMPLETED_BELOW_TARGET"],
  );

describe("cumulative dose, end to end: projection past pauses and ends recorded ahead, ended courses' figures", () => {
  it("a course whose last day is recorded ahead shows no target date past that day on the dashboard", async () => {
    // 20 mg every other day from 24 Oct (day 0), 60 kg, 120 mg/kg = 7,200 mg. By today (day 30): 16 doses, 320 mg.
    // Completed with 30 Nov 2026 as its last day: doses on 25, 27, 29 Nov, 380 mg in all, far from 7,200 mg.
    // At the regimen the target would come on day 718 (11 Oct 2028), 23 months after the course's last day:
    // the course cannot reach it, so there is no projected date (the patient page shows none either).
    const { patient, course } = await startedAlternateDayCourse();
    expect(await transition(course.id, course.version, "COMPLETE", "2026-11-30")).toMatchObject({ status: "ok" });
    const row = await dashboardRow(course.id);
    expect(row).toMatchObject({ status: "ACTIVE", remainingMg: 6880 });
    expect(row!.projectedTargetDate).toBeNull();
    expect((await getPatientTreatment(CLINICIAN, patient.id, today)).courses[0]!.summary.projectedTargetDate).toBeNull();
  });

  it("the projected target date skips a pause recorded ahead", async () => {
    // 20 mg every other day from 24 Oct: 16 doses (320 mg) by today; 6,880 mg = 344 doses to go.
    // Paused from Mon 30 Nov, resumed Mon 14 Dec (both recorded today): doses on 25, 27, 29 Nov (3), then
    // from the resume day (DOMAIN: an interval pattern starts again that day) 14 Dec + 2k: the 341st on
    // 14 Dec 2026 + 680 days = 24 Oct 2028. Ignoring the pause: 11 Oct 2028.
    const { patient, course } = await startedAlternateDayCourse();
    expect(await transition(course.id, course.version, "PAUSE", "2026-11-30")).toMatchObject({ status: "ok" });
    expect(await transition(course.id, course.version + 1, "RESUME", "2026-12-14")).toMatchObject({ status: "ok" });
    const row = await dashboardRow(course.id);
    expect(row).toMatchObject({ status: "ACTIVE", remainingMg: 6880 });
    expect(row!.projectedTargetDate).toBe("2028-10-24");
    expect((await getPatientTreatment(CLINICIAN, patient.id, today)).courses[0]!.summary.projectedTargetDate).toBe("2028-10-24");
  });

  it("an open pause recorded ahead leaves no projected target date", async () => {
    // Paused from 30 Nov with no resume: 3 more doses (380 mg) and nothing after, never 7,200 mg.
    const { course } = await startedAlternateDayCourse();
    expect(await transition(course.id, course.version, "PAUSE", "2026-11-30")).toMatchObject({ status: "ok" });
    const row = await dashboardRow(course.id);
    expect(row).toMatchObject({ status: "ACTIVE", remainingMg: 6880 });
    expect(row!.projectedTargetDate).toBeNull();
  });

  it("a paper course's 28-day average is over its own last 28 days, not the calendar's", async () => {
    // 1,400 mg over its 28 days (3-30 Jan 2022) at 70 kg: 1,400 / 28 / 70 = 0.714286 mg/kg/day, "standard".
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, PAPER_TWO_PERIODS)))).toEqual({ redirect: `/patients/${p.id}` });
    const s = (await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.summary;
    expect(s.totalMg).toBe(1400);
    expect(s.mgPerKg).toBeCloseTo(20, 10);
    expect(s.avgMgPerKgPerDay28).toBeCloseTo(0.714286, 6);
    expect(s.doseClass).toBe("standard");
  });

  it("per-day weight: a paper course's mg/kg divides by the weight used, not a measurement from before it", async () => {
    // DOMAIN: a paper course is entered with "the weight used (its mg/kg divides by it)". 1,400 mg at 70 kg =
    // 20 mg/kg, the lifetime the same. The patient was weighed 50 kg in June 2021, seven months before the
    // course: read as the course's weight, it would make 1,400 / 50 = 28 mg/kg.
    const db = testDb();
    const config = await db.clinicConfig.create({
      data: { kind: "DOSING", version: 70, effectiveFrom: new Date("2020-01-01T00:00:00Z"), config: { weightPolicy: "PER_DAY" } },
    });
    try {
      actAs(await makeUser("DERMATOLOGIST"));
      const p = await makePatient();
      expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2021-06-01", weightKg: "50" }))).toMatchObject({ status: "ok" });
      expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, PAPER_TWO_PERIODS)))).toEqual({ redirect: `/patients/${p.id}` });
      const t = await getPatientTreatment(CLINICIAN, p.id, today);
      expect(t.settings.weightPolicy).toBe("PER_DAY");
      const s = t.courses[0]!.summary;
      expect(s.totalMg).toBe(1400);
      expect(s.mgPerKg).toBeCloseTo(20, 10);
      expect(s.showBothMethods).toBe(false);
      expect(t.lifetime.mgPerKg).toBeCloseTo(20, 10);
    } finally {
      await db.clinicConfig.delete({ where: { id: config.id } });
    }
  });
});

describe("missed doses and dose changes, end to end", () => {
  it("a missed dose is not added to a course that has ended (here one from paper records)", async () => {
    // DOMAIN: an ended course's entries are corrected (a version superseded, an entry voided), and a paper
    // course's figures by a dermatologist with a reason; its regimen takes no new entry. Taken, the missed
    // 40 mg dose would make 1,400 mg 1,360.
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, PAPER_TWO_PERIODS)))).toEqual({ redirect: `/patients/${p.id}` });
    const c = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
    const r = await recordMissedDoseAction(IDLE, form({ courseId: c.id, version: String(c.version), date: "2022-01-10" }));
    expect(r).toMatchObject({ status: "error", fieldErrors: { date: [expect.stringContaining("paper records")] } });
    expect(await testDb().missedDose.count({ where: { courseId: c.id } })).toBe(0);
    expect((await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.summary.totalMg).toBe(1400);
  });

  it("a course completed with a last day before today takes no missed dose; one ending on a day ahead does", async () => {
    // 20 mg every other day from 24 Oct (day 0). Completed on Fri 20 Nov (day 27): doses on days 0-26, 14 x 20 = 280 mg.
    const ended = await startedAlternateDayCourse();
    expect(await transition(ended.course.id, ended.course.version, "COMPLETE", "2026-11-20")).toMatchObject({ status: "ok" });
    const version = (await testDb().course.findUniqueOrThrow({ where: { id: ended.course.id } })).version;
    const r = await recordMissedDoseAction(IDLE, form({ courseId: ended.course.id, version: String(version), date: "2026-11-11" }));
    expect(r).toMatchObject({ status: "error", fieldErrors: { date: [expect.stringContaining("has ended")] } });
    expect(await testDb().missedDose.count({ where: { courseId: ended.course.id } })).toBe(0);
    expect((await testDb().course.findUniqueOrThrow({ where: { id: ended.course.id } })).version).toBe(version);
    expect((await getPatientTreatment(CLINICIAN, ended.patient.id, today)).courses[0]!.summary.totalMg).toBe(280);

    // Completed with 30 Nov as its last day, still ahead: in progress today. By today (day 30): 16 doses = 320 mg;
    // Wed 11 Nov (day 18) missed: 300 mg.
    const ahead = await startedAlternateDayCourse();
    expect(await transition(ahead.course.id, ahead.course.version, "COMPLETE", "2026-11-30")).toMatchObject({ status: "ok" });
    const v2 = (await testDb().course.findUniqueOrThrow({ where: { id: ahead.course.id } })).version;
    expect(await recordMissedDoseAction(IDLE, form({ courseId: ahead.course.id, version: String(v2), date: "2026-11-11" }))).toMatchObject({ status: "ok" });
    expect((await getPatientTreatment(CLINICIAN, ahead.patient.id, today)).courses[0]!.summary.totalMg).toBe(300);
  });

  it("a course ended today takes no missed dose; a day before the course start is refused as before", async () => {
    // Stopped with today as its last day: ended on the day (courseStatusOn), so no entry.
    const { course } = await startedAlternateDayCourse();
    const miss = async (date: string) => {
      const { version } = await testDb().course.findUniqueOrThrow({ where: { id: course.id } });
      return recordMissedDoseAction(IDLE, form({ courseId: course.id, version: String(version), date }));
    };
    expect(await miss("2026-10-23")).toMatchObject({ status: "error", fieldErrors: { date: ["The date is before the course start."] } });
    expect(await transition(course.id, course.version, "STOP", today)).toMatchObject({ status: "ok" });
    expect(await miss(today)).toMatchObject({ status: "error", fieldErrors: { date: [expect.stringContaining("has ended")] } });
    expect(await testDb().missedDose.count({ where: { courseId: course.id } })).toBe(0);
  });

  it("a dose change's safety check reads the course's weight, not one measured before the course", async () => {
    // Weighed 40 kg last year; a course from 7 Dec at 60 kg (no weight is written for a day ahead). 60 mg a day
    // is 1.0 mg/kg/day at 60 kg (no confirmation); at 40 kg it would be 1.5, above 1 (asked). The start weight,
    // far from last year's 40 kg, is confirmed as the form asks.
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    const nurse = await makeUser("NURSE");
    await testDb().weightMeasurement.create({
      data: { patientId: patient.id, measuredOn: new Date("2025-11-20T00:00:00Z"), weightGrams: 40_000, enteredById: nurse.id },
    });
    const far = tokenFor("WEIGHT_FAR_FROM_RECORDED", "60 kg is far from the 40 kg recorded on 20 Nov 2025: check it is in kg, not pounds.");
    await startCourseFor(patient.id, { startDate: "2026-12-07", startWeightKg: "60", mgPerIntake: "40", ack: far });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } });
    const changed = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: String(course.version),
        effectiveFrom: "2026-12-07",
        reason: "Start higher",
        mgPerIntake: "60",
        pattern: "DAILY",
        // The course's first prescription was written for 40 mg daily.
        ack: writtenPrescriptionToken("7 Dec 2026", "5 Jan 2027", 40, 60),
      }),
    );
    expect(changed).toMatchObject({ status: "ok" });
  });

  it("a dose change dated on an off day of an every-other-day course: stored summary and projection", async () => {
    // 20 mg every other day from 24 Oct: days 0, 2, ..., 26 (to 19 Nov) = 14 doses = 280 mg. 30 mg every other
    // day from Fri 20 Nov (day 27, an off day; DOMAIN: the pattern counts from its effective day): 20, 22 Nov
    // = 60 mg. Today (23 Nov) has no dose: 340 mg. 7,200 - 340 = 6,860 mg = 229 doses of 30 (228 x 30 = 6,840),
    // from 24 Nov every other day: the 229th on 24 Nov + 456 = 23 Feb 2028.
    const { patient, course } = await startedAlternateDayCourse();
    const changed = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: String(course.version),
        effectiveFrom: "2026-11-20",
        reason: "Step up",
        mgPerIntake: "30",
        pattern: "EVERY_N_DAYS",
        everyNDays: "2",
      }),
    );
    expect(changed).toMatchObject({ status: "ok" });
    const row = await dashboardRow(course.id);
    expect(row).toMatchObject({ remainingMg: 6860, projectedTargetDate: "2028-02-23", regimen: "30 mg every other day" });
    const s = (await getPatientTreatment(CLINICIAN, patient.id, today)).courses[0]!.summary;
    expect([s.totalMg, s.dosesCounted, s.projectedTargetDate]).toEqual([340, 16, "2028-02-23"]);
  });
});
