import { describe, expect, it } from "vitest";
import { recordDispensingAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { lineOf, prescriptionOf22Nov } from "./dispensing-line-fixture";
import { fresh, patientOnCourse, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A dispensed date recorded after the fact is confirmed first when it falls after the
 * prescription's last day to be dispensed, after its course's last day, or on a day a hold reached it (as the course
 * card read it that day); the line under the prescription, on the course card and the printed summary, then says
 * what was confirmed, whatever holds it now (docs/DOMAIN.md: "the prescriber must see it"). A course started on
 * 24 Oct; a second prescription of 22 Nov rests on the negative test of 21 Nov, 60 × 20 mg capsules for 30 days.
 */
const FILL = "one fill: 60 × 20 mg capsules (30 days)";
const STOPPED = "prescribing is stopped until a dermatologist's review";

/** A nurse records the prescription as dispensed on `dispensedOn`, with what is confirmed (`ack`: tokens). */
async function record(courseId: string, prescriptionId: string, dispensedOn: string, ack: string[] = []) {
  actAs(await makeUser("NURSE"));
  const version = String((await fresh(courseId)).version);
  return recordDispensingAction(IDLE, form({ courseId, version, prescriptionId, dispensedOn, ack }));
}

describe("the line under a prescription recorded as dispensed once confirmed", () => {
  it("after its last day to be dispensed and after its course's last day: says both after the date", async () => {
    const { derm, course } = await patientOnCourse("2026-10-24");
    const first = await rxWrittenOn(course.id, "2026-10-24");
    await testDb().course.update({
      where: { id: course.id },
      data: { status: "STOPPED", endDate: new Date("2026-11-10T00:00:00Z"), endReason: "Stopped early" },
    });
    const recorded = await sendConfirmed((ack) => record(course.id, first.id, "2026-11-12", ack), ["DISPENSED_AFTER_LAST_DAY", "DISPENSED_AFTER_COURSE_END"]);
    expect(recorded).toMatchObject({ status: "ok" });
    actAs(derm);
    expect(await lineOf(course.patientId, first.id)).toBe(
      `Dispensed on 12 Nov 2026 after its last day to be dispensed (28 Oct 2026) and after its course's last day · ${FILL}`,
    );
  });

  it("while held: names the hold read that day, and still says it was held once the record no longer reads that hold", async () => {
    const { derm, p, course, rx } = await prescriptionOf22Nov();
    const positive = await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    expect(await sendConfirmed((ack) => record(course.id, rx.id, TODAY, ack), ["DISPENSED_WHILE_HELD"])).toMatchObject({ status: "ok" });
    actAs(derm);
    expect(await lineOf(p.id, rx.id)).toBe(`Dispensed on 23 Nov 2026 while held: ${STOPPED} · ${FILL}`);

    // The positive test was another patient's: voided, it stops nothing, on any day; what was confirmed stays said.
    expect(await correctLabResultAction(IDLE, form({ labResultId: positive.id, reason: "Another patient's result" }))).toMatchObject({ status: "ok" });
    expect(await lineOf(p.id, rx.id)).toBe(`Dispensed on 23 Nov 2026 while held · ${FILL}`);
  });
});
