import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import type { AuditActor } from "@/lib/data/audit";
import { getImportPreview } from "@/lib/data/import-batches";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { dailyDoseChange, startCourseFor } from "./course-fixture";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { commit, previewConfirmation, staged } from "./import-helpers";

/**
 * The preview's checkbox confirms the unusual values it listed, not merely their number: a warning that says
 * something else by the time of the import (a weight above 1 mg/kg/day now above the label maximum, after the
 * dose was raised) refuses the import, which writes nothing, until the file is previewed and confirmed again.
 * Today is Mon 23 Nov 2026; the figures are worked out by hand beside each case.
 */
const db = () => testDb();
const LIMIT = "WEIGHT_PUTS_DOSE_ABOVE_LIMIT";
const MAXIMUM = "WEIGHT_PUTS_DOSE_ABOVE_MAXIMUM";
const START = addDays(TODAY, -19);
const TAIL = " Tell the prescriber; the dose is not changed.";
const HEADER = "mrn,date_of_birth,measured_on,weight_kg";
const CHANGED = "The file's warnings changed since the preview: review them again. Nothing was imported.";

/** A patient (born 2000-01-01) on 60 mg daily from 19 days ago at 60 kg (1.00 mg/kg/day), started by a dermatologist; a nurse signed in after. */
async function courseAt60kg() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: START, startWeightKg: "60", mgPerIntake: "60" });
  const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  return { p, course, derm, nurse };
}

const grams = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId, voidedAt: null }, orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }] })).map(
    (w) => w.weightGrams,
  );
const weightCount = () => db().weightMeasurement.count();
const commitAudits = (batchId: string) => db().auditEvent.count({ where: { action: "import.commit", entityId: batchId } });
const warningsOf = async (user: AuditActor, batchId: string) => (await getImportPreview(user, batchId))?.plan.warnings.map((w) => [w.row, w.column, w.message]);

describe("a migration file's warnings confirmed on the preview", () => {
  it("a weight row above 1 mg/kg/day at the preview, above the label maximum at the import: refused, nothing written, then previewed again and imported", async () => {
    const { p, course, derm, nurse } = await courseAt60kg();
    const batchId = await staged("weights", `${HEADER}\n${p.mrn},2000-01-01,${TODAY},50\n`);
    // 60 / 50 = 1.20 mg/kg/day; 50 kg is within a fifth of 60 kg (5 x 10 < 60): one warning, the dose's.
    expect(await warningsOf(nurse, batchId)).toEqual([
      [2, "weight_kg", `At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.${TAIL}`],
    ]);
    const seen = await previewConfirmation(nurse, batchId);

    // Meanwhile the dermatologist raises the dose to 110 mg daily from today: 110 / 60 = 1.83, confirmed above 1.
    actAs(derm);
    expect(await changeDoseAction(IDLE, await dailyDoseChange(course.id, 110, TODAY, "Raised at the visit", "1.83"))).toMatchObject({ status: "ok" });

    // Still one warning, now 110 / 50 = 2.20, above the label maximum: the preview's confirmation does not cover it.
    actAs(nurse);
    const before = await countRows();
    const weightsBefore = await weightCount();
    expect(await commit(batchId, seen)).toMatchObject({ state: { status: "error", fieldErrors: { confirmWarnings: [CHANGED] } } });
    expect(await countRows()).toEqual(before);
    expect(await weightCount()).toBe(weightsBefore);
    expect(await grams(p.id)).toEqual([60_000]);
    expect(await commitAudits(batchId)).toBe(0);
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "weight.record" } })).toBe(0);
    expect((await db().importBatch.findUniqueOrThrow({ where: { id: batchId } })).status).toBe("PREVIEWED");

    // Previewed again: the warning as it is now, and a confirmation of it, which imports the row.
    expect(await warningsOf(nurse, batchId)).toEqual([
      [2, "weight_kg", `At 50 kg the current dose, 110 mg daily, is 2.20 mg/kg/day, above 2 mg/kg/day, the label maximum.${TAIL}`],
    ]);
    const again = await previewConfirmation(nurse, batchId);
    expect(again).not.toBe(seen);
    expect(await commit(batchId, again)).toEqual({ state: { status: "ok", message: "Imported 1 row." } });
    expect(await grams(p.id)).toEqual([60_000, 50_000]);
    const recorded = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "weight.record" }, select: { changes: true } });
    expect(recorded.changes).toMatchObject({ weightGrams: 50_000, acknowledgedWarnings: [MAXIMUM] });
    expect(await commitAudits(batchId)).toBe(1);
  });

  it("a preview whose warnings are unchanged at the import imports with its confirmation, whatever else was recorded meanwhile", async () => {
    const { p, nurse } = await courseAt60kg();
    const batchId = await staged("weights", `${HEADER}\n${p.mrn},2000-01-01,${TODAY},50\n`);
    const seen = await previewConfirmation(nurse, batchId);
    // Meanwhile another patient's weight is recorded: nothing this file says changes.
    const other = await makePatient();
    expect(await recordWeightAction(IDLE, form({ patientId: other.id, measuredOn: TODAY, weightKg: "70" }))).toMatchObject({ status: "ok" });
    expect(await previewConfirmation(nurse, batchId)).toBe(seen);

    expect(await commit(batchId, seen)).toEqual({ state: { status: "ok", message: "Imported 1 row." } });
    expect(await grams(p.id)).toEqual([60_000, 50_000]);
    const recorded = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "weight.record" }, select: { changes: true } });
    expect(recorded.changes).toMatchObject({ weightGrams: 50_000, acknowledgedWarnings: [LIMIT] });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "import.commit", entityId: batchId }, select: { changes: true } });
    expect(audit.changes).toMatchObject({ kind: "weights", imported: 1, skipped: 0, confirmedWarnings: 1 });
  });
});
