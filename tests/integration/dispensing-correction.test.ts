import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { recordDispensingAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { DispenseLine } from "@/app/(portal)/patients/[patientId]/_components/dispense-line";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { actAs, CLINICIAN, form, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * Today is 23 Nov 2026. A patient who can become pregnant is on a course started 30 days ago; a prescription of 22 Nov
 * rests on the negative test of 21 Nov and was written with no dispensed date. The pharmacy's fill is recorded later;
 * a date recorded wrongly is corrected with a reason, every date kept; voided as entered in error after its fill, the
 * prescription keeps its test used.
 */
async function prescriptionOf22Nov() {
  const { derm, p, course, confirm } = await patientOnCourse(addDays(TODAY, -30));
  await pregnancyTest(p.id, "2026-11-21", derm.id);
  expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
  const rx = await rxWrittenOn(course.id, "2026-11-22");
  return { derm, p, course, confirm, rx };
}

const dispensingForm = async (courseId: string, prescriptionId: string, dispensedOn: string, over: Record<string, string> = {}) =>
  form({ courseId, version: String((await fresh(courseId)).version), prescriptionId, dispensedOn, ...over });

/** The prescription's entry on the course card, and what is said under it, as the card and the printed summary render it. */
async function entryOf(patientId: string, prescriptionId: string) {
  const t = await getPatientTreatment(CLINICIAN, patientId, TODAY);
  const entry = t.courses.flatMap((c) => c.timeline).find((e) => e.id === prescriptionId)!;
  const html = renderToStaticMarkup(createElement(DispenseLine, { entry, held: null }));
  return { entry, line: html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'"), title: /title="([^"]*)"/.exec(html)?.[1]?.replace(/&#x27;/g, "'") ?? null };
}

describe("a dispensed date corrected", () => {
  it("keeps every date recorded: the card says it was corrected, with its history; the audit row keeps the date before", async () => {
    const { p, course, rx } = await prescriptionOf22Nov();
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-22"))).toMatchObject({ status: "ok" });
    expect(await entryOf(p.id, rx.id)).toMatchObject({ line: "Dispensed on 22 Nov 2026 · one fill: 60 × 20 mg capsules (30 days)", title: null });

    // A correction needs its reason, and another date.
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, TODAY))).toMatchObject({
      status: "error",
      fieldErrors: { reason: ["Enter the reason for correcting the dispensed date."] },
    });
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-22", { reason: "Checked again" }))).toMatchObject({
      status: "error",
      fieldErrors: { dispensedOn: ["This is the dispensed date already recorded: enter the corrected date."] },
    });
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, TODAY, { reason: "The pharmacy's label says 23 Nov" }))).toEqual({
      status: "ok",
      message: "Dispensed date corrected to 23 Nov 2026; 22 Nov 2026, recorded before, stays in the history.",
    });

    const rows = await testDb().prescriptionDispensing.findMany({ where: { prescriptionId: rx.id }, orderBy: { recordedAt: "asc" } });
    expect(rows).toMatchObject([
      { dispensedOn: new Date("2026-11-22T00:00:00Z"), supersedesId: null, reason: null, recordedById: nurse.id },
      { dispensedOn: new Date("2026-11-23T00:00:00Z"), supersedesId: rows[0]!.id, reason: "The pharmacy's label says 23 Nov", recordedById: derm.id },
    ]);
    expect((await testDb().prescription.findUniqueOrThrow({ where: { id: rx.id } })).dispensedOn).toEqual(new Date("2026-11-23T00:00:00Z"));
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "prescription.dispense_correct", entityId: rx.id } });
    expect(audit.changes).toMatchObject({ dispensedOn: TODAY, before: { dispensedOn: "2026-11-22" }, reason: "The pharmacy's label says 23 Nov" });

    expect(await entryOf(p.id, rx.id)).toMatchObject({
      entry: {
        dispensed: {
          on: TODAY,
          history: [
            { on: "2026-11-22", reason: null },
            { on: TODAY, reason: "The pharmacy's label says 23 Nov" },
          ],
        },
      },
      line: "Dispensed on 23 Nov 2026 (corrected) · one fill: 60 × 20 mg capsules (30 days)",
      title: "Recorded 22 Nov 2026 (Test NURSE, 23 Nov 2026); corrected to 23 Nov 2026 (Test DERMATOLOGIST, 23 Nov 2026): The pharmacy's label says 23 Nov",
    });
  });

  it("the dates recorded are kept by the database too: the application role cannot change or delete them", async () => {
    const { course, rx } = await prescriptionOf22Nov();
    actAs(await makeUser("NURSE"));
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-22"))).toMatchObject({ status: "ok" });
    await expect(testDb().prescriptionDispensing.updateMany({ where: { prescriptionId: rx.id }, data: { reason: "x" } })).rejects.toThrow();
    await expect(testDb().prescriptionDispensing.deleteMany({ where: { prescriptionId: rx.id } })).rejects.toThrow();
    // A second first row for the same prescription is refused: its dates form one chain.
    const first = await testDb().prescriptionDispensing.findFirstOrThrow({ where: { prescriptionId: rx.id } });
    const again = { prescriptionId: rx.id, dispensedOn: first.dispensedOn, acknowledgedWarnings: [], recordedById: first.recordedById };
    await expect(testDb().prescriptionDispensing.create({ data: again })).rejects.toThrow();
    await expect(testDb().prescriptionDispensing.create({ data: { ...again, supersedesId: first.id } })).rejects.toThrow();
  });
});

