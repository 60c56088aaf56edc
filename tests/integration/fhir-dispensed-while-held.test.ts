import { describe, expect, it } from "vitest";
import { recordDispensingAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { requestOf } from "./dispense-hold-fixture";
import { actAs, form, makeUser, pregnancyTest, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A prescription of 22 Nov (no refills) rests on the negative test of 21 Nov; a positive test
 * collected today stops prescribing, and a nurse records it as dispensed today, confirming that it was held that day.
 * Its line reads "Dispensed on 23 Nov 2026 while held: …"; its FHIR request says the same in the note that carries
 * the day it was dispensed, and is not held itself: the fill was had, and the holds are dispensing holds.
 */
describe("a prescription recorded as dispensed on a day a hold reached it, read by a FHIR client", () => {
  it("carries the hold in the note of the day it was dispensed, not as an ordinary fill", async () => {
    const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, "2026-11-22");
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    actAs(await makeUser("NURSE"));
    const version = String((await fresh(course.id)).version);
    const record = (ack: string[]) => recordDispensingAction(IDLE, form({ courseId: course.id, version, prescriptionId: rx.id, dispensedOn: TODAY, ack }));
    expect(await sendConfirmed(record, ["DISPENSED_WHILE_HELD"])).toMatchObject({ status: "ok" });

    const request = await requestOf(p.id, rx.id);
    expect(request.status).toBe("active");
    expect(request.statusReason).toBeUndefined();
    expect(request.note).toEqual([{ time: TODAY, text: "Dispensed on 23 Nov 2026 while held: prescribing is stopped until a dermatologist's review" }]);
  });
});
