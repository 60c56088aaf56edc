import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { recordContraceptionAction, recordCounselingAction, voidContraceptionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { getPretreatmentChecklist } from "@/lib/data/pretreatment-checklist";
import { addDays } from "@/lib/domain/dates";
import type { PretreatmentChecklist } from "@/lib/domain/pregnancy/pretreatment";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { courseForm, fresh, patientOnCourse } from "./pregnancy-fixture";

/**
 * "Before the first prescription" read from the real database: a new patient who can become pregnant, then
 * each record added through the forms' own actions, the checklist read again after each. Today is 23 Nov
 * 2026: the 2026 iPLEDGE modification, default settings (19 days between the tests, a 7-day window,
 * contraception from 30 days before, counseling in the 30 days before, a 60-day lookback).
 */
const today = TODAY;
const forbidden = { code: "FORBIDDEN", message: "You do not have permission to see this." };
const NURSE = { role: "NURSE" as const };

const read = async (patientId: string) => (await getPretreatmentChecklist(CLINICIAN, patientId, today))!;
/** Each line as [key, done, date, earliest], and the earliest first prescription. */
const ticks = (c: PretreatmentChecklist) => ({ lines: c.lines.map((l) => [l.key, l.done, l.date, l.earliest]), ready: c.ready, earliest: c.earliest });

async function negativeTest(patientId: string, specimenDate: string) {
  const hcg = await testDb().labTest.findFirstOrThrow({ where: { code: "2106-3" } });
  const saved = await recordLabPanelAction(
    IDLE,
    form({ patientId, submissionId: randomUUID(), specimenDate, pregnancyTestSetting: "LAB", [`value:${hcg.id}`]: "NEGATIVE" }),
  );
  expect(saved).toMatchObject({ status: "ok" });
}

describe("the checklist before a first prescription", () => {
  it("ticks each line as the nurse and the dermatologist record it, as the course start's own check refuses and then allows it", async () => {
    const [derm, nurse] = [await makeUser("DERMATOLOGIST"), await makeUser("NURSE")];
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const audits = () => testDb().auditEvent.count({ where: { patientId: p.id } });

    const before = await audits();
    expect(ticks(await read(p.id))).toEqual({
      lines: [
        ["SCREENING_TEST", false, null, null],
        ["CONFIRMATION_TEST", false, null, "2026-12-12"],
        ["CONTRACEPTION", false, null, "2026-12-23"],
        ["COUNSELING", false, null, null],
        ["CONTRACEPTION_CONFIRMED", false, null, null],
      ],
      ready: false,
      earliest: "2026-12-23",
    });
    // Reading writes nothing, no audit row either (the page's view record is the page's).
    expect(await audits()).toBe(before);
    expect(await getPretreatmentChecklist(NURSE, p.id, today)).toEqual(await read(p.id));

    actAs(nurse);
    await negativeTest(p.id, "2026-10-30");
    expect(ticks(await read(p.id)).lines.slice(0, 2)).toEqual([
      ["SCREENING_TEST", true, "2026-10-30", null],
      // 19 days after 30 Oct is 18 Nov: a test today would do.
      ["CONFIRMATION_TEST", false, null, today],
    ]);

    expect(
      await recordContraceptionAction(
        IDLE,
        form({ patientId: p.id, method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: "2026-11-05" }),
      ),
    ).toMatchObject({ status: "ok" });
    // From 5 Nov it counts from then: not before 5 Dec.
    expect(ticks(await read(p.id))).toEqual({
      lines: [
        ["SCREENING_TEST", true, "2026-10-30", null],
        ["CONFIRMATION_TEST", false, null, today],
        ["CONTRACEPTION", false, null, "2026-12-05"],
        ["COUNSELING", false, null, null],
        ["CONTRACEPTION_CONFIRMED", false, null, null],
      ],
      ready: false,
      earliest: "2026-12-05",
    });
    expect((await read(p.id)).lines[2]!.detail).toBe(
      "Documented from 5 Nov 2026: it counts from that day, so a first prescription could be written from 5 Dec 2026.",
    );

    // Entered in error: in use since 1 Oct. The record is voided and recorded again.
    const wrong = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    expect(await voidContraceptionAction(IDLE, form({ patientId: p.id, recordId: wrong.id, reason: "Wrong start date" }))).toMatchObject({ status: "ok" });
    expect(ticks(await read(p.id)).lines[2]).toEqual(["CONTRACEPTION", false, null, "2026-12-23"]);
    expect(
      await recordContraceptionAction(
        IDLE,
        form({ patientId: p.id, method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: "2026-10-01" }),
      ),
    ).toMatchObject({ status: "ok" });
    expect(ticks(await read(p.id)).lines[2]).toEqual(["CONTRACEPTION", true, "2026-10-01", null]);

    await negativeTest(p.id, "2026-11-21");
    const tested = await read(p.id);
    expect(tested.lines[1]).toMatchObject({
      done: true,
      date: "2026-11-21",
      detail: "Collected on 21 Nov 2026 in a laboratory, 22 days after the screening test; a first prescription may be written through 27 Nov 2026.",
    });
    expect(tested).toMatchObject({ ready: false, earliest: today });

    // Only the counseling and the confirmation are missing: the course start's own check refuses for them alone, with the checklist's words.
    actAs(derm);
    const refused = await startCourseAction(IDLE, courseForm(p.id, today, { counseled: "" }));
    expect(refused).toMatchObject({ status: "error", fieldErrors: { pregnancy: [...tested.lines[3]!.reasons, ...tested.lines[4]!.reasons] } });
    expect(tested.lines[3]!.reasons).toEqual(["Counseling in the 30 days before this prescription is not recorded."]);
    expect(tested.lines[4]!.reasons).toEqual([
      "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 23 Nov 2026.",
    ]);

    // Counseled without the contraception confirmed: the confirmation alone is missing.
    expect(await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: today, confirmationNumber: "" }))).toMatchObject({ status: "ok" });
    const counseled = await read(p.id);
    expect(ticks(counseled).lines.slice(3)).toEqual([
      ["COUNSELING", true, today, null],
      ["CONTRACEPTION_CONFIRMED", false, null, null],
    ]);
    expect(await startCourseAction(IDLE, courseForm(p.id, today, { counseled: "" }))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: counseled.lines[4]!.reasons },
    });

    const inUse = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    const confirmed = form({ patientId: p.id, counseledOn: today, confirmationNumber: "", confirmedContraceptionId: inUse.id });
    expect(await recordCounselingAction(IDLE, confirmed)).toMatchObject({ status: "ok" });
    expect(ticks(await read(p.id))).toEqual({
      lines: [
        ["SCREENING_TEST", true, "2026-10-30", null],
        ["CONFIRMATION_TEST", true, "2026-11-21", null],
        ["CONTRACEPTION", true, "2026-10-01", null],
        ["COUNSELING", true, today, null],
        ["CONTRACEPTION_CONFIRMED", true, today, null],
      ],
      ready: true,
      earliest: today,
    });

    // Every line ticked: the course starts. While it is in progress there is no checklist.
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { counseled: "" })))).toEqual({ redirect: `/patients/${p.id}` });
    expect(await getPretreatmentChecklist(CLINICIAN, p.id, today)).toBeNull();
  });

  it("after a course has ended, a new course needs the tests, the contraception lead, the counseling and the confirmation again", async () => {
    // Started 60 days ago on tests of 85 and 62 days ago, contraception from 105 days ago, counseled that day.
    const { derm, p, course } = await patientOnCourse(addDays(today, -60));
    expect(await getPretreatmentChecklist(CLINICIAN, p.id, today)).toBeNull();
    actAs(derm);
    const stop = form({
      courseId: course.id,
      version: String((await fresh(course.id)).version),
      transition: "STOP",
      date: addDays(today, -3),
      reason: "Clear skin",
    });
    expect(await transitionCourseAction(IDLE, stop)).toMatchObject({ status: "ok" });
    const c = await read(p.id);
    expect(c.newCourse).toBe(true);
    // The tests of 85 and 62 days ago are past the 60-day lookback; the counseling of 60 days ago, and its confirmation, past 30.
    expect(ticks(c)).toEqual({
      lines: [
        ["SCREENING_TEST", false, null, null],
        ["CONFIRMATION_TEST", false, null, "2026-12-12"],
        ["CONTRACEPTION", true, "2026-08-10", null],
        ["COUNSELING", false, null, null],
        ["CONTRACEPTION_CONFIRMED", false, null, null],
      ],
      ready: false,
      earliest: "2026-12-12",
    });
  });

  it("office staff and administrators are refused; a patient who cannot become pregnant has none", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    for (const role of ["STAFF", "ADMIN"] as const) await expect(getPretreatmentChecklist({ role }, p.id, today)).rejects.toMatchObject(forbidden);
    const cannot = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    expect(await getPretreatmentChecklist(CLINICIAN, cannot.id, today)).toBeNull();
    expect(await getPretreatmentChecklist(CLINICIAN, randomUUID(), today)).toBeNull();
  });
});
