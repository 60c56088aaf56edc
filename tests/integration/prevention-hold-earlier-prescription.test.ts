import { describe, expect, it } from "vitest";
import { voidCounselingAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { actAs, form, testDb } from "./helpers";
import { twoPrescriptionsWithinDispenseBy } from "./dispense-hold-fixture";

/**
 * Two prescriptions still within their dispense-by dates, both written on the same counseling, which is then
 * voided as entered in error (today: 23 Nov 2026). Neither has any other counseling in its 30-day interval, so
 * neither may be dispensed: each was written on what is now entered in error (docs/DOMAIN.md, "A prescription
 * already written is not to be dispensed ... once contraception or counseling voided since leave the live
 * records short of what the prescribing check required on its day").
 */
const HELD = "Do not dispense: the contraception or counseling it was written on was entered in error";

describe("counseling voided under two prescriptions still within their dispense-by dates", () => {
  it("holds the earlier one in the FHIR export too, not only the latest", async () => {
    // Course started 14 Oct 2026 (its first prescription and counseling that day: outside the 30 days before 21 Nov).
    // 21 Nov: the earlier prescription with this month's counseling; 23 Nov (today): the latest, on that counseling.
    const { derm, p, earlier, latest } = await twoPrescriptionsWithinDispenseBy();
    const { token } = await makeApiClient("DERMATOLOGIST");
    actAs(derm);

    // The counseling of 21 Nov did not happen: voided by the dermatologist.
    const k = await testDb().pregnancyCounseling.findFirstOrThrow({ where: { patientId: p.id, counseledOn: new Date("2026-11-21T00:00:00Z") } });
    expect(await voidCounselingAction(IDLE, form({ patientId: p.id, recordId: k.id, reason: "Counseling did not happen" }))).toMatchObject({
      status: "ok",
    });

    // The latest one is held (as the product already does).
    const l = await fhirGet(`MedicationRequest/rx-${latest.id}`, token);
    expect(l.body).toMatchObject({ status: "on-hold", statusReason: { text: HELD } });

    // The earlier one, still within its dispense-by date and written on the same voided counseling, must not
    // read as dispensable either.
    const e = await fhirGet(`MedicationRequest/rx-${earlier.id}`, token);
    expect(e.status).toBe(200);
    const body = e.body as { status: string; statusReason?: { text: string }; dispenseRequest: { validityPeriod?: unknown } };
    expect({ status: body.status, reason: body.statusReason?.text, validityPeriod: body.dispenseRequest.validityPeriod }).toEqual({
      status: "on-hold",
      reason: HELD,
      validityPeriod: undefined,
    });
  });
});
