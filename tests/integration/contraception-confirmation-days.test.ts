import { describe, expect, it } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordContraceptionAction, recordCounselingAction, voidCounselingAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { confirmationText } from "@/app/(portal)/patients/[patientId]/_components/pregnancy-section";
import { confirmableContraception } from "@/lib/data/contraception-confirmation";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { addDays } from "@/lib/domain/dates";
import { confirmationAsked, contraceptionInUseOn } from "@/lib/domain/pregnancy";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, countRows, form, makePatient, makeUser, pregnancyTest, readyForFirstPrescription, testDb, TODAY } from "./helpers";
import { courseForm, fresh, patientOnCourse, rxForm } from "./pregnancy-fixture";

/**
 * The confirmation of the contraception in use, on the day it was given and on the day a form is dated, and what
 * the audit rows of prescriptions record of it, on a real database (today: 23 Nov 2026).
 */
const today = TODAY;
const db = () => testDb();
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const NOT_CONFIRMED =
  "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 23 Nov 2026";

describe("a confirmation counts only of a record in use on the counseling's day, however it was written", () => {
  it("a counseling row written outside the forms that confirmed a record before it started confirms nothing: the prescription is refused, then written once it is confirmed in use", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(today, -40));
    await pregnancyTest(p.id, addDays(today, -2), derm.id);
    // Pill and condom from 18 Nov (the record of the course's start ends on 17 Nov).
    actAs(await makeUser("NURSE"));
    const pill = { method: "TWO_METHODS", firstMethod: "COMBINED_PILL", secondMethod: "MALE_CONDOM", startDate: addDays(today, -5) };
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, ...pill }))).toMatchObject({ status: "ok" });
    const record = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, startDate: day(addDays(today, -5)) } });
    // As an import would write it: counseled on 13 Nov, confirming the pill record that starts on 18 Nov.
    const imported = await db().pregnancyCounseling.create({
      data: { patientId: p.id, counseledOn: day(addDays(today, -10)), confirmedContraceptionId: record.id, recordedById: derm.id },
    });
    actAs(derm);
    const before = await countRows();
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, { counseled: "" }))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [`${NOT_CONFIRMED} (the contraception confirmed on 13 Nov 2026 was not in use on that day).`] },
    });
    expect(await countRows()).toEqual(before);

    // Confirmed on 20 Nov, in use: the prescription is written, and its audit row names that counseling.
    const counseled = form({ patientId: p.id, counseledOn: addDays(today, -3), confirmationNumber: "", confirmedContraceptionId: record.id });
    expect(await recordCounselingAction(IDLE, counseled)).toMatchObject({ status: "ok" });
    const confirming = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id, counseledOn: day(addDays(today, -3)) } });
    expect(confirming.id).not.toBe(imported.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, { counseled: "" }))).toMatchObject({ status: "ok" });
    const rx = await db().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "prescription.create", entityId: rx.id } });
    expect(audit.changes).toMatchObject({ counselingId: null, confirmedContraceptionId: null, confirmingCounselingId: confirming.id });
  });
});

describe("the counseling list says when the record a counseling confirmed was not in use on its day", () => {
  const listed = async (patientId: string) =>
    (await getPregnancyOverview(CLINICIAN, patientId, today))!.clinical!.counseling.map((k) => [k.counseledOn, confirmationText("CAN_BECOME_PREGNANT", k)]);
  const PILL = "Combined oral contraceptive pill + Male latex condom";
  const pillFrom = (startDate: string) => ({ method: "TWO_METHODS", firstMethod: "COMBINED_PILL", secondMethod: "MALE_CONDOM", startDate });

  it("a row written outside the forms that confirmed a record before it started: listed as confirming a record not in use that day", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, ...pillFrom(addDays(today, -5)) }))).toMatchObject({ status: "ok" });
    const record = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    await db().pregnancyCounseling.create({
      data: { patientId: p.id, counseledOn: day(addDays(today, -10)), confirmedContraceptionId: record.id, recordedById: derm.id },
    });
    expect(await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: today, confirmedContraceptionId: record.id }))).toMatchObject({
      status: "ok",
    });
    expect(await listed(p.id)).toEqual([
      [today, ` · contraception confirmed: ${PILL}`],
      [addDays(today, -10), ` · contraception confirmed: ${PILL} (that record was not in use on that day)`],
    ]);
  });

  it("a record ended before the counseling's day by a later record back-dated before it: its confirmation is listed as of a record not in use that day", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, ...pillFrom(addDays(today, -8)) }))).toMatchObject({ status: "ok" });
    const pill = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    expect(await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: addDays(today, -3), confirmedContraceptionId: pill.id }))).toMatchObject({
      status: "ok",
    });
    // Abstinence since 16 Nov, entered now: the pill's record ends on 15 Nov, before the counseling of 20 Nov.
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, method: "ABSTINENCE", startDate: addDays(today, -7) }))).toMatchObject({
      status: "ok",
    });
    expect(await listed(p.id)).toEqual([[addDays(today, -3), ` · contraception confirmed: ${PILL} (that record was not in use on that day)`]]);
  });
});

