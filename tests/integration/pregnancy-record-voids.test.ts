import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import {
  recordContraceptionAction,
  recordCounselingAction,
  voidContraceptionAction,
  voidCounselingAction,
} from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { voidContraceptionRecord, voidCounselingRecord } from "@/lib/data/void-pregnancy-record";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, countRows, form, makePatient, makeUser, pregnancyTest, readyForFirstPrescription, testDb, TODAY } from "./helpers";
import { courseForm, fresh, patientOnCourse, rxForm } from "./pregnancy-fixture";

/** Contraception and counseling entered in error, through the actions, on a real database (today: 23 Nov 2026). */
const today = TODAY;
const db = () => testDb();
const day = (n: number) => new Date(`${addDays(today, n)}T00:00:00Z`);
const VOIDED = { status: "ok", message: "Record marked as entered in error; it stays in the history, struck through, and counts for nothing." };
const ALREADY = "This entry was already corrected or voided, perhaps by someone else. Reload the page to see the latest entries.";
const DENIED = { status: "error", message: "You do not have permission to do this." };
const voidForm = (patientId: string, recordId: string, reason = "Entered for the wrong patient") => form({ patientId, recordId, reason });
/** The methods in words of records made with the pill, the ring or an IUD, each with a condom. */
const PILL = "Combined oral contraceptive pill + Male latex condom";
const RING = "Hormonal vaginal ring + Male latex condom";
const IUD = "Intrauterine device (IUD) + Male latex condom";

/** What a void may have written: the records' void columns, their end dates, and every audit row but refusals. */
async function written(patientId: string) {
  const [contraception, counseling, rows] = await Promise.all([
    db().contraceptionRecord.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    db().pregnancyCounseling.findMany({ where: { patientId }, orderBy: { id: "asc" } }),
    countRows(),
  ]);
  return { contraception, counseling, rows };
}

describe("a contraception record entered in error", () => {
  it("voided, the first prescription of a patient who can become pregnant is refused again; recorded anew, it is written", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    // Two tests and contraception from 45 days before: everything a first prescription today needs.
    await readyForFirstPrescription(p.id, today, derm.id);
    const only = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.summary).not.toContain("contraception not documented");

    actAs(nurse);
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, only.id))).toEqual(VOIDED);
    const row = await db().contraceptionRecord.findUniqueOrThrow({ where: { id: only.id } });
    expect([row.voidedById, row.voidReason, row.voidedAt !== null, row.endDate]).toEqual([nurse.id, "Entered for the wrong patient", true, null]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.contraception_void", entityId: only.id } });
    expect([audit.patientId, audit.actorId, audit.entityType]).toEqual([p.id, nurse.id, "ContraceptionRecord"]);
    expect(audit.changes).toEqual({
      reason: "Entered for the wrong patient",
      before: { method: "TWO_METHODS", startDate: "2026-10-09", endDate: null },
      endsGivenBack: [],
    });

    // It stays in the history, struck through with who, when and why; the status no longer counts it.
    const overview = (await getPregnancyOverview(CLINICIAN, p.id, today))!;
    expect(overview.clinical!.contraception).toEqual([
      expect.objectContaining({ id: only.id, voided: { on: today, by: "Test NURSE", reason: "Entered for the wrong patient" } }),
    ]);
    expect(overview.summary).toContain("contraception not documented");

    actAs(derm);
    const refused = await callAction(() => startCourseAction(IDLE, courseForm(p.id, today)));
    expect(refused).toMatchObject({
      state: {
        status: "error",
        fieldErrors: {
          pregnancy: [
            "Contraception (two methods or committed abstinence) must be documented from 24 Oct 2026, 30 days before the first prescription; none is documented.",
            "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 23 Nov 2026.",
          ],
        },
      },
    });
    expect(await db().course.count({ where: { patientId: p.id } })).toBe(0);
    // Nor can the voided record be confirmed with the patient.
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { confirmedContraceptionId: only.id })))).toMatchObject({
      state: { status: "error", fieldErrors: { confirmedContraceptionId: [expect.stringContaining("marked as entered in error")] } },
    });

    // The correction: the record entered anew, confirmed at the first prescription's counseling.
    actAs(nurse);
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, method: "ABSTINENCE", startDate: addDays(today, -40) }))).toMatchObject({
      status: "ok",
    });
    const anew = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    actAs(derm);
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { confirmedContraceptionId: anew.id })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
  });

  it("the records it ended take back its end, as if it had never been recorded; a voided record no longer holds back an earlier start", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    actAs(nurse);
    const record = (firstMethod: string, n: number) =>
      recordContraceptionAction(IDLE, form({ patientId: p.id, method: "TWO_METHODS", firstMethod, secondMethod: "MALE_CONDOM", startDate: addDays(today, n) }));
    for (const [firstMethod, n] of [
      ["COMBINED_PILL", -200],
      ["VAGINAL_RING", -100],
      ["IUD", -50],
    ] as const)
      expect(await record(firstMethod, n)).toMatchObject({ status: "ok" });
    const byMethods = async () =>
      Object.fromEntries(
        (await db().contraceptionRecord.findMany({ where: { patientId: p.id } })).map((r) => [
          r.methods,
          [r.endDate?.toISOString().slice(0, 10) ?? null, r.voidedAt !== null],
        ]),
      );
    expect(await byMethods()).toEqual({
      [PILL]: ["2026-08-14", false],
      [RING]: ["2026-10-03", false],
      [IUD]: [null, false],
    });
    const ring = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, methods: RING } });
    const iud = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, methods: IUD } });

    // The ring never replaced the pill: the pill runs to the day before the IUD, as it would have.
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, ring.id, "Wrong methods"))).toEqual({
      status: "ok",
      message: `${VOIDED.message} The record it had replaced covers its dates again: record the contraception in use if that is not right.`,
    });
    expect(await byMethods()).toEqual({
      [PILL]: ["2026-10-03", false],
      [RING]: ["2026-10-03", true],
      [IUD]: [null, false],
    });
    const pill = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, methods: PILL } });
    expect((await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.contraception_void", entityId: ring.id } })).changes).toMatchObject({
      endsGivenBack: [{ id: pill.id, endDate: { from: "2026-08-14", to: "2026-10-03" } }],
    });
    // Wrong start date: the IUD was started 10 days earlier. Its record in use refuses an earlier start until voided.
    expect(await record("IUD", -60)).toMatchObject({ fieldErrors: { startDate: [expect.stringContaining("already starts")] } });
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, iud.id, "Wrong start date"))).toMatchObject({ status: "ok" });
    expect((await byMethods())[PILL]).toEqual([null, false]);
    expect(await record("IUD", -60)).toMatchObject({ status: "ok" });
    const rows = await db().contraceptionRecord.findMany({ where: { patientId: p.id, voidedAt: null }, orderBy: { startDate: "asc" } });
    expect(rows.map((r) => [r.methods, r.startDate.toISOString().slice(0, 10), r.endDate?.toISOString().slice(0, 10) ?? null])).toEqual([
      [PILL, "2026-05-07", "2026-09-23"],
      [IUD, "2026-09-24", null],
    ]);
  });
});

