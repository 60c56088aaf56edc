import { describe, expect, it } from "vitest";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { TODAY } from "./helpers";
import { becomesAbleToBecomePregnant, cannotBecomePregnantOnCourse, requestOf } from "./dispense-hold-fixture";

/**
 * Today is 23 Nov 2026: iPLEDGE with the 2026 modification, which sets no fill limit for a patient who cannot
 * become pregnant, so her prescription is stored with no dispense-by date. Once her category is changed to "can
 * become pregnant", that prescription rests on no pregnancy test and must not be dispensed: README, "that
 * prescription shows 'Do not dispense: <reason>' to every role". The FHIR export holds it
 * (pregnancy-category-change-hold.test.ts); the banner, the course card and the printed summary read the
 * overview, which looks only at prescriptions with a dispense-by date, and say nothing.
 */
const HELD = "Do not dispense: it was written while the patient was recorded as unable to become pregnant";

describe("a prescription with no dispense-by date, written while the patient could not become pregnant, after her category changes", () => {
  it("shows do not dispense on the patient's banner to every role, as the FHIR export holds it", async () => {
    const { p, rx } = await cannotBecomePregnantOnCourse(TODAY);
    expect(rx.dispenseBy).toBeNull();

    expect(await becomesAbleToBecomePregnant(p.id)).toMatchObject({ status: "ok" });

    // The FHIR export holds it (as the product already does)...
    expect((await requestOf(p.id, rx.id)).status).toBe("on-hold");

    // ...and so must the overview every page of the patient shows, to a dermatologist and to office staff.
    for (const role of ["DERMATOLOGIST", "STAFF"] as const) {
      const o = await getPregnancyOverview({ role }, p.id, TODAY);
      expect({ role, doNotDispense: o?.doNotDispense ?? null }).toEqual({
        role,
        doNotDispense: { prescriptionId: rx.id, reasons: expect.any(Array), text: HELD },
      });
    }
  });
});
