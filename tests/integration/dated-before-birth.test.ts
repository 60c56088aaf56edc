import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction, correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getImportPreview } from "@/lib/data/import-batches";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { staged } from "./import-helpers";

// A weight is measured on the patient and a specimen taken from them: neither is dated before the day they were
// born (1990 typed for 2026). Hand entry, its correction to another date, and a migration file's row are refused
// with the reason, and nothing is written.

const db = () => testDb();
const BORN = "2003-06-15";
const BEFORE_BIRTH = "The date is before the patient's date of birth (15 Jun 2003).";
const D3 = addDays(TODAY, -3);

async function bornIn2003() {
  const p = await makePatient();
  return db().patient.update({ where: { id: p.id }, data: { dateOfBirth: new Date(`${BORN}T00:00:00Z`) } });
}
const weights = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId }, orderBy: { enteredAt: "asc" } })).map((w) => [
    w.measuredOn.toISOString().slice(0, 10),
    w.weightGrams,
    w.voidedAt === null,
  ]);
const weightRows = () => db().weightMeasurement.count();
const alt = () => db().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
const panel = async (patientId: string, specimenDate: string, value: string) =>
  recordLabPanelAction(IDLE, form({ patientId, submissionId: randomUUID(), specimenDate, [`value:${(await alt()).id}`]: value }));

describe("a weight dated before the patient's birth", () => {
  it("is refused on its date when entered, and saved on the day of birth itself", async () => {
    actAs(await makeUser("NURSE"));
    const p = await bornIn2003();
    const [before, rows] = [await countRows(), await weightRows()];
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "1990-01-01", weightKg: "60" }))).toMatchObject({
      status: "error",
      fieldErrors: { measuredOn: [BEFORE_BIRTH] },
      values: { measuredOn: "1990-01-01", weightKg: "60" },
    });
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2003-06-14", weightKg: "20" }))).toMatchObject({
      status: "error",
      fieldErrors: { measuredOn: [BEFORE_BIRTH] },
    });
    expect([await countRows(), await weightRows()]).toEqual([before, rows]);
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: BORN, weightKg: "20" }))).toMatchObject({ status: "ok" });
    expect(await weights(p.id)).toEqual([[BORN, 20_000, true]]);
  });

  it("is refused as a correction to that date, and the entry stays as it was", async () => {
    actAs(await makeUser("NURSE"));
    const p = await bornIn2003();
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: D3, weightKg: "60" }))).toMatchObject({ status: "ok" });
    const entry = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });
    const [before, rows] = [await countRows(), await weightRows()];
    const corrected = form({ weightId: entry.id, weightKg: "60", measuredOn: "1990-01-01", reason: "Wrong date typed" });
    expect(await correctWeightAction(IDLE, corrected)).toMatchObject({ status: "error", fieldErrors: { measuredOn: [BEFORE_BIRTH] } });
    expect([await countRows(), await weightRows()]).toEqual([before, rows]);
    expect(await weights(p.id)).toEqual([[D3, 60_000, true]]);
  });

  it("already on file (saved before the rule) is corrected only onto a date on or after the birth", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await bornIn2003();
    const old = await db().weightMeasurement.create({
      data: { patientId: p.id, measuredOn: new Date("1990-01-01T00:00:00Z"), weightGrams: 60_000, enteredById: nurse.id },
    });
    const rows = await weightRows();
    expect(await correctWeightAction(IDLE, form({ weightId: old.id, weightKg: "61", reason: "Weighed again" }))).toMatchObject({
      status: "error",
      fieldErrors: { measuredOn: [BEFORE_BIRTH] },
    });
    expect(await weightRows()).toBe(rows);
    expect(await correctWeightAction(IDLE, form({ weightId: old.id, weightKg: "60", measuredOn: D3, reason: "Year typed wrongly" }))).toMatchObject({
      status: "ok",
    });
    expect(await weights(p.id)).toEqual([
      ["1990-01-01", 60_000, false],
      [D3, 60_000, true],
    ]);
  });
});

describe("a lab result dated before the patient's birth", () => {
  it("is refused on its specimen date when entered, and nothing is saved", async () => {
    actAs(await makeUser("NURSE"));
    const p = await bornIn2003();
    const before = await countRows();
    const answer = await panel(p.id, "1999-01-01", "35");
    expect(answer).toMatchObject({ status: "error", message: "Please correct the highlighted fields." });
    expect(answer.status === "error" ? answer.fieldErrors : null).toEqual({ specimenDate: [BEFORE_BIRTH] });
    expect(await countRows()).toEqual(before);
    expect(await panel(p.id, BORN, "35")).toMatchObject({ status: "ok" });
  });

  it("is refused as a correction to that date, and the result stays as it was", async () => {
    actAs(await makeUser("NURSE"));
    const p = await bornIn2003();
    expect(await panel(p.id, D3, "35")).toMatchObject({ status: "ok" });
    const result = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    const before = await countRows();
    const corrected = form({ labResultId: result.id, value: "35", specimenDate: "1999-01-01", reason: "Wrong date typed" });
    expect(await correctLabResultAction(IDLE, corrected)).toMatchObject({ status: "error", fieldErrors: { specimenDate: [BEFORE_BIRTH] } });
    expect(await countRows()).toEqual(before);
    expect(await db().labResult.findUniqueOrThrow({ where: { id: result.id } })).toMatchObject({ voidedAt: null, replacedById: null });
  });
});

describe("a migration file's row dated before the patient's birth", () => {
  it("is refused with its reason, for lab results and weights alike (the other rows are good)", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await bornIn2003();
    const labs = ["mrn,date_of_birth,specimen_date,test_code,value,unit,reference_low,reference_high,lab_flag,pregnancy_test_setting"];
    labs.push(`${p.mrn},${BORN},1999-01-01,1742-6,35,U/L,,,,`, `${p.mrn},${BORN},${D3},1742-6,35,U/L,,,,`);
    const labPlan = (await getImportPreview(nurse, await staged("labs", labs.join("\n"))))?.plan;
    expect(labPlan?.problems.map((x) => [x.row, x.column, x.message])).toEqual([[2, "specimen_date", "A result cannot be dated before the date of birth."]]);

    const weightFile = ["mrn,date_of_birth,measured_on,weight_kg", `${p.mrn},${BORN},1990-01-01,60`, `${p.mrn},${BORN},${D3},60`].join("\n");
    const weightPlan = (await getImportPreview(nurse, await staged("weights", weightFile)))?.plan;
    expect(weightPlan?.problems.map((x) => [x.row, x.column, x.message])).toEqual([[2, "measured_on", "A weight cannot be dated before the date of birth."]]);
  });
});
