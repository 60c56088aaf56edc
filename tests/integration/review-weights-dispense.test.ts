import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { recordWeightAction, startCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getImportPreview } from "@/lib/data/import-batches";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { startCourseFor, startCourseForm } from "./course-fixture";
import { tokenFor } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { commit, staged } from "./import-helpers";

/** Today is 2026-11-23. */
const db = () => testDb();
const DAY = "2026-11-15";
const liveWeights = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId, voidedAt: null }, orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }] })).map((w) => [
    w.measuredOn.toISOString().slice(0, 10),
    w.weightGrams,
  ]);
const weightAudits = (patientId: string) => db().auditEvent.count({ where: { patientId, action: { startsWith: "weight." } } });

describe("a weight entry's confirmations the form never offered", () => {
  it("are refused with a message the form shows on the confirmations, and nothing is written", async () => {
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: DAY, weightKg: "67" }))).toMatchObject({ status: "ok" });
    const audits = await weightAudits(p.id);
    const notAsked = "Not a confirmation this form asks for: reload the page and enter the weight again.";
    // A code alone (a form from before confirmations named the text they confirm) is not one either.
    const far = tokenFor("WEIGHT_FAR_FROM_RECORDED", "68 kg is far from the 67 kg recorded on 15 Nov 2026: check it is in kg, not pounds.");
    const notWeights = tokenFor("DAILY_EQUIVALENT_ABOVE_1_MG_KG", "Daily-equivalent dose is 1.20 mg/kg/day, above 1 mg/kg/day.");
    for (const ack of ["bogus", "WEIGHT_RECORDED_SAME_DAY:not-an-id", "", [far, "bogus"], "WEIGHT_FAR_FROM_RECORDED", notWeights, `${far}0`]) {
      const answer = await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: DAY, weightKg: "68", ack, reason: "Re-weighed the same day" }));
      expect(answer, JSON.stringify(ack)).toMatchObject({ status: "error", fieldErrors: { ack: [notAsked] } });
    }
    expect(
      await recordWeightAction(
        IDLE,
        // The form sends three at most: a weight far from the others, one over a dose limit, the replacement.
        form({ patientId: p.id, measuredOn: DAY, weightKg: "68", ack: [far, "a", "b", "c"], reason: "Re-weighed" }),
      ),
    ).toMatchObject({ status: "error", fieldErrors: { ack: ["Too many confirmations."] } });
    expect(await liveWeights(p.id)).toEqual([[DAY, 67_000]]);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
    expect(await weightAudits(p.id)).toBe(audits);
  });
});

describe("a course started on a day that already has a weight", () => {
  it("is refused when its start weight differs from the day's weight: mg/kg would divide by a weight the chart does not show", async () => {
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: DAY, weightKg: "70" }))).toMatchObject({ status: "ok" });
    actAs(await makeUser("DERMATOLOGIST"));
    const started = await callAction(() => startCourseAction(IDLE, startCourseForm(p.id, { startDate: DAY, startWeightKg: "72", mgPerIntake: "40" })));
    expect(started).toMatchObject({
      state: {
        status: "error",
        fieldErrors: { startWeightKg: ["A weight of 70 kg is already recorded for 15 Nov 2026: enter it as the start weight, or replace it first."] },
      },
    });
    expect(await db().course.count({ where: { patientId: p.id } })).toBe(0);
    expect(await liveWeights(p.id)).toEqual([[DAY, 70_000]]);

    // The day's own weight: started, and the day keeps its one entry, which the course divides by.
    await startCourseFor(p.id, { startDate: DAY, startWeightKg: "70", mgPerIntake: "40" });
    expect((await db().course.findFirstOrThrow({ where: { patientId: p.id } })).startWeightGrams).toBe(70_000);
    expect(await liveWeights(p.id)).toEqual([[DAY, 70_000]]);
  });
});

describe("a file of weights", () => {
  it("brings no second weight for a day: one already recorded, or another row of the file, refuses the row", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await makePatient();
    const { mrn, dateOfBirth } = await db().patient.findUniqueOrThrow({ where: { id: p.id } });
    const dob = dateOfBirth.toISOString().slice(0, 10);
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: DAY, weightKg: "67" }))).toMatchObject({ status: "ok" });
    const rows = [`${mrn},${dob},${DAY},68`, `${mrn},${dob},2026-11-16,68`, `${mrn},${dob},2026-11-16,69`];
    const batchId = await staged("weights", ["mrn,date_of_birth,measured_on,weight_kg", ...rows].join("\n"));
    expect((await getImportPreview(nurse, batchId))?.plan.problems.map((x) => [x.row, x.column, x.message])).toEqual([
      [2, "weight_kg", "A different weight is already recorded for this patient on this date; correct it on the patient's page."],
      [4, "measured_on", "A weight for this patient and date is already in row 3."],
    ]);
    expect(await commit(batchId)).toMatchObject({ state: { status: "error" } });
    expect(await liveWeights(p.id)).toEqual([[DAY, 67_000]]);
  });
});

describe("the FHIR quantity to dispense", () => {
  const prescriptionRequests = async (patientId: string) =>
    ((await patientResourcesOfType(CLINICIAN, patientId, "MedicationRequest", TODAY)) as MedicationRequest[]).filter((r) => r.id!.startsWith("rx-"));

  it("30 mg daily on Absorica 30 mg capsules: 30 capsules of the strength it names, as the quantity", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    await startCourseFor(patient.id, { startDate: "2026-11-01", startWeightKg: "60", mgPerIntake: "30", product: "ABSORICA", capsuleStrengthMg: "30" });
    const [request] = await prescriptionRequests(patient.id);
    expect(fhirIssues(request!)).toEqual([]);
    expect(request!.medicationCodeableConcept!.text).toBe("Absorica 30 mg capsule");
    expect(request!.dispenseRequest!.quantity).toEqual({ value: 30, unit: "capsule", system: "http://unitsofmeasure.org", code: "{capsule}" });
    expect(request!.note).toBeUndefined();
  });
});
