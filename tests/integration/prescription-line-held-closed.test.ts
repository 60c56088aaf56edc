import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { IDLE } from "@/lib/validation/action-result";
import { requestOf } from "./dispense-hold-fixture";
import { actAs, makeUser, pregnancyTest, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A course started on 24 Oct; a prescription of 18 Nov rests on the negative test of 16 Nov, so
 * its last day to be dispensed was 22 Nov, and it was never recorded as dispensed; its 30-day supply runs to 17 Dec. A
 * positive test collected today stops prescribing, so a hold reaches it too. The README: one never recorded as
 * dispensed that no longer can be reads "One fill: … · not to be dispensed: …", "a pregnancy hold or not", and its FHIR
 * request says what that line says (lib/fhir/prescription-dispensing.ts).
 */
async function printedLines(patientId: string) {
  actAs(await makeUser("NURSE"));
  const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId }) }));
  return [...html.matchAll(/data-testid="rx-dispense">(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<!-- -->/g, "").replace(/&#x27;/g, "'"));
}

describe("a prescription past its last day to be dispensed that a pregnancy hold also reaches", () => {
  it("reads the same on the printed summary and in its FHIR request", async () => {
    const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
    await pregnancyTest(p.id, "2026-11-16", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-18", confirm))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, "2026-11-18");
    expect(rx.dispenseBy).toBe("2026-11-22");
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");

    const closed = "its last day to be dispensed, 22 Nov 2026, has passed";
    // The FHIR request is stopped, for its last day to be dispensed.
    expect(await requestOf(p.id, rx.id)).toMatchObject({ status: "stopped", statusReason: { text: `Not to be dispensed: ${closed}` } });
    // Its line says the same (the regimen history runs newest first: the prescription of 18 Nov, then the one of 24 Oct).
    expect(await printedLines(p.id)).toEqual([
      `One fill: 60 × 20 mg capsules (30 days) · not to be dispensed: ${closed}`,
      "One fill: 60 × 20 mg capsules (30 days) · not to be dispensed: its last day to be dispensed, 28 Oct 2026, has passed",
    ]);
  });
});
