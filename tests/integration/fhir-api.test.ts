import { beforeAll, describe, expect, it } from "vitest";
import { fhirIssues } from "../fhir-validator";
import { buildRecord, fhirGet, makeApiClient, type FhirRecord, type Res } from "./fhir-record";
import { testDb } from "./helpers";

let rec: FhirRecord;
const tokens: Record<"DERMATOLOGIST" | "NURSE" | "STAFF", { id: string; token: string }> = {} as never;

beforeAll(async () => {
  rec = await buildRecord();
  for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const) tokens[role] = await makeApiClient(role);
});

const everything = async (role: keyof typeof tokens) => {
  const r = await fhirGet(`Patient/${rec.patient.id}/$everything`, tokens[role].token);
  expect(r.status).toBe(200);
  return r.body;
};
const resources = (bundle: Res): Res[] => bundle.entry.map((e: Res) => e.resource);
const byId = (bundle: Res, id: string): Res => resources(bundle).find((r) => r.id === id) ?? {};

describe("FHIR API: the whole record per role", () => {
  it("every resource and the Bundle itself pass the FHIR R4 definitions, for every role", async () => {
    for (const role of ["DERMATOLOGIST", "NURSE", "STAFF"] as const) {
      const bundle = await everything(role);
      expect(fhirIssues(bundle as never), role).toEqual([]);
      for (const r of resources(bundle)) expect(fhirIssues(r as never), `${role} ${r.resourceType}/${r.id}`).toEqual([]);
    }
    const meta = await fhirGet("metadata", null);
    expect(meta.status).toBe(200);
    expect(fhirIssues(meta.body as never)).toEqual([]);
  });

  it("a dermatologist's and a nurse's client read everything: 1 patient, 8 requests, 11 observations, 2 flags, open tasks", async () => {
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) {
      const bundle = await everything(role);
      const count = (t: string) => resources(bundle).filter((r) => r.resourceType === t).length;
      expect(bundle.type).toBe("searchset");
      expect(resources(bundle)[0]?.resourceType).toBe("Patient");
      expect([count("Patient"), count("MedicationRequest"), count("Observation"), count("Flag")]).toEqual([1, 8, 11, 2]);
      expect(count("Task")).toBeGreaterThan(0);
    }
  });

  it("an office staff client gets Patient, Flag and Task only: no value, no test result, no link to a test", async () => {
    const bundle = await everything("STAFF");
    expect([...new Set(resources(bundle).map((r) => r.resourceType))].sort()).toEqual(["Flag", "Patient", "Task"]);
    const text = JSON.stringify(bundle);
    for (const secret of ["valueQuantity", "valueCodeableConcept", "Positive", "positive", rec.labs.positive.id, rec.labs.tg.id, "Observation/"])
      expect(text).not.toContain(secret);
    // The portal's words for office staff; neither the code nor the id names a pregnancy test (fhir-staff-review-flag.test.ts).
    expect(byId(bundle, `${rec.patient.id}.pregnancy-test-review`)).toEqual({});
    expect(byId(bundle, `${rec.patient.id}.review-required`).code.coding[0].code).toBe("dermatologist-review-required");
    for (const type of ["Observation", "MedicationRequest"]) {
      const refused = await fhirGet(`${type}?patient=${rec.patient.id}`, tokens.STAFF.token);
      expect(refused.status, type).toBe(403);
      expect(refused.body.resourceType).toBe("OperationOutcome");
    }
    expect((await fhirGet(`Observation/${rec.labs.tg.id}`, tokens.STAFF.token)).status).toBe(403);
  });

  it("Patient: MRN identifier, name, birth date, gender from sex at birth, telecom", async () => {
    const p = byId(await everything("NURSE"), rec.patient.id);
    expect(p).toEqual({
      resourceType: "Patient",
      id: rec.patient.id,
      identifier: [
        {
          use: "usual",
          type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR", display: "Medical record number" }] },
          system: "https://isotrack.example/fhir/sid/mrn",
          value: rec.patient.mrn,
        },
      ],
      name: [{ use: "official", family: "Patient", given: ["Test"] }],
      gender: "female",
      birthDate: "2000-01-01",
      telecom: [
        { system: "phone", value: "555-0100" },
        { system: "email", value: "pat@example.test" },
      ],
    });
  });

  it("cumulative dose per course equals the hand-computed figures (600 mg and 10 mg/kg; 215 and 4.3; 140 and 2)", async () => {
    const bundle = await everything("DERMATOLOGIST");
    const value = (courseId: string, code: string) => byId(bundle, `${courseId}.${code}`)?.valueQuantity;
    const { a, b, c } = rec.courses;
    expect(value(a.id, "cumulative-dose-mg")).toEqual({ value: 600, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" });
    expect(value(a.id, "cumulative-dose-mg-per-kg")).toEqual({ value: 10, unit: "mg/kg", system: "http://unitsofmeasure.org", code: "mg/kg" });
    expect([value(b.id, "cumulative-dose-mg").value, value(b.id, "cumulative-dose-mg-per-kg").value]).toEqual([215, 4.3]);
    expect([value(c.id, "cumulative-dose-mg").value, value(c.id, "cumulative-dose-mg-per-kg").value]).toEqual([140, 2]);
    const mgA = byId(bundle, `${a.id}.cumulative-dose-mg`);
    expect([mgA.status, mgA.effectivePeriod, mgA.code.coding[0].system]).toEqual([
      "final",
      { start: "2025-01-01", end: "2025-01-30" },
      "https://isotrack.example/fhir/CodeSystem/isotrack",
    ]);
    const mgC = byId(bundle, `${c.id}.cumulative-dose-mg`);
    expect([mgC.status, mgC.effectivePeriod]).toEqual(["preliminary", { start: rec.ago(9), end: rec.today }]);
  });

  it("labs: LOINC code, UCUM value, reference range, interpretation from the flag, specimen date; a pregnancy test as a coded value", async () => {
    const bundle = await everything("DERMATOLOGIST");
    const tg = byId(bundle, rec.labs.tg.id);
    expect(tg.category).toEqual([
      { coding: [{ system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory", display: "Laboratory" }] },
    ]);
    expect(tg.code.coding).toEqual([{ system: "http://loinc.org", code: "2571-8", display: "Triglycerides" }]);
    expect([tg.effectiveDateTime, tg.valueQuantity]).toEqual(["2025-02-01", { value: 180, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" }]);
    expect(tg.referenceRange).toEqual([
      {
        low: { value: 0, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" },
        high: { value: 150, unit: "mg/dL", system: "http://unitsofmeasure.org", code: "mg/dL" },
      },
    ]);
    expect(tg.interpretation).toEqual([
      {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", code: "H", display: "High" }],
        text: "Triglycerides above 150 mg/dL.",
      },
    ]);
    const hcg = byId(bundle, rec.labs.positive.id);
    expect([hcg.valueCodeableConcept.coding[0].code, hcg.interpretation[0].coding[0].code, hcg.effectiveDateTime]).toEqual(["10828004", "POS", rec.ago(1)]);
    const weight = byId(
      bundle,
      `weight-${(await testDb().weightMeasurement.findFirstOrThrow({ where: { patientId: rec.patient.id, weightGrams: 70_000 } })).id}`,
    );
    expect([weight.code.coding[0].code, weight.category[0].coding[0].code, weight.valueQuantity, weight.effectiveDateTime]).toEqual([
      "29463-7",
      "vital-signs",
      { value: 70, unit: "kg", system: "http://unitsofmeasure.org", code: "kg" },
      rec.ago(9),
    ]);
  });

  it("flags for a clinical client: the category, and the undecided positive test with its date and a link to it", async () => {
    const bundle = await everything("DERMATOLOGIST");
    expect(byId(bundle, `${rec.patient.id}.pregnancy-category`).code.coding[0].code).toBe("can-become-pregnant");
    const review = byId(bundle, `${rec.patient.id}.pregnancy-test-review`);
    expect(review.extension).toEqual([
      { url: "http://hl7.org/fhir/StructureDefinition/flag-detail", valueReference: { reference: `Observation/${rec.labs.positive.id}` } },
    ]);
    expect([review.code.text, review.period]).toEqual([
      `Positive pregnancy test of ${rec.ago(1)} awaiting the dermatologist's decision`,
      { start: rec.ago(1) },
    ]);
  });

  it("open monitoring items are requested Tasks for the patient, described by their label, restricted to their due date", async () => {
    const tasks = resources(await everything("DERMATOLOGIST")).filter((r) => r.resourceType === "Task");
    const due = (label: string) => tasks.find((t) => t.description === label)?.restriction.period.end;
    // The review is due from the test's day; the baseline labs were due by the course's start (none recorded).
    expect([due("Dermatologist review"), due("Baseline ALT/AST"), due("Baseline fasting lipids")]).toEqual([rec.ago(1), rec.ago(9), rec.ago(9)]);
    // An office client gets the same Tasks but the dermatologist's own (the review of a positive test).
    const staffTasks = resources(await everything("STAFF")).filter((r) => r.resourceType === "Task");
    expect(staffTasks.map((t) => t.description).sort()).toEqual(
      tasks
        .map((t) => t.description)
        .filter((d) => d !== "Dermatologist review")
        .sort(),
    );
    expect(tasks.find((t) => t.description === "Dermatologist review")).toMatchObject({
      status: "requested",
      intent: "order",
      for: { reference: `Patient/${rec.patient.id}` },
    });
    expect(tasks.every((t) => t.status === "requested" && /^[0-9a-f-]{36}\.[0-9a-f]{16}$/.test(t.id))).toBe(true);
  });

  it("medication requests: every prescription and dose change, each schedule as timing.repeat, chained by priorPrescription, status by course state", async () => {
    const bundle = await everything("DERMATOLOGIST");
    const mr = (prefix: string, id: string) => byId(bundle, `${prefix}-${id}`);
    const d = rec.doses;
    const repeat = (r: Res) => r.dosageInstruction.map((x: Res) => x.timing.repeat);
    const rx = mr("rx", rec.rx.a.id);
    expect(rx.medicationCodeableConcept).toEqual({
      coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "6064", display: "isotretinoin" }],
      text: "Isotretinoin (generic) 20 mg capsule",
    });
    // Of a course completed on 30 Jan 2025, never recorded as dispensed: not to be dispensed, its supply begun on 1 Jan.
    expect([rx.status, rx.statusReason, rx.authoredOn, rx.dispenseRequest]).toEqual([
      "stopped",
      { text: "Not to be dispensed: the course ended on 30 Jan 2025" },
      "2024-12-30",
      {
        validityPeriod: { start: "2024-12-30", end: "2025-01-05" },
        numberOfRepeatsAllowed: 0,
        // 20 mg daily on 20 mg capsules for 30 days.
        quantity: { value: 30, unit: "capsule", system: "http://unitsofmeasure.org", code: "{capsule}" },
        expectedSupplyDuration: { value: 30, unit: "days", system: "http://unitsofmeasure.org", code: "d" },
      },
    ]);
    expect(repeat(rx)).toEqual([{ boundsPeriod: { start: "2025-01-01", end: "2025-01-30" }, frequency: 1, period: 1, periodUnit: "d" }]);
    expect(mr("dose", d.aDaily.id).basedOn).toEqual([{ reference: `MedicationRequest/rx-${rec.rx.a.id}` }]);
    expect(mr("dose", d.bWrong.id).status).toBe("entered-in-error");
    expect(repeat(mr("dose", d.bWeekdays.id))).toEqual([
      { boundsPeriod: { start: "2025-03-03", end: "2025-03-16" }, frequency: 1, period: 1, periodUnit: "d", dayOfWeek: ["mon", "wed", "fri"] },
    ]);
    expect(repeat(mr("dose", d.bTimes.id))).toEqual([{ boundsPeriod: { start: "2025-03-17", end: "2025-03-23" }, frequency: 3, period: 1, periodUnit: "wk" }]);
    expect(repeat(mr("dose", d.bCycle.id))).toEqual([{ boundsPeriod: { start: "2025-03-24", end: "2025-03-30" }, frequency: 1, period: 1, periodUnit: "d" }]);
    expect(mr("dose", d.bCycle.id).dosageInstruction[0].doseAndRate).toEqual([
      { doseQuantity: { value: 20, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" } },
    ]);
    expect(repeat(mr("dose", d.cAlternate.id))).toEqual([{ boundsPeriod: { start: rec.ago(3) }, frequency: 1, period: 2, periodUnit: "d" }]);
    expect([d.bWeekdays, d.bTimes, d.bCycle, d.cDaily, d.cAlternate].map((x) => mr("dose", x.id).priorPrescription?.reference ?? null)).toEqual([
      null,
      `MedicationRequest/dose-${d.bWeekdays.id}`,
      `MedicationRequest/dose-${d.bTimes.id}`,
      null,
      `MedicationRequest/dose-${d.cDaily.id}`,
    ]);
    expect([d.bWeekdays, d.bTimes, d.bCycle, d.cDaily, d.cAlternate].map((x) => mr("dose", x.id).status)).toEqual([
      "completed",
      "completed",
      "stopped",
      "completed",
      "active",
    ]);
    expect(mr("dose", d.cAlternate.id).groupIdentifier).toEqual({ system: "https://isotrack.example/fhir/sid/course", value: rec.courses.c.id });
  });
});
