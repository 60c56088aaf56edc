import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, makeUser } from "./helpers";
import { twoPrescriptionsWithinDispenseBy } from "./dispense-hold-fixture";

/**
 * Two prescriptions still within their dispense-by dates (today: 23 Nov 2026): the earlier one, of 21 Nov, on the
 * negative test of 21 Nov; the latest, of today, on the test of 22 Nov. The test of 21 Nov is then voided as entered
 * in error (it was another patient's). The earlier prescription rests on no test now and must not be dispensed: the
 * FHIR export holds it. The printed summary (as the patient page's course card, which shares its line) reads only
 * the latest prescription's hold, and prints the earlier one's "Dispense: …" line as if it could be filled.
 */
const HELD = "Do not dispense: the pregnancy test it relied on was entered in error";

describe("the test an earlier prescription still within its dispense-by date relied on, voided", () => {
  it("prints do not dispense under that prescription, as the FHIR export holds it", async () => {
    const { derm, p, t1, earlier } = await twoPrescriptionsWithinDispenseBy();
    const { token } = await makeApiClient("DERMATOLOGIST");
    actAs(derm);

    expect(await correctLabResultAction(IDLE, form({ labResultId: t1.id, reason: "Another patient's result" }))).toMatchObject({ status: "ok" });

    // The FHIR export holds the earlier prescription (as the product already does).
    const e = await fhirGet(`MedicationRequest/rx-${earlier.id}`, token);
    expect(e.body).toMatchObject({ status: "on-hold", statusReason: { text: HELD } });

    // The printed summary, read by a nurse, must say the same under that prescription.
    actAs(await makeUser("NURSE"));
    const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId: p.id }) }));
    const lines = [...html.matchAll(/data-testid="rx-dispense">(.*?)<\/span>/g)].map((m) => m[1]!.replace(/<!-- -->/g, ""));
    expect(lines.join(" | ")).toContain(HELD);
  });
});
