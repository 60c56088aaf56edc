import { describe, expect, it } from "vitest";
import { changeDoseAction, startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctPaperCourseAction, recordPaperCourseAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { PAPER_TWO_PERIODS, paperCourseForm } from "./course-fixture";
import { actAs, callAction, CLINICIAN, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/** A course from paper records has its recorded figures corrected: the figures replaced are kept. Today is 23 Nov 2026. */
const today = TODAY;
const db = () => testDb();
const OK = { status: "ok", message: "Paper record corrected; the figures it replaces stay in the course's history." };

/** Enters a paper course and returns its id. */
async function paperCourse(patientId: string, fields: Record<string, string>) {
  expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(patientId, fields)))).toEqual({ redirect: `/patients/${patientId}` });
  return (await db().course.findFirstOrThrow({ where: { patientId, startDate: new Date(`${fields.startDate}T00:00:00Z`) } })).id;
}
/** 6,000 mg at 60 kg = 100 mg/kg. */
const TOTAL_ONLY = { startDate: "2023-01-02", endDate: "2023-06-30", weightKg: "60", totalMg: "6000" };
/** At 70 kg (a correction form names its weight): 1,400 mg = 20 mg/kg. */
const TWO_PERIODS = { ...PAPER_TWO_PERIODS, weightKg: "70" };

const version = async (courseId: string) => String((await db().course.findUniqueOrThrow({ where: { id: courseId } })).version);
const correct = async (courseId: string, fields: Record<string, string>) =>
  correctPaperCourseAction(IDLE, form({ courseId, version: await version(courseId), reason: "Misread the chart", ...fields }));
const lifetime = async (patientId: string) => (await getPatientTreatment(CLINICIAN, patientId, today)).lifetime;

