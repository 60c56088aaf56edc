import { describe, expect, it } from "vitest";
import { changeDoseAction, recordMissedDoseAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { sendConfirmed, writtenPrescriptionToken } from "./confirmations";
import { actAs, CLINICIAN, countRows, form, makePatient, makeUser, pregnancyTest, readyForFirstPrescription, testDb, TODAY } from "./helpers";

/**
 * Entries of a completed or stopped course are corrected and voided as on a course in progress; nothing
 * makes the course active, so a pregnancy-prevention stop does not hold them. Today is 23 Nov 2026.
 */
const today = TODAY;
const db = () => testDb();
const version = async (courseId: string) => String((await db().course.findUniqueOrThrow({ where: { id: courseId } })).version);

/** 40 mg daily at 60 kg from today-20, completed on today-6: 15 days = 600 mg = 10 mg/kg, by hand. */
async function endedCourse() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  const confirm = await readyForFirstPrescription(p.id, addDays(today, -20), derm.id);
  await startCourseFor(p.id, { startDate: addDays(today, -20), startWeightKg: "60", mgPerIntake: "40", ...confirm });
  const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
  return { derm, p, courseId: course.id };
}
const complete = async (courseId: string, date: string) => {
  const sent = await version(courseId);
  return sendConfirmed(
    (ack) => transitionCourseAction(IDLE, form({ ack, courseId, version: sent, transition: "COMPLETE", date, reason: "Clear skin" })),
    ["COMPLETED_BELOW_TARGET"],
  );
};
const dose = async (courseId: string, fields: Record<string, string>) =>
  changeDoseAction(IDLE, form({ courseId, version: await version(courseId), reason: "Entered 40, was 20", pattern: "DAILY", ...fields }));
const lifetime = async (patientId: string) => (await getPatientTreatment(CLINICIAN, patientId, today)).lifetime;

