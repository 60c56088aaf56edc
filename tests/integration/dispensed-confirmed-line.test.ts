import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { recordDispensingAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { DispenseLine } from "@/app/(portal)/patients/[patientId]/_components/dispense-line";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed } from "./confirmations";
import { actAs, CLINICIAN, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A dispensed date recorded after the fact is confirmed first when it falls after the
 * prescription's last day to be dispensed, after its course's last day, or on a day a hold reached it (as the course
 * card read it that day); the line under the prescription, on the course card and the printed summary, then says
 * what was confirmed, whatever holds it now (docs/DOMAIN.md: "the prescriber must see it"). A course started on
 * 24 Oct; a second prescription of 22 Nov rests on the negative test of 21 Nov, 60 × 20 mg capsules for 30 days.
 */
const FILL = "one fill: 60 × 20 mg capsules (30 days)";
const STOPPED = "prescribing is stopped until a dermatologist's review";

/** The line under a prescription as a dermatologist reads it on the course card (and the printed summary, which shares it). */
async function lineOf(patientId: string, rxId: string) {
  const [t, overview] = await Promise.all([getPatientTreatment(CLINICIAN, patientId, TODAY), getPregnancyOverview(CLINICIAN, patientId, TODAY)]);
  const entry = t.courses.flatMap((c) => c.timeline).find((e) => e.id === rxId)!;
  const html = renderToStaticMarkup(createElement(DispenseLine, { entry, held: overview?.heldPrescriptions }));
  return html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");
}

async function prescriptionOf22Nov() {
  const { derm, p, course, confirm } = await patientOnCourse("2026-10-24");
  const test = await pregnancyTest(p.id, "2026-11-21", derm.id);
  expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
  const rx = await rxWrittenOn(course.id, "2026-11-22");
  expect(rx.dispenseBy).toBe("2026-11-27");
  return { derm, p, course, test, rx };
}

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
