import { describe, expect, it } from "vitest";
import { recordDispensingAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { voidContraceptionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { IDLE } from "@/lib/validation/action-result";
import { askedIn } from "./confirmations";
import { actAs, form, makeUser, testDb, TODAY } from "./helpers";
import { lineOf, prescriptionOf22Nov } from "./dispensing-line-fixture";
import { fresh } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A dispensed date is asked to be confirmed when a hold reached the prescription that day, as
 * the course card read it then: a void counts from the day it was made. A course started on 24 Oct; a prescription
 * of 22 Nov rests on the negative test of 21 Nov and on the contraception confirmed at the course's start; today
 * its test, or that contraception, is voided as entered in error, so its line reads "Do not dispense: …" from today.
 */
const FILL = "one fill: 60 × 20 mg capsules (30 days)";
const TEST_VOIDED = "the pregnancy test it relied on was entered in error";

/** A nurse records the prescription as dispensed on `dispensedOn`, confirming nothing. */
async function record(courseId: string, prescriptionId: string, dispensedOn: string) {
  actAs(await makeUser("NURSE"));
  const version = String((await fresh(courseId)).version);
  return recordDispensingAction(IDLE, form({ courseId, version, prescriptionId, dispensedOn }));
}

describe("a dispensed date checked against a void made on a later day", () => {
  it("its pregnancy test voided today: a fill of today is asked, a fill of yesterday is not", async () => {
    const { derm, course, test, rx } = await prescriptionOf22Nov();
    actAs(derm);
    expect(await correctLabResultAction(IDLE, form({ labResultId: test.id, reason: "Another patient's result" }))).toMatchObject({ status: "ok" });
    expect(await lineOf(course.patientId, rx.id)).toBe(`Do not dispense: ${TEST_VOIDED}`);

    expect(askedIn(await record(course.id, rx.id, TODAY)).map((w) => w.message)).toEqual([
      `On 23 Nov 2026 this prescription was held: "Do not dispense: ${TEST_VOIDED}". Confirm that the pharmacy dispensed it that day all the same.`,
    ]);
    expect(await record(course.id, rx.id, "2026-11-22")).toMatchObject({ status: "ok" });
    actAs(derm);
    expect(await lineOf(course.patientId, rx.id)).toBe(`Dispensed on 22 Nov 2026 · ${FILL}`);
  });

  it("the contraception it was written on voided today: held from today, not on the day before", async () => {
    const { derm, p, course, rx } = await prescriptionOf22Nov();
    const only = await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } });
    actAs(derm);
    const voided = await voidContraceptionAction(IDLE, form({ patientId: p.id, recordId: only.id, reason: "Entered for the wrong patient" }));
    expect(voided).toMatchObject({ status: "ok" });
    expect(await lineOf(p.id, rx.id)).toBe("Do not dispense: the contraception or counseling it was written on was entered in error");

    expect(askedIn(await record(course.id, rx.id, TODAY)).map((w) => w.message)).toEqual([
      expect.stringContaining("On 23 Nov 2026 this prescription was held"),
    ]);
    expect(await record(course.id, rx.id, "2026-11-22")).toMatchObject({ status: "ok" });
  });
});
