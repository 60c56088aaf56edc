import { describe, expect, it } from "vitest";
import { recordWeightAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { courseVersion, dayOf, dosedCourse, weightRow } from "./course-fixture";
import { actAs, countRows, form, makeUser, testDb, TODAY } from "./helpers";

/**
 * A paused course's dose stays the dose in force for the dose limits (the course card's "current dose", the
 * weight check's, the dose-in-force check's): a pause stops the doses counted, not the regimen. So a weight
 * recorded while the course is paused is checked against that dose when it is written, the card says the
 * limit throughout the pause, and resuming the course or voiding its pause, which put back no other dose and
 * no other weight, ask nothing again. A dose version voided during a pause is checked over the paused days.
 * Today is Mon 23 Nov 2026; the figures are worked out by hand beside each case.
 */
const db = () => testDb();
const WEIGHT_CODE = "WEIGHT_PUTS_DOSE_ABOVE_LIMIT";
const CARD_LINE = "At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";

const audits = (patientId: string, action: string) => db().auditEvent.findMany({ where: { patientId, action }, select: { changes: true } });

/**
 * 60 mg daily from 40 days ago at 60 kg (1.00 mg/kg/day), paused by its dermatologist from 20 days ago (the
 * pause open), then weighed 50 kg on 13 Nov by a nurse through the weight form: asked, nothing written, then
 * saved once confirmed. The dermatologist is signed in after.
 */
async function pausedCourseWeighedDown() {
  const { patient, course, derm } = await dosedCourse([[addDays(TODAY, -40), 60]]);
  const pause = { courseId: course.id, version: await courseVersion(course.id), transition: "PAUSE", date: addDays(TODAY, -20), reason: "Dry lips" };
  expect(await transitionCourseAction(IDLE, form(pause))).toMatchObject({ status: "ok" });
  expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "PAUSED" });

  actAs(await makeUser("NURSE"));
  const record = (ack?: string) =>
    recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: addDays(TODAY, -10), weightKg: "50", ...(ack ? { ack } : {}) }));
  const before = await countRows();
  // The paused course's dose, 60 mg daily, at 50 kg: 60 / 50 = 1.20 mg/kg/day (50 kg is within a fifth of 60 kg).
  const asked = `${CARD_LINE} Tell the prescriber; the dose is not changed.`;
  expect(await record()).toMatchObject({ status: "confirm", warnings: [{ code: WEIGHT_CODE, message: asked }] });
  expect(await countRows()).toEqual(before);
  expect(await record(tokenFor(WEIGHT_CODE, asked))).toMatchObject({ status: "ok" });
  expect((await audits(patient.id, "weight.record")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [WEIGHT_CODE] })]);

  actAs(derm);
  // The card says the limit while the course is paused, to the dermatologist who would resume it.
  const card = (await getPatientTreatment({ role: "DERMATOLOGIST" }, patient.id, TODAY)).courses;
  expect(card.map((c) => [c.status, c.doseLimits])).toEqual([["PAUSED", [{ limit: "DAILY_EQUIVALENT_ABOVE_1_MG_KG", message: CARD_LINE, from: null }]]]);
  return { patient, course };
}

describe("a weight recorded while a course is paused is checked against its dose, so putting the dose back asks nothing again", () => {
  it("resumed today at the 50 kg the weight form asked about: resumed without a question, the audit row naming no confirmation", async () => {
    const { patient, course } = await pausedCourseWeighedDown();
    const resume = { courseId: course.id, version: await courseVersion(course.id), transition: "RESUME", date: TODAY, reason: "Lips better" };
    expect(await transitionCourseAction(IDLE, form(resume))).toEqual({ status: "ok", message: "Course updated." });
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "ACTIVE" });
    expect(await db().coursePause.findFirstOrThrow({ where: { courseId: course.id } })).toMatchObject({ resumeDate: dayOf(TODAY) });
    expect((await audits(patient.id, "course.resume")).map((a) => a.changes)).toEqual([
      expect.not.objectContaining({ acknowledgedWarnings: expect.anything() }),
    ]);
  });

  it("its pause voided, the days from 3 Nov dosed again at the weights the weight form asked about: voided without a question", async () => {
    const { patient, course } = await pausedCourseWeighedDown();
    const pause = await db().coursePause.findFirstOrThrow({ where: { courseId: course.id } });
    // 3 Nov .. 12 Nov at 60 kg: 1.00, not above; from 13 Nov at 50 kg: 1.20, asked when the 50 kg was recorded.
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Pause recorded on the wrong course" }))).toMatchObject({
      status: "ok",
    });
    expect(await db().coursePause.findUniqueOrThrow({ where: { id: pause.id } })).toMatchObject({ voidedAt: expect.any(Date) });
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "ACTIVE" });
    expect((await audits(patient.id, "course.pause_void")).map((a) => a.changes)).toEqual([
      expect.not.objectContaining({ acknowledgedWarnings: expect.anything() }),
    ]);
  });
});

describe("a dose version voided during a pause is checked over the paused days", () => {
  it("40 mg from 8 Nov voided while paused since 3 Nov: 60 mg again, 1.20 mg/kg/day at the 50 kg of 13 Nov, asked as in force", async () => {
    const {
      patient,
      course: c,
      versions,
    } = await dosedCourse([
      [addDays(TODAY, -40), 60],
      [addDays(TODAY, -15), 40],
    ]);
    await db().coursePause.create({
      data: { courseId: c.id, startDate: dayOf(addDays(TODAY, -20)), reason: "Dry lips", createdById: c.dermatologistId },
    });
    await db().course.update({ where: { id: c.id }, data: { status: "PAUSED" } });
    await weightRow(patient.id, addDays(TODAY, -10), 50_000, c.dermatologistId);
    // 8 Nov .. 12 Nov at 60 kg: 1.00, not above; from 13 Nov at 50 kg: 1.20, every one of them paused days.
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Never reduced" }))).toMatchObject({
      status: "confirm",
      warnings: [
        {
          code: "DOSE_IN_FORCE_ABOVE_LIMIT",
          message: "From 13 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.",
        },
      ],
    });
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: versions[1]!.id } })).toMatchObject({ voidedAt: null });
  });
});
