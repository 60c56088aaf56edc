import { describe, expect, it } from "vitest";
import { startCourseAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordPaperCourseAction, reopenCourseAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { refreshMonitoringFor } from "@/lib/data/refresh-monitoring";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { PAPER_TWO_PERIODS, paperCourseForm } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { actAs, callAction, CLINICIAN, countRows, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";

const today = TODAY; // 2026-11-23
const db = () => testDb();

/** Total only: 7,000 mg at 70 kg = 100 mg/kg. */
const TOTAL_ONLY = { startDate: "2023-01-02", endDate: "2023-06-30", totalMg: "7000" };

/** The start-course form: ABSORICA 40 mg daily, 60 kg. */
const startForm = (patientId: string, startDate: string) =>
  form({
    patientId,
    indication: "ACNE_NODULAR",
    regimenIntent: "STANDARD",
    startDate,
    startWeightKg: "60",
    product: "ABSORICA",
    capsuleStrengthMg: "40",
    daysSupply: "30",
    mgPerIntake: "40",
    pattern: "DAILY",
    counseled: "on",
  });

/** 40 mg daily from today-20: 840 mg at 60 kg, target by the indication's default (120). */
async function activeCourse(patientId: string) {
  expect(await callAction(() => startCourseAction(IDLE, startForm(patientId, addDays(today, -20))))).toEqual({ redirect: `/patients/${patientId}` });
}

describe("course history from paper records", () => {
  it("two paper courses entered while a third is active: lifetime totals add each course once; no monitoring items, no weight", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const itemsBefore = await db().monitoringItemRow.count({ where: { patientId: p.id } });
    expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, PAPER_TWO_PERIODS)))).toEqual({ redirect: `/patients/${p.id}` });
    expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, TOTAL_ONLY)))).toEqual({ redirect: `/patients/${p.id}` });
    // A paper history from 2022 opens no post-course pregnancy test: its monitoring happened then.
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id } })).toBe(itemsBefore);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(0);

    const other = await makePatient();
    await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(other.id, PAPER_TWO_PERIODS)));
    await activeCourse(other.id);
    await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(other.id, TOTAL_ONLY)));
    const t = await getPatientTreatment(CLINICIAN, other.id, today);
    expect(t.courses.map((c) => [c.startDate, c.status, c.paperRecord, c.summary.totalMg])).toEqual([
      [addDays(today, -20), "ACTIVE", false, 840], // 21 days x 40 mg, 14 mg/kg at 60 kg
      ["2023-01-02", "COMPLETED", true, 7000],
      ["2022-01-03", "COMPLETED", true, 1400],
    ]);
    // 840 + 7,000 + 1,400 mg; 14 + 100 + 20 mg/kg.
    expect(t.lifetime).toEqual({ totalMg: 9240, mgPerKg: 134 });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: other.id, action: "course.paper_record" }, orderBy: { id: "asc" } });
    expect(audit.changes).toMatchObject({ startDate: "2022-01-03", endDate: "2022-01-30", totalMg: null, weightGrams: 70_000 });
  });

  it("refuses a paper course that overlaps another, naming it; nothing is written", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, PAPER_TWO_PERIODS)));
    await activeCourse(p.id);
    const before = await countRows();
    expect(await recordPaperCourseAction(IDLE, paperCourseForm(p.id, { startDate: "2022-01-30", endDate: "2022-03-01", totalMg: "900" }))).toMatchObject({
      status: "error",
      fieldErrors: { startDate: ["Courses of one patient cannot overlap: these dates share days with the course from 3 Jan 2022 to 30 Jan 2022."] },
    });
    expect(await recordPaperCourseAction(IDLE, paperCourseForm(p.id, { startDate: "2026-10-01", endDate: addDays(today, -20), totalMg: "900" }))).toMatchObject(
      {
        status: "error",
        fieldErrors: { startDate: ["Courses of one patient cannot overlap: these dates share days with the course from 3 Nov 2026 (in progress)."] },
      },
    );
    expect(await countRows()).toEqual(before);
  });

  it("refuses bad paper input field by field, keeping the values", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const bad = await recordPaperCourseAction(
      IDLE,
      paperCourseForm(p.id, {
        startDate: "2022-01-03",
        endDate: "2022-01-30",
        period1From: "2022-01-04",
        period1Mg: "40",
        period2From: "2022-02-10",
        period2Mg: "20",
        totalMg: "500",
      }),
    );
    expect(bad).toMatchObject({
      status: "error",
      fieldErrors: {
        period1From: ["The first dose period starts on the course start date."],
        period2From: ["This period starts after the course ended."],
        totalMg: ["Enter either the dose periods or the total, not both."],
      },
      values: { period2From: "2022-02-10", totalMg: "500" },
    });
    expect(await recordPaperCourseAction(IDLE, paperCourseForm(p.id, { startDate: "2026-11-01", endDate: addDays(today, 1), totalMg: "500" }))).toMatchObject({
      status: "error",
      fieldErrors: { endDate: ["A course from paper records has ended: its last day cannot be in the future."] },
    });
    expect(await db().course.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("start-course and reopening refuse an overlap; the database refuses one written around the checks", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    await activeCourse(p.id);
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const completed = await sendConfirmed(
      (ack) =>
        transitionCourseAction(
          IDLE,
          form({ ack, courseId: course.id, version: String(course.version), transition: "COMPLETE", date: addDays(today, -5), reason: "Done" }),
        ),
      ["COMPLETED_BELOW_TARGET"],
    );
    expect(completed).toMatchObject({ status: "ok" });
    // A new course starting on the completed course's last day would share it.
    const refused = await startCourseAction(IDLE, startForm(p.id, addDays(today, -5)));
    expect(refused).toMatchObject({
      fieldErrors: { startDate: ["Courses of one patient cannot overlap: these dates share days with the course from 3 Nov 2026 to 18 Nov 2026."] },
    });
    // A paper course after the completed one, then reopening the completed one would run into it.
    await callAction(() =>
      recordPaperCourseAction(IDLE, paperCourseForm(p.id, { startDate: addDays(today, -3), endDate: addDays(today, -1), totalMg: "120" })),
    );
    const v = String((await db().course.findUniqueOrThrow({ where: { id: course.id } })).version);
    expect(await reopenCourseAction(IDLE, form({ courseId: course.id, version: v, reason: "Completed by mistake" }))).toMatchObject({
      fieldErrors: { reason: ["Courses of one patient cannot overlap: these dates share days with the course from 20 Nov 2026 to 22 Nov 2026."] },
    });
    await expect(
      db().course.create({
        data: {
          patientId: p.id,
          dermatologistId: course.dermatologistId,
          indication: "ACNE_NODULAR",
          regimenIntent: "STANDARD",
          status: "COMPLETED",
          startDate: new Date("2026-11-10T00:00:00Z"),
          endDate: new Date("2026-11-12T00:00:00Z"),
          startWeightGrams: 60_000,
        },
      }),
    ).rejects.toThrow(/courses_no_overlap/);
  });

  it("a paper course that ended recently opens its post-course pregnancy test like any course, on the worklist, and nothing else", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const recorded = async (endDate: string) => {
      const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
      const periods = { startDate: "2026-06-01", endDate, period1From: "2026-06-01", period1Mg: "40" };
      expect(await callAction(() => recordPaperCourseAction(IDLE, paperCourseForm(p.id, periods)))).toEqual({ redirect: `/patients/${p.id}` });
      const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
      return { p, course, items: await getPatientMonitoring(CLINICIAN, p.id, today) };
    };
    // Ended yesterday: the test 30 days after the last dose (iPLEDGE) is ahead.
    const yesterday = await recorded(addDays(today, -1));
    expect(yesterday.items).toEqual([
      expect.objectContaining({ kind: "PREG_POST_COURSE", key: `course:${yesterday.course.id}:preg-post`, dueDate: "2026-12-22", status: "NOT_DUE" }),
    ]);
    // It stays until done or waived, as any course's does, however long ago the course ended.
    await db().$transaction((tx) => refreshMonitoringFor(tx, [yesterday.p.id], addDays(today, 200)));
    expect(await db().monitoringItemRow.findMany({ where: { patientId: yesterday.p.id }, select: { kind: true } })).toEqual([{ kind: "PREG_POST_COURSE" }]);

    // Ended 20 Oct: the test was due 19 Nov, four days ago, within the grace before overdue: staff see it on the worklist.
    const recent = await recorded("2026-10-20");
    expect(recent.items.map((i) => [i.kind, i.dueDate, i.status])).toEqual([["PREG_POST_COURSE", "2026-11-19", "DUE"]]);
    const staff = await makeUser("STAFF");
    actAs(staff);
    const worklist = await getWorklist(staff, today, { kind: "PREG_POST_COURSE", sort: "days" });
    expect(worklist.rows.find((r) => r.patientId === recent.p.id)).toMatchObject({ item: "Pregnancy test after the course", status: "DUE" });
    actAs(derm);
    // A negative test collected from the due-soon day closes it.
    await pregnancyTest(recent.p.id, today, derm.id);
    await db().$transaction((tx) => refreshMonitoringFor(tx, [recent.p.id], today));
    expect((await getPatientMonitoring(CLINICIAN, recent.p.id, today)).map((i) => i.status)).toEqual(["COMPLETED"]);

    // Ended 1 Oct: the test was due 31 Oct, already overdue when the record was entered: the paper record holds it.
    expect((await recorded("2026-10-01")).items).toEqual([]);
  });
});