describe("a counseling entered in error", () => {
  it("voided, the next prescription is refused for want of this month's counseling and confirmation; counseled anew, it is written", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -40));
    await pregnancyTest(p.id, addDays(today, -2), derm.id);
    actAs(derm);
    const counseled = (confirmationNumber: string) =>
      recordCounselingAction(IDLE, form({ patientId: p.id, counseledOn: addDays(today, -3), confirmationNumber, ...confirm }));
    expect(await counseled("R-1234")).toMatchObject({ status: "ok" });
    const counseling = await db().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id, counseledOn: day(-3) } });
    expect(await voidCounselingAction(IDLE, voidForm(p.id, counseling.id, "Wrong REMS confirmation number"))).toEqual(VOIDED);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.counseling_void", entityId: counseling.id } });
    expect([audit.patientId, audit.actorId, audit.changes]).toEqual([
      p.id,
      derm.id,
      { reason: "Wrong REMS confirmation number", before: { counseledOn: "2026-11-20", confirmedContraceptionId: confirm.confirmedContraceptionId } },
    ]);
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.counseling[0]).toMatchObject({
      id: counseling.id,
      confirmationNumber: "R-1234",
      voided: { on: today, by: "Test DERMATOLOGIST", reason: "Wrong REMS confirmation number" },
    });

    // A prescription without counseling at its visit: only the voided counseling would have served it.
    const withoutCounseling = { counseled: "" };
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, withoutCounseling))).toMatchObject({
      status: "error",
      fieldErrors: {
        pregnancy: [
          "Counseling in the 30 days before this prescription is not recorded (last on 14 Oct 2026).",
          "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription " +
            "confirmed contraception in use on 23 Nov 2026 (last confirmed on 14 Oct 2026).",
        ],
      },
    });
    expect(await db().prescription.count({ where: { courseId: course.id } })).toBe(1);
    expect(await counseled("R-4321")).toMatchObject({ status: "ok" });
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, withoutCounseling))).toMatchObject({ status: "ok" });
  });
});