describe("correcting a course from paper records", () => {
  it("6,000 mg at 60 kg corrected to 7,200 mg: lifetime 100 mg/kg becomes 120; the old figures are kept, struck through in the history, audited", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    const courseId = await paperCourse(p.id, TOTAL_ONLY);
    expect(await lifetime(p.id)).toEqual({ totalMg: 6000, mgPerKg: 100 });
    expect(await correct(courseId, { ...TOTAL_ONLY, totalMg: "7200" })).toEqual(OK);
    expect(await lifetime(p.id)).toEqual({ totalMg: 7200, mgPerKg: 120 });
    expect(await db().paperRecordVersion.findFirstOrThrow({ where: { courseId } })).toMatchObject({
      recordedTotalMg: 6000,
      startWeightGrams: 60_000,
      reason: "Misread the chart",
      replacedById: derm.id,
    });
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.timeline.find((e) => e.kind === "paper")).toMatchObject({
      date: "2023-01-02",
      text: "2 Jan 2023 to 30 Jun 2023, total 6,000 mg, weight used 60 kg",
      reason: "Misread the chart",
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "course.paper_correct" } });
    expect(audit.changes).toMatchObject({
      reason: "Misread the chart",
      before: { startDate: "2023-01-02", endDate: "2023-06-30", weightGrams: 60_000, totalMg: 6000 },
      after: { startDate: "2023-01-02", endDate: "2023-06-30", weightGrams: 60_000, totalMg: 7200 },
    });

    // Corrected again, the weight used this time: 7,200 mg / 50 kg = 144 mg/kg; both earlier versions kept.
    expect(await correct(courseId, { ...TOTAL_ONLY, totalMg: "7200", weightKg: "50", startDate: "2023-01-09" })).toEqual(OK);
    expect(await lifetime(p.id)).toEqual({ totalMg: 7200, mgPerKg: 144 });
    expect((await db().paperRecordVersion.findMany({ where: { courseId }, orderBy: { replacedAt: "asc" } })).map((v) => v.recordedTotalMg)).toEqual([
      6000, 7200,
    ]);
    expect(await db().course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ recordedTotalMg: 7200, startWeightGrams: 50_000 });
  });

  it("refuses a stale form, unchanged figures, an overlap and a total on a course of dose periods; nothing is written", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const totalId = await paperCourse(p.id, TOTAL_ONLY);
    const periodsId = await paperCourse(p.id, TWO_PERIODS);
    const before = await countRows();
    const versionsBefore = await db().paperRecordVersion.count();
    expect(await correctPaperCourseAction(IDLE, form({ courseId: totalId, version: "7", reason: "Stale", ...TOTAL_ONLY, totalMg: "7200" }))).toMatchObject({
      status: "error",
      message: "This course was changed by someone else since you opened it. Reload the page and check the latest entries before trying again.",
    });
    expect(await correct(totalId, TOTAL_ONLY)).toMatchObject({ status: "error", message: "These are the figures on record: change one to correct it." });
    expect(await correct(totalId, { ...TOTAL_ONLY, startDate: "2022-01-20" })).toMatchObject({
      status: "error",
      fieldErrors: { startDate: ["Courses of one patient cannot overlap: these dates share days with the course from 3 Jan 2022 to 30 Jan 2022."] },
    });
    expect(await correct(totalId, { ...TOTAL_ONLY, endDate: addDays(today, 1) })).toMatchObject({
      status: "error",
      fieldErrors: { endDate: ["A course from paper records has ended: its last day cannot be in the future."] },
    });
    expect(await correct(totalId, { ...TOTAL_ONLY, endDate: "2022-12-31" })).toMatchObject({
      status: "error",
      fieldErrors: { endDate: ["The course cannot end before it started."] },
    });
    expect(await correct(periodsId, { ...TWO_PERIODS, totalMg: "1500" })).toMatchObject({
      status: "error",
      fieldErrors: { totalMg: ["This course was entered with dose periods: correct them in its timeline, not a total."] },
    });
    expect(await correct(periodsId, { ...TWO_PERIODS, startDate: "2022-01-01" })).toMatchObject({
      status: "error",
      fieldErrors: { startDate: ["This course was entered with dose periods, the first from its start date: the start date stays as recorded."] },
    });
    expect(await correct(periodsId, { ...TWO_PERIODS, endDate: "2022-01-16" })).toMatchObject({
      status: "error",
      fieldErrors: { endDate: ["A dose period of this course starts after this date: correct or void it first."] },
    });
    expect(await countRows()).toEqual(before);
    expect(await db().paperRecordVersion.count()).toBe(versionsBefore);
    expect(await lifetime(p.id)).toEqual({ totalMg: 7400, mgPerKg: 120 });
  });

  it("a course of dose periods: the 60 mg period corrected to 50 mg (1,400 mg becomes 1,260 mg), then the weight used 70 kg to 60 kg (18 to 21 mg/kg)", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const courseId = await paperCourse(p.id, TWO_PERIODS);
    expect(await lifetime(p.id)).toEqual({ totalMg: 1400, mgPerKg: 20 });
    const second = await db().doseChange.findFirstOrThrow({ where: { courseId, mgPerIntake: 60 } });
    const corrected = await changeDoseAction(
      IDLE,
      form({
        courseId,
        version: await version(courseId),
        effectiveFrom: "2022-01-17",
        reason: "50 on the chart",
        mgPerIntake: "50",
        pattern: "DAILY",
        supersedesId: second.id,
      }),
    );
    expect(corrected).toEqual({ status: "ok", message: "Correction saved." });
    // 560 + 14 days x 50 mg = 1,260 mg; / 70 kg = 18 mg/kg.
    expect(await lifetime(p.id)).toEqual({ totalMg: 1260, mgPerKg: 18 });
    expect(await correct(courseId, { ...TWO_PERIODS, weightKg: "60" })).toEqual(OK);
    // 1,260 mg / 60 kg = 21 mg/kg.
    expect(await lifetime(p.id)).toEqual({ totalMg: 1260, mgPerKg: 21 });
  });

  it("a followed post-course pregnancy test is due by the corrected end date, in the stored items", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const recent = { startDate: "2026-06-01", endDate: addDays(today, -1), weightKg: "60", totalMg: "6000" };
    const courseId = await paperCourse(p.id, recent);
    const stored = async () => (await db().monitoringItemRow.findFirstOrThrow({ where: { patientId: p.id, kind: "PREG_POST_COURSE" } })).dueDate;
    // Ended 22 Nov: due 30 days later (iPLEDGE), 22 Dec.
    expect((await stored()).toISOString().slice(0, 10)).toBe("2026-12-22");
    expect(await correct(courseId, { ...recent, endDate: addDays(today, -3) })).toEqual(OK);
    // Ended 20 Nov: due 20 Dec.
    expect((await stored()).toISOString().slice(0, 10)).toBe("2026-12-20");
  });

  it("a paper course is neither entered nor corrected to begin before the patient's birth (1 Jan 2000); nothing is written", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const before = await countRows();
    const beforeBirth = { ...TOTAL_ONLY, startDate: "1999-06-01", endDate: "2000-03-01" };
    expect(await recordPaperCourseAction(IDLE, paperCourseForm(p.id, beforeBirth))).toMatchObject({
      status: "error",
      fieldErrors: { startDate: ["The date is before the patient's date of birth (1 Jan 2000)."] },
    });
    expect(await countRows()).toEqual(before);
    const courseId = await paperCourse(p.id, TOTAL_ONLY);
    const entered = await countRows();
    expect(await correct(courseId, { ...TOTAL_ONLY, startDate: "1999-12-31" })).toMatchObject({
      status: "error",
      fieldErrors: { startDate: ["The date is before the patient's date of birth (1 Jan 2000)."] },
    });
    expect(await countRows()).toEqual(entered);
  });

  it("a nurse is refused (audited, nothing else written); a course started in the clinic has no paper record to correct", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const courseId = await paperCourse(p.id, TOTAL_ONLY);
    const v = await version(courseId);
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const before = await countRows();
    expect(await correctPaperCourseAction(IDLE, form({ courseId, version: v, reason: "Wrong total", ...TOTAL_ONLY, totalMg: "7200" }))).toMatchObject({
      status: "error",
    });
    expect(await countRows()).toEqual(before);
    expect(await db().paperRecordVersion.count({ where: { courseId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { action: "access.denied", actorId: nurse.id } })).toBe(1);
    expect(await lifetime(p.id)).toEqual({ totalMg: 6000, mgPerKg: 100 });

    actAs(await makeUser("DERMATOLOGIST"));
    const started = await callAction(() =>
      startCourseAction(
        IDLE,
        form({
          patientId: p.id,
          indication: "ACNE_NODULAR",
          regimenIntent: "STANDARD",
          startDate: addDays(today, -5),
          startWeightKg: "60",
          product: "CLARAVIS",
          capsuleStrengthMg: "20",
          daysSupply: "30",
          mgPerIntake: "40",
          pattern: "DAILY",
          counseled: "on",
        }),
      ),
    );
    expect(started).toEqual({ redirect: `/patients/${p.id}` });
    const clinic = await db().course.findFirstOrThrow({ where: { patientId: p.id, paperRecord: false } });
    expect(await correct(clinic.id, { startDate: addDays(today, -5), endDate: addDays(today, -1), weightKg: "60" })).toMatchObject({
      status: "error",
      message: "Only a course entered from paper records has a paper record to correct; correct its entries instead.",
    });
  });
});
