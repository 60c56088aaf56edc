import { describe, expect, it } from "vitest";
import { recordDispensingAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { askedIn } from "./confirmations";
import { actAs, form, makeUser, pregnancyTest, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A prescription of 22 Nov rests on the negative test of 21 Nov. Today that test is voided as
 * entered in error (another patient's), so from today its line reads "Do not dispense: the pregnancy test it relied
 * on was entered in error". The pharmacy dispensed it yesterday, 22 Nov, when its line read "Dispense: …". README:
 * a dispensed date "on which a pregnancy-prevention hold reached it ('Do not dispense: …' as the card read it that
 * day)" is confirmed first; a question about 22 Nov must not say that the prescription was held that day.
 */
describe("a dispensed date recorded for a day before a hold began", () => {
  it("does not say the prescription was held that day", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
    const test = await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, "2026-11-22");
    expect(await correctLabResultAction(IDLE, form({ labResultId: test.id, reason: "Another patient's result" }))).toMatchObject({ status: "ok" });

    actAs(await makeUser("NURSE"));
    const recorded = form({ courseId: course.id, version: String((await fresh(course.id)).version), prescriptionId: rx.id, dispensedOn: "2026-11-22" });
    const answer = await recordDispensingAction(IDLE, recorded);
    expect(askedIn(answer).map((w) => w.message)).not.toContainEqual(expect.stringContaining("On 22 Nov 2026 this prescription was held"));
  });
});
