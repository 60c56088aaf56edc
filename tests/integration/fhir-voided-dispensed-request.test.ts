import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { recordDispensingAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { DispenseLine } from "@/app/(portal)/patients/[patientId]/_components/dispense-line";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { requestOf } from "./dispense-hold-fixture";
import { actAs, CLINICIAN, form, makeUser, pregnancyTest, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A prescription of 22 Nov, recorded as dispensed that day, is then voided as entered in error:
 * the fill happened, so its line on the course card, struck through, still says "Dispensed on 22 Nov 2026", and its
 * pregnancy test stays used. A FHIR request says what the line under it says (README, "FHIR"): a client reading the
 * prescription learns it was entered in error, and that it was dispensed all the same.
 */
describe("a prescription dispensed and then voided as entered in error, read by a FHIR client", () => {
  it("is entered-in-error and still carries the day it was dispensed, as its line does", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, "2026-11-22");
    actAs(await makeUser("NURSE"));
    const recorded = form({ courseId: course.id, version: String((await fresh(course.id)).version), prescriptionId: rx.id, dispensedOn: "2026-11-22" });
    expect(await recordDispensingAction(IDLE, recorded)).toMatchObject({ status: "ok" });
    actAs(derm);
    const voiding = (ack: string[]) =>
      voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered with the wrong product", ack }));
    expect(await sendConfirmed(voiding, ["PRESCRIPTION_DISPENSED"])).toMatchObject({ status: "ok" });

    // The course card's line, struck through.
    const t = await getPatientTreatment(CLINICIAN, p.id, TODAY);
    const entry = t.courses.flatMap((c) => c.timeline).find((e) => e.id === rx.id)!;
    expect(renderToStaticMarkup(createElement(DispenseLine, { entry, held: null })).replace(/<[^>]+>/g, "")).toBe("Dispensed on 22 Nov 2026");

    // Its FHIR request.
    const request = await requestOf(p.id, rx.id);
    expect(request.status).toBe("entered-in-error");
    expect(request.note).toEqual([{ time: "2026-11-22", text: "Dispensed on 22 Nov 2026" }]);
  });
});