describe("the audit row of a prescription names the counseling whose confirmation let it through", () => {
  it("the counseling recorded with it, when that one confirmed the contraception in use", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    await pregnancyTest(p.id, addDays(today, -2), derm.id);
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
    const rx = await db().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    const withIt = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id, counseledOn: day(today) } });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "prescription.create", entityId: rx.id } });
    expect(audit.changes).toMatchObject({
      counselingId: withIt.id,
      confirmedContraceptionId: confirm.confirmedContraceptionId,
      confirmingCounselingId: withIt.id,
    });
  });

  it("none for a patient who cannot become pregnant, whom no confirmation is asked of", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today)))).toEqual({ redirect: `/patients/${p.id}` });
    const counseling = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id } });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "course.start", patientId: p.id } });
    expect(audit.changes).toMatchObject({ counselingId: counseling.id, confirmedContraceptionId: null, confirmingCounselingId: null });
  });
});

describe("the audit row of a counseling's void repeats what it confirmed", () => {
  it("none, for a counseling that confirmed nothing", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    expect(await recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: today, confirmationNumber: "" }))).toMatchObject({ status: "ok" });
    const k = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id } });
    expect(await voidCounselingAction(IDLE, form({ patientId: p.id, recordId: k.id, reason: "Entered for the wrong patient" }))).toMatchObject({
      status: "ok",
    });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.counseling_void", entityId: k.id } });
    expect(audit.changes).toEqual({ reason: "Entered for the wrong patient", before: { counseledOn: today, confirmedContraceptionId: null } });
  });
});

describe("the forms ask for the confirmation by the category of the day they are dated", () => {
  /** She could become pregnant from 1 Jan; a category documented from 16 Nov says she cannot (today's). */
  async function cannotSince16Nov() {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    await db().pregnancyCategoryChange.createMany({
      data: [
        { patientId: p.id, category: "CAN_BECOME_PREGNANT", effectiveFrom: day("2026-01-01"), reason: "Registration" },
        { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day("2026-11-16"), reason: "Hysterectomy", changedById: derm.id },
      ],
    });
    return { derm, p };
  }

  it("the offer carries her live records and her category over time, whatever her category today", async () => {
    const { derm, p } = await cannotSince16Nov();
    const { confirmedContraceptionId } = await readyForFirstPrescription(p.id, "2026-11-10", derm.id);
    await db().contraceptionRecord.create({
      data: {
        ...{ patientId: p.id, method: "ABSTINENCE", methods: "Committed abstinence", startDate: day("2026-11-12"), recordedById: derm.id },
        ...{ voidedAt: new Date(), voidedById: derm.id, voidReason: "Wrong patient" },
      },
    });
    const offer = confirmableContraception(await getPregnancyOverview(CLINICIAN, p.id, today))!;
    expect(offer.records.map((r) => [r.id, r.startDate, r.endDate])).toEqual([[confirmedContraceptionId, "2026-09-26", null]]);
    expect(offer.categories).toEqual([
      { category: "CAN_BECOME_PREGNANT", from: "2026-01-01" },
      { category: "CANNOT_BECOME_PREGNANT", from: "2026-11-16" },
    ]);
    expect([today, "2026-11-16", "2026-11-15", "2026-11-10"].map((d) => confirmationAsked(offer, "COUNSELING", d, today))).toEqual([false, false, true, true]);
    expect(confirmationAsked(offer, "PRESCRIPTION", "2026-11-10", today)).toBe(true);
    // Office staff read no records: nothing is offered.
    expect(confirmableContraception(await getPregnancyOverview({ role: "STAFF" }, p.id, today))).toBeNull();
    // A patient with no category history counts as her category since always.
    const plain = await makePatient({ pregnancyCategory: "CANNOT_BECOME_PREGNANT" });
    const none = confirmableContraception(await getPregnancyOverview(CLINICIAN, plain.id, today))!;
    expect(none).toEqual({ records: [], categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "0001-01-01" }] });
    expect(confirmationAsked(none, "PRESCRIPTION", "2026-11-10", today)).toBe(false);
  });

  it("a course started on a day she could become pregnant, entered now she cannot: refused without the confirmation, started with the one its form offers", async () => {
    const { derm, p } = await cannotSince16Nov();
    const start = "2026-11-10";
    await readyForFirstPrescription(p.id, start, derm.id);
    const offer = confirmableContraception(await getPregnancyOverview(CLINICIAN, p.id, today))!;
    expect(confirmationAsked(offer, "PRESCRIPTION", start, today)).toBe(true);
    const offered = contraceptionInUseOn(offer.records, start)!;
    const before = await countRows();
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start)))).toMatchObject({
      state: {
        status: "error",
        fieldErrors: {
          pregnancy: [
            "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription " +
              "confirmed contraception in use on 10 Nov 2026.",
          ],
        },
      },
    });
    expect(await countRows()).toEqual(before);
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start, { confirmedContraceptionId: offered.id })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
    const counseling = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id } });
    expect([counseling.counseledOn.toISOString().slice(0, 10), counseling.confirmedContraceptionId]).toEqual([start, offered.id]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "course.start", patientId: p.id } });
    expect(audit.changes).toMatchObject({ counselingId: counseling.id, confirmedContraceptionId: offered.id, confirmingCounselingId: counseling.id });
  });
});