describe("who may void, and what is refused", () => {
  it("a role that may not record a record may not void it: refused, recorded as an attempt, nothing written", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await readyForFirstPrescription(p.id, today, derm.id);
    const contraception = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    const counseling = await db().pregnancyCounseling.create({ data: { patientId: p.id, counseledOn: day(-1), recordedById: derm.id } });
    const attempts = () => db().auditEvent.count({ where: { action: "access.denied" } });
    const users = { NURSE: await makeUser("NURSE"), STAFF: await makeUser("STAFF"), ADMIN: await makeUser("ADMIN") };
    const before = await written(p.id);
    const cases = [
      ["NURSE", voidCounselingAction, counseling.id],
      ["STAFF", voidCounselingAction, counseling.id],
      ["STAFF", voidContraceptionAction, contraception.id],
      ["ADMIN", voidContraceptionAction, contraception.id],
    ] as const;
    for (const [role, action, id] of cases) {
      actAs(users[role]);
      const denied = await attempts();
      expect(await action(IDLE, voidForm(p.id, id)), role).toEqual(DENIED);
      expect(await attempts(), role).toBe(denied + 1);
    }
    // The data functions refuse the same roles themselves, whoever calls them.
    await expect(voidCounselingRecord({ id: derm.id, role: "NURSE" }, { patientId: p.id, recordId: counseling.id, reason: "x".repeat(5) })).rejects.toThrow(
      "Only a dermatologist can void a counseling record.",
    );
    await expect(
      voidContraceptionRecord({ id: derm.id, role: "STAFF" }, { patientId: p.id, recordId: contraception.id, reason: "x".repeat(5) }),
    ).rejects.toThrow("Only a nurse or a dermatologist can void a contraception record.");
    expect(await written(p.id)).toEqual(before);
  });

  it("a second void, a missing or short reason, an unknown id, another patient's record: a clear message and nothing written", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const other = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await readyForFirstPrescription(p.id, today, derm.id);
    await readyForFirstPrescription(other.id, today, derm.id);
    const mine = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    const theirs = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: other.id } });
    const theirCounseling = await db().pregnancyCounseling.create({ data: { patientId: other.id, counseledOn: day(-1), recordedById: derm.id } });
    actAs(derm);
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, mine.id))).toEqual(VOIDED);
    const before = [await written(p.id), await written(other.id)];

    expect(await voidContraceptionAction(IDLE, voidForm(p.id, mine.id, "Again"))).toMatchObject({ status: "error", message: ALREADY });
    expect(await voidContraceptionAction(IDLE, form({ patientId: p.id, recordId: theirs.id }))).toMatchObject({
      status: "error",
      fieldErrors: { reason: ["Enter a reason."] },
    });
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, theirs.id, "  ab "))).toMatchObject({
      fieldErrors: { reason: ["Enter a reason of at least 3 characters."] },
    });
    expect(await voidCounselingAction(IDLE, voidForm("not-an-id", theirCounseling.id))).toMatchObject({ fieldErrors: { patientId: ["Not a valid id."] } });
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, randomUUID()))).toMatchObject({
      status: "error",
      message: "That contraception record is not on this patient's file. Reload the page to see the latest entries.",
    });
    // Another patient's record named with this patient: not found here, and left as it is.
    expect(await voidContraceptionAction(IDLE, voidForm(p.id, theirs.id))).toMatchObject({
      status: "error",
      message: "That contraception record is not on this patient's file. Reload the page to see the latest entries.",
    });
    expect(await voidCounselingAction(IDLE, voidForm(p.id, theirCounseling.id))).toMatchObject({
      status: "error",
      message: "That counseling record is not on this patient's file. Reload the page to see the latest entries.",
    });
    expect(await voidCounselingAction(IDLE, voidForm(randomUUID(), theirCounseling.id))).toMatchObject({
      status: "error",
      message: "That patient no longer exists.",
    });
    expect([await written(p.id), await written(other.id)]).toEqual(before);
    expect(await db().auditEvent.count({ where: { action: "pregnancy.contraception_void", entityId: mine.id } })).toBe(1);
  });

  it("the void and its audit row commit together: when the audit row cannot be written, nothing is voided and no end is given back", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    actAs(nurse);
    for (const [firstMethod, n] of [
      ["COMBINED_PILL", -200],
      ["IUD", -50],
    ] as const)
      expect(
        await recordContraceptionAction(
          IDLE,
          form({ patientId: p.id, method: "TWO_METHODS", firstMethod, secondMethod: "MALE_CONDOM", startDate: addDays(today, n) }),
        ),
      ).toMatchObject({ status: "ok" });
    const iud = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id, methods: IUD } });
    const before = await written(p.id);
    const key = process.env.AUDIT_HMAC_KEY;
    delete process.env.AUDIT_HMAC_KEY;
    try {
      await expect(voidContraceptionRecord(nurse, { patientId: p.id, recordId: iud.id, reason: "Wrong patient" })).rejects.toThrow(/AUDIT_HMAC_KEY/);
    } finally {
      process.env.AUDIT_HMAC_KEY = key;
    }
    expect(await written(p.id)).toEqual(before);
    expect(await voidContraceptionRecord(nurse, { patientId: p.id, recordId: iud.id, reason: "Wrong patient" })).toEqual({ givenBack: 1 });
    expect(await db().auditEvent.count({ where: { action: "pregnancy.contraception_void", entityId: iud.id } })).toBe(1);
  });
});
