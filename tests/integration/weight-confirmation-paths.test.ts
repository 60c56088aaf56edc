import { describe, expect, it } from "vitest";
import { recordWeightAction, startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { getImportPreview } from "@/lib/data/import-batches";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, callAction, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { commit, staged } from "./import-helpers";
import { startCourseForm } from "./course-fixture";

/**
 * "A weight more than a fifth away from the patient's nearest recorded weight is saved only once confirmed"
 * (docs/DOMAIN.md, README), on every path that saves one: 148 typed for 148 lb beside 67 kg.
 */
const db = () => testDb();
const WEIGHT_HEADER = "mrn,date_of_birth,measured_on,weight_kg";

/** A patient with 67 kg recorded on 1 and 15 Nov 2026, entered by a nurse (the nurse is signed in after). */
async function patientAt67kg() {
  const p = await makePatient();
  actAs(await makeUser("NURSE"));
  for (const day of ["2026-11-01", "2026-11-15"])
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: day, weightKg: "67" }))).toMatchObject({ status: "ok" });
  return p;
}

const liveWeights = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId, voidedAt: null }, orderBy: { measuredOn: "asc" } })).map((w) => [
    w.measuredOn.toISOString().slice(0, 10),
    w.weightGrams,
  ]);

describe("a weight far from the recorded ones is confirmed on every path that saves one", () => {
  it("a correction to 148 kg of a 67 kg entry asks for the confirmation and writes nothing without it", async () => {
    const p = await patientAt67kg();
    const entry = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, measuredOn: new Date("2026-11-15T00:00:00Z") } });
    const result = await correctWeightAction(IDLE, form({ weightId: entry.id, weightKg: "148", measuredOn: "", reason: "Re-weighed" }));
    // Asked: the nearest other weight is 67 kg on 1 Nov (5 x 81 kg > 67 kg).
    expect(result).toMatchObject({ status: "confirm" });
    expect(await liveWeights(p.id)).toEqual([
      ["2026-11-01", 67_000],
      ["2026-11-15", 67_000],
    ]);
  });

  it("a course started at 148 kg beside 67 kg recorded asks for the confirmation before the start weight (and its measurement) is saved", async () => {
    const p = await patientAt67kg();
    actAs(await makeUser("DERMATOLOGIST"));
    const start = startCourseForm(p.id, { startDate: TODAY, startWeightKg: "148", mgPerIntake: "20" });
    const result = await callAction(() => startCourseAction(IDLE, start));
    // A confirmation naming the weight (its target, 120 x 148 = 17,760 mg, and the dose limits divide by it).
    expect(result).toMatchObject({
      state: { status: "confirm", warnings: expect.arrayContaining([expect.objectContaining({ code: "WEIGHT_FAR_FROM_RECORDED" })]) },
    });
    expect(await db().course.count({ where: { patientId: p.id } })).toBe(0);
    expect(await liveWeights(p.id)).toEqual([
      ["2026-11-01", 67_000],
      ["2026-11-15", 67_000],
    ]);
  });

  it("an imported weight of 148 beside 67 kg recorded is a warning of its row, imported only once confirmed", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await makePatient(); // born 2000-01-01
    const { mrn } = p;
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2026-11-15", weightKg: "67" }))).toMatchObject({ status: "ok" });
    const batchId = await staged("weights", `${WEIGHT_HEADER}\n${mrn},2000-01-01,2026-11-20,148\n`);
    const preview = await getImportPreview(nurse, batchId);
    // Row 2's weight_kg is a warning, as the form asks; the file is not imported without its confirmation.
    expect(preview?.plan.warnings.map((w) => [w.row, w.column])).toEqual([[2, "weight_kg"]]);
    await commit(batchId);
    expect(await liveWeights(p.id)).toEqual([["2026-11-15", 67_000]]);
  });
});