describe("correcting a completed or stopped course", () => {
  it("a dermatologist corrects the starting regimen of a completed course: 600 mg becomes 300 mg, 10 mg/kg becomes 5, audited; the course stays completed", async () => {
    const { derm, p, courseId } = await endedCourse();
    expect(await complete(courseId, addDays(today, -6))).toMatchObject({ status: "ok" });
    expect(await lifetime(p.id)).toEqual({ totalMg: 600, mgPerKg: 10 });
    // A positive test stops prescribing: a correction makes nothing active, so it is not held.
    await pregnancyTest(p.id, addDays(today, -1), derm.id, "POSITIVE");
    const first = await db().doseChange.findFirstOrThrow({ where: { courseId } });
    // Its prescription of 3 Nov, written for 40 mg daily, is no longer taken once the course has ended: the
    // correction asks nothing of it (the prescription's record keeps its 40 mg).
    expect(await dose(courseId, { effectiveFrom: addDays(today, -20), mgPerIntake: "20", supersedesId: first.id })).toEqual({
      status: "ok",
      message: "Correction saved.",
    });
    // 15 days x 20 mg = 300 mg; 300 / 60 kg = 5 mg/kg.
    expect(await lifetime(p.id)).toEqual({ totalMg: 300, mgPerKg: 5 });
    expect(await db().course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ status: "COMPLETED" });
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.timeline.find((e) => e.id === first.id)).toMatchObject({ kind: "dose", superseded: true });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "dose.correct" } });
    expect(audit.changes).toMatchObject({ courseId, effectiveFrom: addDays(today, -20), supersedesId: first.id, schedule: { mgPerIntake: 20 } });
  });

  it("on an ended course a new dose change, a correction dated after the end and one above the label limit are refused; nothing is written", async () => {
    const { p, courseId } = await endedCourse();
    expect(await complete(courseId, addDays(today, -6))).toMatchObject({ status: "ok" });
    const first = await db().doseChange.findFirstOrThrow({ where: { courseId } });
    const before = await countRows();
    expect(await dose(courseId, { effectiveFrom: addDays(today, -10), mgPerIntake: "60" })).toMatchObject({
      status: "error",
      message: "This course has ended; its regimen can no longer change. Correct one of its entries instead.",
    });
    expect(await dose(courseId, { effectiveFrom: addDays(today, -3), mgPerIntake: "20", supersedesId: first.id })).toMatchObject({
      status: "error",
      fieldErrors: { effectiveFrom: ["The date is after the course ended."] },
    });
    expect(await dose(courseId, { effectiveFrom: addDays(today, -10), mgPerIntake: "20", supersedesId: first.id })).toMatchObject({
      status: "error",
      fieldErrors: { effectiveFrom: ["This corrects the starting regimen: it takes effect on the course's first day, 3 Nov 2026."] },
    });
    // 200 mg a day at 60 kg is above 2 mg/kg/day: refused.
    expect(await dose(courseId, { effectiveFrom: addDays(today, -20), mgPerIntake: "200", supersedesId: first.id })).toMatchObject({ status: "error" });
    expect(await countRows()).toEqual(before);
    expect(await lifetime(p.id)).toEqual({ totalMg: 600, mgPerKg: 10 });
  });

  it("a correction dated on the day of another version in force is refused, as it would replace that one too; dated on a free day it is saved", async () => {
    const { p, courseId } = await endedCourse();
    // 40 mg from today-20, "60 mg" from today-10 (the chart says 20 mg), completed on today-6.
    expect(await dose(courseId, { effectiveFrom: addDays(today, -10), mgPerIntake: "60", reason: "Tolerating well" })).toMatchObject({ status: "ok" });
    expect(await complete(courseId, addDays(today, -6))).toMatchObject({ status: "ok" });
    // 10 days x 40 mg + 5 days x 60 mg = 700 mg.
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 700 });
    const second = await db().doseChange.findFirstOrThrow({ where: { courseId, mgPerIntake: 60 } });
    // The date left at the first entry's: of two versions on one day only the later counts, so the 40 mg from today-20 would go too.
    const before = await countRows();
    const refusal = {
      status: "error",
      fieldErrors: {
        effectiveFrom: [
          "Another entry already takes effect on 3 Nov 2026 (40 mg daily): a correction dated then would replace it too. Correct that entry, or choose the date the corrected dose took effect.",
        ],
      },
    };
    expect(await dose(courseId, { effectiveFrom: addDays(today, -20), mgPerIntake: "20", supersedesId: second.id })).toMatchObject(refusal);
    expect(await countRows()).toEqual(before);
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 700 });
    // A mistyped date corrected to a free day: 12 days x 40 mg + 3 days x 20 mg = 540 mg.
    expect(await dose(courseId, { effectiveFrom: addDays(today, -8), mgPerIntake: "20", supersedesId: second.id })).toMatchObject({ status: "ok" });
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 540 });
    // Corrected again, to its own day: the correction of a correction is held to the same rule.
    const third = await db().doseChange.findFirstOrThrow({ where: { courseId, supersedesId: second.id } });
    expect(await dose(courseId, { effectiveFrom: addDays(today, -20), mgPerIntake: "20", supersedesId: third.id })).toMatchObject(refusal);
    expect(await dose(courseId, { effectiveFrom: addDays(today, -10), mgPerIntake: "20", supersedesId: third.id })).toMatchObject({ status: "ok" });
    // 10 days x 40 mg + 5 days x 20 mg = 500 mg; 500 / 60 kg = 8.3 mg/kg.
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 500 });
  });

  it("on a course in progress, a correction keeps the day of a version it already replaced; a correction of that replaced version on its own day is refused", async () => {
    const { p, courseId } = await endedCourse();
    // A new dose change on the first day replaces the 40 mg from it: 21 days (today-20 .. today) x 60 mg = 1,260 mg.
    // Each is confirmed: the course's prescription of 3 Nov was written for 40 mg daily.
    const started = {
      effectiveFrom: addDays(today, -20),
      mgPerIntake: "60",
      reason: "Started higher",
      ack: writtenPrescriptionToken("3 Nov 2026", "2 Dec 2026", 40, 60),
    };
    expect(await dose(courseId, started)).toMatchObject({ status: "ok" });
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 1260 });
    const [first, second] = await db().doseChange.findMany({ where: { courseId }, orderBy: { createdAt: "asc" } });
    // Its correction on the same day replaces nothing more: 21 days x 20 mg = 420 mg.
    const corrected = {
      effectiveFrom: addDays(today, -20),
      mgPerIntake: "20",
      supersedesId: second!.id,
      ack: writtenPrescriptionToken("3 Nov 2026", "2 Dec 2026", 40, 20),
    };
    expect(await dose(courseId, corrected)).toMatchObject({ status: "ok" });
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 420 });
    // The 40 mg it replaced, corrected on that day, would replace the 20 mg in force.
    const before = await countRows();
    expect(await dose(courseId, { effectiveFrom: addDays(today, -20), mgPerIntake: "30", supersedesId: first!.id })).toMatchObject({
      status: "error",
      fieldErrors: { effectiveFrom: [expect.stringContaining("Another entry already takes effect on 3 Nov 2026 (20 mg daily)")] },
    });
    expect(await countRows()).toEqual(before);
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 420 });
    // The history strikes the 40 mg as replaced on its day, the 60 mg as superseded; the 20 mg stands.
    const timeline = (await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.timeline.filter((e) => e.kind === "dose");
    expect(timeline.map((e) => [e.text, e.superseded, e.replacedSameDay])).toEqual(
      expect.arrayContaining([
        ["40 mg daily", false, true],
        ["60 mg daily", true, false],
        ["20 mg daily", false, false],
      ]),
    );
    expect(timeline).toHaveLength(3);
  });

  it("voids a dose change and a missed dose of a stopped course: 40 mg x 10 + 60 mg x 4 = 640 mg becomes 600 mg", async () => {
    const { p, courseId } = await endedCourse();
    expect(await dose(courseId, { effectiveFrom: addDays(today, -10), mgPerIntake: "60", reason: "Tolerating well" })).toMatchObject({ status: "ok" });
    expect(await recordMissedDoseAction(IDLE, form({ courseId, version: await version(courseId), date: addDays(today, -8) }))).toMatchObject({ status: "ok" });
    expect(
      await transitionCourseAction(
        IDLE,
        form({ courseId, version: await version(courseId), transition: "STOP", date: addDays(today, -6), reason: "Dry eyes" }),
      ),
    ).toMatchObject({ status: "ok" });
    // today-20 .. today-11 at 40 mg = 400, today-10 .. today-6 at 60 mg less the missed today-8 = 240: 640 mg.
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 640 });
    const change = await db().doseChange.findFirstOrThrow({ where: { courseId, mgPerIntake: 60 } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: change.id, reason: "Never increased" }))).toMatchObject({ status: "ok" });
    // 15 days at 40 mg less the missed day = 560 mg.
    expect(await lifetime(p.id)).toMatchObject({ totalMg: 560 });
    const missed = await db().missedDose.findFirstOrThrow({ where: { courseId } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "MISSED", entryId: missed.id, reason: "She took it" }))).toMatchObject({ status: "ok" });
    expect(await lifetime(p.id)).toEqual({ totalMg: 600, mgPerKg: 10 });
    expect(await db().course.findUniqueOrThrow({ where: { id: courseId } })).toMatchObject({ status: "STOPPED" });
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: { in: ["dose.void", "dose.missed_void"] } } })).toBe(2);
  });

  it("a nurse cannot correct a dose version of an ended course; the refusal is audited and nothing else is written", async () => {
    const { courseId } = await endedCourse();
    expect(await complete(courseId, addDays(today, -6))).toMatchObject({ status: "ok" });
    const first = await db().doseChange.findFirstOrThrow({ where: { courseId } });
    const v = await version(courseId);
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const before = await countRows();
    const denied = await db().auditEvent.count({ where: { action: "access.denied", actorId: nurse.id } });
    expect(
      await changeDoseAction(
        IDLE,
        form({ courseId, version: v, reason: "Wrong", pattern: "DAILY", effectiveFrom: addDays(today, -20), mgPerIntake: "20", supersedesId: first.id }),
      ),
    ).toMatchObject({ status: "error" });
    expect(await countRows()).toEqual(before);
    expect(await db().auditEvent.count({ where: { action: "access.denied", actorId: nurse.id } })).toBe(denied + 1);
  });
});
