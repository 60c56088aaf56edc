import { describe, expect, it } from "vitest";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCounselingAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { IDLE } from "@/lib/validation/action-result";
import { fhirGet, makeApiClient } from "./fhir-record";
import { sendConfirmed } from "./confirmations";
import { actAs, form, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, PRESCRIPTION, rxForm, rxWrittenOn } from "./pregnancy-fixture";

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
    const { derm, p, course, confirm } = await patientOnCourse("2026-10-14");
    const { token } = await makeApiClient("DERMATOLOGIST");
    actAs(derm);

    // 21 Nov: a new negative test, the earlier prescription with this month's counseling; dispense by 27 Nov.
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-21", confirm))).toMatchObject({ status: "ok" });
    const earlier = await rxWrittenOn(course.id, "2026-11-21");
    expect(earlier.dispenseBy).toBe("2026-11-27");

    // 22 Nov: another negative test; 23 Nov (today) the latest prescription, on the counseling of 21 Nov
    // (no new counseling ticked), confirmed as written while earlier supply lasts. Dispense by 28 Nov.
    await pregnancyTest(p.id, "2026-11-22", derm.id);
    const noCounseling = Object.fromEntries(Object.entries(PRESCRIPTION).filter(([k]) => k !== "counseled"));
    const version = String((await fresh(course.id)).version);
    const write = (ack: string[]) => writePrescriptionAction(IDLE, form({ courseId: course.id, version, writtenOn: TODAY, ...noCounseling, ack }));
    expect(await sendConfirmed(write, ["EARLIER_SUPPLY_OUTLASTS_START"])).toMatchObject({ status: "ok" });
    const latest = await rxWrittenOn(course.id, TODAY);
    expect(latest.dispenseBy).toBe("2026-11-28");

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
