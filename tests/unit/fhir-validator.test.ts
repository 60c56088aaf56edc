import { describe, expect, it } from "vitest";
import { fhirIssues } from "../fhir-validator";

describe("the FHIR R4 validator the API's tests use", () => {
  it("passes a valid resource", () => {
    expect(fhirIssues({ resourceType: "Patient", gender: "female", birthDate: "2000-01-01" })).toEqual([]);
  });

  it.each([
    ["a missing required element", { resourceType: "Observation", code: { text: "x" } }, "Missing required property"],
    ["an invariant", { resourceType: "Observation", status: "final", code: { text: "x" }, referenceRange: [{ text: "" }] }, "obs-3"],
    ["an unknown element", { resourceType: "Patient", sex: "F" }, "Invalid additional property"],
    ["a malformed date", { resourceType: "Patient", birthDate: "2000-13-01" }, "Invalid date format"],
    ["a status outside its required value set", { resourceType: "Observation", status: "done", code: { text: "x" } }, "observation-status"],
    [
      "a period unit outside units-of-time",
      {
        resourceType: "MedicationRequest",
        status: "active",
        intent: "order",
        subject: { reference: "Patient/1" },
        medicationCodeableConcept: { text: "x" },
        dosageInstruction: [{ timing: { repeat: { frequency: 1, period: 1, periodUnit: "day" } } }],
      },
      "units-of-time",
    ],
    [
      "a nested resource in a Bundle",
      { resourceType: "Bundle", type: "searchset", entry: [{ resource: { resourceType: "Patient", gender: "woman" } }] },
      "administrative-gender",
    ],
  ])("finds %s", (_label, resource, expected) => {
    expect(fhirIssues(resource as never).join("\n")).toContain(expected);
  });
});
