import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addCatalogueTestAction } from "@/app/(portal)/lab-catalogue/actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { fhirGet, makeApiClient, type Res } from "./fhir-record";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

const UCUM = "http://unitsofmeasure.org";

describe("FHIR API: the code of a converted lab value", () => {
  it("a triglyceride test in mmol/L (LOINC 14927-8) is exported in mg/dL under the mass code 2571-8, never under its molar code", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    expect(
      await addCatalogueTestAction(
        IDLE,
        form({ code: "14927-8", name: "Triglycerides (SI units)", kind: "QUANTITATIVE", unit: "mmol/L", refLow: "0", refHigh: "1.7", countsAs: "TG" }),
      ),
    ).toMatchObject({ status: "ok" });
    const test = await testDb().labTest.findFirstOrThrow({ where: { code: "14927-8" } });
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    const recorded = await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: TODAY, [`value:${test.id}`]: "1.7" }));
    expect(recorded).toMatchObject({ status: "ok" });
    // 1.7 mmol/L x 88.57 = 150.569 -> 150.6 mg/dL; the range 0-1.7 mmol/L -> 0-150.6 mg/dL.
    const result = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    expect([result.code, result.analyte, Number(result.valueNumeric), result.unit]).toEqual(["14927-8", "TG", 150.6, "mg/dL"]);

    const derm = await makeApiClient("DERMATOLOGIST");
    const read = await fhirGet(`Observation/${result.id}`, derm.token);
    expect(read.status).toBe(200);
    expect(read.body.code).toEqual({
      coding: [{ system: "http://loinc.org", code: "2571-8", display: "Triglyceride [Mass/volume] in Serum or Plasma" }],
      text: "Triglycerides (SI units)",
    });
    expect(read.body.valueQuantity).toEqual({ value: 150.6, unit: "mg/dL", system: UCUM, code: "mg/dL" });
    expect(read.body.referenceRange).toEqual([
      { low: { value: 0, unit: "mg/dL", system: UCUM, code: "mg/dL" }, high: { value: 150.6, unit: "mg/dL", system: UCUM, code: "mg/dL" } },
    ]);
    expect(fhirIssues(read.body as never)).toEqual([]);

    // Searches by code find it under the code it carries; the molar code finds nothing.
    const byCode = async (code: string) =>
      (await fhirGet(`Observation?patient=${p.id}&code=${encodeURIComponent(code)}`, derm.token)).body.entry.map((e: Res) => e.resource.id);
    expect(await byCode("http://loinc.org|2571-8")).toEqual([result.id]);
    expect(await byCode("14927-8")).toEqual([]);
    // $everything (and so the patient page's FHIR export, built the same way) codes it the same.
    const all = await fhirGet(`Patient/${p.id}/$everything`, derm.token);
    const obs = all.body.entry.map((e: Res) => e.resource).find((r: Res) => r.id === result.id);
    expect(obs.code.coding.map((c: Res) => c.code)).toEqual(["2571-8"]);
  });
});
