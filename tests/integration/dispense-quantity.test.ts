import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { startCourseFor, startCourseForm, startedAlternateDayCourse } from "./course-fixture";
import { actAs, callAction, CLINICIAN, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { fresh, rxForm } from "./pregnancy-fixture";

/** Today is 2026-11-23. A prescription's quantity to dispense, on the patient page's list and in its FHIR MedicationRequest. */
const prescriptionRequests = async (patientId: string) =>
  ((await patientResourcesOfType(CLINICIAN, patientId, "MedicationRequest", TODAY)) as MedicationRequest[]).filter((r) => r.id!.startsWith("rx-"));
const rxId = async (courseId: string, writtenOn: string) =>
  (await testDb().prescription.findFirstOrThrow({ where: { courseId, writtenOn: new Date(`${writtenOn}T00:00:00Z`) } })).id;
const dispenseShown = async (patientId: string) =>
  Object.fromEntries(
    (await getPatientTreatment(CLINICIAN, patientId, TODAY)).courses[0]!.timeline.flatMap((e) => (e.kind === "prescription" ? [[e.date, e.dispense]] : [])),
  );
const capsules = (value: number) => ({ value, unit: "capsule", system: "http://unitsofmeasure.org", code: "{capsule}" });

describe("the quantity a prescription dispenses", () => {
  it("20 mg every other day: a 30-day supply is 15 capsules, a 7-day one from a dose day 4, in the FHIR dispenseRequest and on the patient page", async () => {
    // 20 mg every other day on Claravis 20 mg from 2026-10-24, its first prescription 30 days from then.
    const { patient, course } = await startedAlternateDayCourse();
    // Today is day 30 of the pattern, a dose day: 23, 25, 27 and 29 Nov in the 7 days.
    const written = await writePrescriptionAction(
      IDLE,
      rxForm(await fresh(course.id), TODAY, { mgPerIntake: "20", pattern: "EVERY_N_DAYS", everyNDays: "2", daysSupply: "7" }),
    );
    expect(written, JSON.stringify(written)).toMatchObject({ status: "ok" });
    const requests = await prescriptionRequests(patient.id);
    expect(requests.flatMap((r) => fhirIssues(r))).toEqual([]);
    const request = async (writtenOn: string) => {
      const id = `rx-${await rxId(course.id, writtenOn)}`;
      return requests.find((r) => r.id === id);
    };
    const first = await request("2026-10-24");
    expect(first!.dispenseRequest).toEqual({
      numberOfRepeatsAllowed: 0,
      quantity: capsules(15),
      expectedSupplyDuration: { value: 30, unit: "days", system: "http://unitsofmeasure.org", code: "d" },
    });
    // One strength: the quantity says it all, no note.
    expect(first!.note).toBeUndefined();
    expect((await request(TODAY))!.dispenseRequest).toEqual({
      numberOfRepeatsAllowed: 0,
      quantity: capsules(4),
      expectedSupplyDuration: { value: 7, unit: "days", system: "http://unitsofmeasure.org", code: "d" },
    });
    expect(await dispenseShown(patient.id)).toEqual({ "2026-10-24": "15 × 20 mg capsules (30 days)", [TODAY]: "4 × 20 mg capsules (7 days)" });
  });

  it("30 mg daily on Amnesteem 20 mg capsules is refused, naming the strength that makes it; on 10 mg capsules it dispenses 90 of them", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const patient = await makePatient();
    const start = { startDate: "2026-11-01", startWeightKg: "60", mgPerIntake: "30", product: "AMNESTEEM" };
    // Amnesteem comes in 10, 20 and 40 mg: 30 mg is three 10 mg capsules, never 10 + 20 on a prescription naming 20 mg.
    expect(await callAction(() => startCourseAction(IDLE, startCourseForm(patient.id, { ...start, capsuleStrengthMg: "20" })))).toMatchObject({
      state: { status: "error", fieldErrors: { capsuleStrengthMg: ["30 mg is not whole 20 mg capsules: write it on 10 mg capsules."] } },
    });
    expect(await testDb().prescription.count({ where: { course: { patientId: patient.id } } })).toBe(0);
    await startCourseFor(patient.id, { ...start, capsuleStrengthMg: "10" });
    const [request] = await prescriptionRequests(patient.id);
    expect(fhirIssues(request!)).toEqual([]);
    expect(request!.dispenseRequest!.quantity).toEqual(capsules(90));
    expect(request!.note).toBeUndefined();
    expect(await dispenseShown(patient.id)).toEqual({ "2026-11-01": "90 × 10 mg capsules (30 days)" });
  });
});
