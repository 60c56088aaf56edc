import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { addDays } from "@/lib/domain/dates";
import { refreshAllDerivedData } from "@/lib/data/daily-refresh";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makePatient, makeUser, pregnancyTest, readyForFirstPrescription, testDb, TODAY } from "./helpers";
import { startCourseFor } from "./course-fixture";
import { rxForm } from "./pregnancy-fixture";

const today = TODAY; // 2026-11-23
const db = () => testDb();
const VOIDED = { status: "ok", message: "Entry marked as entered in error." };

describe("a pregnancy test entered in error", () => {
  it("only a dermatologist may void a positive test; once voided it no longer blocks prescribing", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const start = addDays(today, -30);
    const confirm = await readyForFirstPrescription(p.id, start, derm.id);
    await startCourseFor(p.id, { startDate: start, startWeightKg: "60", refills: "0", mgPerIntake: "40", ...confirm });
    await pregnancyTest(p.id, addDays(today, -4), derm.id);
    const positive = await pregnancyTest(p.id, addDays(today, -2), derm.id, "POSITIVE");
    // The stored items are recomputed by a write; the helper inserts the tests directly.
    await refreshAllDerivedData(db(), today);
    const course = () => db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const rx = async () => writePrescriptionAction(IDLE, rxForm(await course(), today, confirm));
    expect(await rx()).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: expect.arrayContaining([expect.stringContaining("no documented dermatologist decision")]) },
    });
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id, kind: "PREG_REVIEW" } })).toBe(1);

    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const before = await countRows();
    expect(await correctLabResultAction(IDLE, form({ labResultId: positive.id, reason: "Entered on the wrong patient" }))).toEqual({
      status: "error",
      message: "Only a dermatologist can void or correct a pregnancy test result.",
      values: { labResultId: positive.id, reason: "Entered on the wrong patient" },
    });
    expect(await countRows()).toEqual(before);
    expect((await db().labResult.findUniqueOrThrow({ where: { id: positive.id } })).voidedAt).toBeNull();

    actAs(derm);
    expect(await correctLabResultAction(IDLE, form({ labResultId: positive.id, reason: "Entered on the wrong patient" }))).toEqual(VOIDED);
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id, kind: "PREG_REVIEW" } })).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.void" } });
    expect([audit.actorId, audit.actorRole, audit.entityId, audit.changes]).toEqual([
      derm.id,
      "DERMATOLOGIST",
      positive.id,
      { reason: "Entered on the wrong patient", code: "2106-3", before: { specimenDate: "2026-11-21", value: "POSITIVE", flag: "CRITICAL" } },
    ]);
    // The negative laboratory test four days ago is within the 7-day window: prescribing is allowed again.
    expect(await rx()).toMatchObject({ status: "ok" });
  });
});

describe("a pregnancy test recorded twice", () => {
  it("is not corrected while a decision rests on its copy, which the correction would void with it", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    // A positive test, then the same result recorded again, naming it; the decision is documented on the copy.
    const positive = await pregnancyTest(p.id, addDays(today, -2), derm.id, "POSITIVE");
    const copy = await pregnancyTest(p.id, addDays(today, -2), derm.id, "POSITIVE");
    await db().labResult.update({ where: { id: copy.id }, data: { duplicateOfId: positive.id } });
    const decided = await recordPregnancyDecisionAction(
      IDLE,
      form({ patientId: p.id, labResultId: copy.id, outcome: "PREGNANCY_CONFIRMED", reason: "Serum hCG and ultrasound" }),
    );
    expect(decided).toMatchObject({ status: "ok" });

    const before = await countRows();
    expect(await correctLabResultAction(IDLE, form({ labResultId: positive.id, value: "NEGATIVE", reason: "Misread" }))).toMatchObject({
      status: "error",
      message: "A decision is documented on this pregnancy test, so it cannot be voided or corrected.",
    });
    expect(await countRows()).toEqual(before);
    expect(await db().labResult.count({ where: { patientId: p.id, voidedAt: null } })).toBe(2);
  });
});