describe("a prescription recorded as dispensed after it was written, then voided as entered in error", () => {
  const USED =
    "Each prescription needs a new negative pregnancy test: the latest one (21 Nov 2026) was already used for the prescription of 22 Nov 2026, " +
    "dispensed on 22 Nov 2026 before it was marked as entered in error: a prescription a pharmacy filled keeps its test.";
  const ASKED =
    "This prescription was dispensed on 22 Nov 2026: voided as entered in error, it stays in the history as dispensed, and its pregnancy test " +
    "stays used: a new prescription needs a negative pregnancy test collected after 22 Nov 2026.";

  it("asks to confirm that it was dispensed and that its test stays used; voided, its line still says so and the next prescription needs a new test", async () => {
    const { derm, p, course, confirm, rx } = await prescriptionOf22Nov();
    actAs(await makeUser("NURSE"));
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-22"))).toMatchObject({ status: "ok" });

    actAs(derm);
    const voiding = { kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered with the wrong product" };
    const asked = await voidCourseEntryAction(IDLE, form(voiding));
    expect(asked).toMatchObject({ status: "confirm", message: "Check what voiding this entry leaves, then confirm to void it." });
    expect(asked.status === "confirm" && asked.warnings.map((w) => [w.code, w.message])).toEqual([["PRESCRIPTION_DISPENSED", ASKED]]);
    expect((await testDb().prescription.findUniqueOrThrow({ where: { id: rx.id } })).voidedAt).toBeNull();
    expect(await voidCourseEntryAction(IDLE, form({ ...voiding, ack: tokenFor("PRESCRIPTION_DISPENSED", ASKED) }))).toMatchObject({ status: "ok" });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "prescription.void", entityId: rx.id } });
    expect(audit.changes).toMatchObject({ before: { dispensedOn: "2026-11-22" }, acknowledgedWarnings: ["PRESCRIPTION_DISPENSED"] });

    // Struck through, its line still says when it was dispensed.
    expect(await entryOf(p.id, rx.id)).toMatchObject({ entry: { voided: { reason: "Entered with the wrong product" } }, line: "Dispensed on 22 Nov 2026" });
    // The fill used its test: a prescription written again on it is refused, saying why.
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [USED] },
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id, voidedAt: null } })).toBe(1);
  });

  it("never recorded as dispensed, is voided without the question and frees its test", async () => {
    const { derm, p, course, confirm, rx } = await prescriptionOf22Nov();
    actAs(derm);
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered with the wrong product" }))).toMatchObject({
      status: "ok",
    });
    expect(await entryOf(p.id, rx.id)).toMatchObject({ entry: { dispensed: null }, line: "" });
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), TODAY, confirm))).toMatchObject({ status: "ok" });
  });
});
