import { describe, expect, it } from "vitest";
import { startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordContraceptionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { recordContraception } from "@/lib/data/pregnancy-records";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, CLINICIAN, countRows, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { courseForm } from "./pregnancy-fixture";

/** A "two methods" contraception record names two different methods from the list (today: 23 Nov 2026). */
const today = TODAY;
const db = () => testDb();
const FIX = "Please correct the highlighted fields.";
const ONE_METHOD = "Choose the second method: two methods are needed (or record committed abstinence instead).";
const SAME_TWICE = "Choose two different methods: the same method twice is one method.";
const NO_FIRST = "Choose the first method from the list.";
const NOT_LISTED = "Choose a method from the list.";
const NO_CONTRACEPTION = "Contraception (two methods or committed abstinence) must be documented from 24 Oct 2026";
const NOT_CONFIRMED = "Record counseling with the contraception confirmed with the patient";

/** A patient who can become pregnant with the two negative tests a first prescription today needs. */
async function testedPatient() {
  const nurse = await makeUser("NURSE");
  const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
  await pregnancyTest(p.id, addDays(today, -25), nurse.id);
  await pregnancyTest(p.id, addDays(today, -2), nurse.id);
  return { nurse, p };
}

const contraception = (patientId: string, fields: Record<string, string>) =>
  recordContraceptionAction(IDLE, form({ patientId, method: "TWO_METHODS", startDate: addDays(today, -45), ...fields }));

describe("a contraception record of two methods", () => {
  it("naming one method, the same method twice or a method off the list is refused with the reason, and nothing is written", async () => {
    const { nurse, p } = await testedPatient();
    actAs(nurse);
    const before = await countRows();
    for (const [fields, field, message] of [
      // The field report: "Two methods" and only "pill" typed.
      [{ methods: "pill" }, "firstMethod", NO_FIRST],
      [{ firstMethod: "COMBINED_PILL" }, "secondMethod", ONE_METHOD],
      [{ firstMethod: "COMBINED_PILL", secondMethod: "" }, "secondMethod", ONE_METHOD],
      [{ firstMethod: "", secondMethod: "MALE_CONDOM" }, "firstMethod", NO_FIRST],
      [{ firstMethod: "COMBINED_PILL", secondMethod: "COMBINED_PILL" }, "secondMethod", SAME_TWICE],
      [{ firstMethod: "MALE_CONDOM", secondMethod: "MALE_CONDOM" }, "secondMethod", SAME_TWICE],
      [{ firstMethod: "pill", secondMethod: "MALE_CONDOM" }, "firstMethod", NOT_LISTED],
    ] as const) {
      expect(await contraception(p.id, fields)).toEqual({ status: "error", message: FIX, fieldErrors: { [field]: [message] }, values: expect.anything() });
    }
    // The data function holds to the same rule for every caller, and the table refuses the same method twice.
    const direct = { patientId: p.id, method: "TWO_METHODS" as const, startDate: addDays(today, -45) };
    await expect(recordContraception(nurse, { ...direct, firstMethod: "COMBINED_PILL", secondMethod: null }, today)).rejects.toThrow(ONE_METHOD);
    await expect(recordContraception(nurse, { ...direct, firstMethod: "IUD", secondMethod: "IUD" }, today)).rejects.toThrow(SAME_TWICE);
    await expect(
      db().contraceptionRecord.create({
        data: {
          ...direct,
          startDate: new Date(`${direct.startDate}T00:00:00Z`),
          methods: "x",
          firstMethod: "IUD",
          secondMethod: "IUD",
          recordedById: nurse.id,
        },
      }),
    ).rejects.toThrow(/contraception_records_two_methods_check/);
    await expect(
      db().contraceptionRecord.create({
        data: {
          patientId: p.id,
          method: "ABSTINENCE",
          methods: "x",
          firstMethod: "IUD",
          secondMethod: "MALE_CONDOM",
          startDate: new Date(),
          recordedById: nurse.id,
        },
      }),
    ).rejects.toThrow(/contraception_records_two_methods_check/);

    expect(await db().contraceptionRecord.count({ where: { patientId: p.id } })).toBe(0);
    expect(await countRows()).toEqual(before);
    // So the first prescription is still refused for want of contraception.
    actAs(await makeUser("DERMATOLOGIST"));
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today)))).toMatchObject({
      state: { fieldErrors: { pregnancy: [expect.stringContaining(NO_CONTRACEPTION), expect.stringContaining(NOT_CONFIRMED)] } },
    });
    expect(await db().course.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("two different methods from the list are saved with their names, and the first prescription is written as before", async () => {
    const { nurse, p } = await testedPatient();
    actAs(nurse);
    expect(await contraception(p.id, { firstMethod: "IUD", secondMethod: "MALE_CONDOM" })).toEqual({ status: "ok", message: "Contraception recorded." });
    const row = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    expect([row.method, row.firstMethod, row.secondMethod, row.methods]).toEqual([
      "TWO_METHODS",
      "IUD",
      "MALE_CONDOM",
      "Intrauterine device (IUD) + Male latex condom",
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "pregnancy.contraception", entityId: row.id } });
    expect([audit.patientId, audit.actorId]).toEqual([p.id, nurse.id]);
    expect(audit.changes).toEqual({ method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: "2026-10-09", ended: [] });
    const shown = (await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.contraception;
    expect(shown.map((c) => [c.methods, c.startDate, c.endDate])).toEqual([["Intrauterine device (IUD) + Male latex condom", "2026-10-09", null]]);

    actAs(await makeUser("DERMATOLOGIST"));
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { confirmedContraceptionId: row.id })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id }, include: { prescriptions: true } });
    expect(course.prescriptions.map((rx) => rx.dispenseBy?.toISOString().slice(0, 10))).toEqual(["2026-11-27"]);
  });

  it("committed abstinence names no method, even when methods were chosen before abstinence was", async () => {
    const { nurse, p } = await testedPatient();
    actAs(nurse);
    const answer = await contraception(p.id, { method: "ABSTINENCE", firstMethod: "IUD", secondMethod: "IUD" });
    expect(answer).toEqual({ status: "ok", message: "Contraception recorded." });
    const row = await db().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    expect([row.method, row.firstMethod, row.secondMethod, row.methods]).toEqual(["ABSTINENCE", null, null, "Committed abstinence"]);
  });

  it("a record made before the list keeps its text as typed and still counts", async () => {
    const { nurse, p } = await testedPatient();
    const typed = await db().contraceptionRecord.create({
      data: { patientId: p.id, method: "TWO_METHODS", methods: "pill", startDate: new Date("2026-10-09T00:00:00Z"), recordedById: nurse.id },
    });
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.contraception.map((c) => c.methods)).toEqual(["pill"]);
    actAs(await makeUser("DERMATOLOGIST"));
    // Confirmed with the patient at the first prescription's counseling, as any record is.
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, { confirmedContraceptionId: typed.id })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
  });
});
