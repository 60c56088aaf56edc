import { describe, expect, it } from "vitest";
import { TODAY } from "./helpers";
import { becomesAbleToBecomePregnant, cannotBecomePregnantOnCourse, requestOf } from "./dispense-hold-fixture";

/**
 * Today is 23 Nov 2026 (iPLEDGE with the 2026 modification). A prescription written while the patient was
 * recorded as unable to become pregnant rests on no pregnancy test. Once her category is changed to "can
 * become pregnant", that prescription must not read as dispensable: she has had no negative test for it.
 */
describe("a prescription written while the patient could not become pregnant, after her category changes", () => {
  it("is on hold in the FHIR export, with the reason, and no validity period", async () => {
    const { p, rx } = await cannotBecomePregnantOnCourse(TODAY);
    expect((await requestOf(p.id, rx.id)).status).toBe("active");

    expect(await becomesAbleToBecomePregnant(p.id)).toMatchObject({ status: "ok" });
    const request = await requestOf(p.id, rx.id);
    expect(request.status).toBe("on-hold");
    expect(request.statusReason?.text).toBe("Do not dispense: it was written while the patient was recorded as unable to become pregnant");
    expect(request.dispenseRequest?.validityPeriod).toBeUndefined();
  });
});
