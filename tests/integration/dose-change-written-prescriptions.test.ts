import { describe, expect, it } from "vitest";
import { changeDoseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, dailyCourseStarted } from "./course-fixture";
import { sendConfirmed, tokenFor, writtenPrescriptionText } from "./confirmations";
import { countRows, form, testDb } from "./helpers";

/**
 * A prescription keeps the dose it was written for (the version stored with it: the one it set, or the one in force
 * on its start date when it was written). A dose change, a correction or the void of a dose version that changes the
 * regimen on its start date away from that dose, while its supply can still be taken, asks first, naming the
 * prescription, its supply and the dose it stays written for; once confirmed the code is in the audit row. One whose
 * supply has ended asks nothing. Today is Mon 23 Nov 2026; 60 kg, Claravis 20 mg capsules, 30 days.
 */
const CODE = "PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE";
const RX = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", pattern: "DAILY", counseled: "on" };
const said = writtenPrescriptionText;
/** The prescription of 20 Nov 2026: 30 days supplied through 19 Dec. */
const said20Nov = (writtenFor: number, now: number) => said("20 Nov 2026", "19 Dec 2026", writtenFor, now);

/** A course of 40 mg daily from 24 Oct 2026 (unless `startDate` says otherwise): its first prescription's supply ends on 22 Nov, the day before today. */
const courseStarted = (startDate = "2026-10-24") => dailyCourseStarted(startDate, 40);

async function prescribe(courseId: string, writtenOn: string, mg: number) {
  const send = async (ack: string[]) =>
    writePrescriptionAction(IDLE, form({ courseId, version: await courseVersion(courseId), writtenOn, ...RX, mgPerIntake: String(mg), reason: "Visit", ack }));
  expect(await sendConfirmed(send, ["PRESCRIPTION_CHANGES_REGIMEN", "EARLY_REFILL"])).toMatchObject({ status: "ok" });
  return testDb().prescription.findFirstOrThrow({ where: { courseId, writtenOn: new Date(`${writtenOn}T00:00:00Z`) } });
}

const changeDose = async (courseId: string, over: Record<string, string>, ack?: string) =>
  changeDoseAction(
    IDLE,
    form({ courseId, version: await courseVersion(courseId), reason: "Dose", intakesPerDay: "1", pattern: "DAILY", ...over, ...(ack ? { ack } : {}) }),
  );

const audits = (patientId: string, action: string) => testDb().auditEvent.findMany({ where: { patientId, action }, select: { changes: true } });

describe("a dose change dated on or before a prescription written", () => {
  it("30 mg from 15 Nov under the 20 Nov prescription written at 40 mg: asked, nothing written, then saved with the code audited", async () => {
    const { p, course } = await courseStarted();
    await prescribe(course.id, "2026-11-20", 40);
    const before = await countRows();
    const message = said20Nov(40, 30);
    const asked = await changeDose(course.id, { effectiveFrom: "2026-11-15", mgPerIntake: "30" });
    expect(asked).toMatchObject({ status: "confirm", warnings: [{ code: CODE, message }] });
    expect(await countRows()).toEqual(before);

    expect(await changeDose(course.id, { effectiveFrom: "2026-11-15", mgPerIntake: "30" }, tokenFor(CODE, message))).toMatchObject({ status: "ok" });
    expect((await audits(p.id, "dose.change")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });

  it("a dose change dated after the prescription's start asks nothing of it", async () => {
    const { course } = await courseStarted();
    await prescribe(course.id, "2026-11-20", 40);
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-21", mgPerIntake: "30" })).toMatchObject({ status: "ok" });
  });

  it("a prescription whose supply has ended is not named: its record keeps the dose it was written for", async () => {
    const { course } = await courseStarted();
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-01", mgPerIntake: "30" })).toMatchObject({ status: "ok" });
  });

  it("a voided prescription is not named", async () => {
    const { course } = await courseStarted();
    const rx = await prescribe(course.id, "2026-11-20", 40);
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered twice" }))).toMatchObject({ status: "ok" });
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-15", mgPerIntake: "30" })).toMatchObject({ status: "ok" });
  });
});

describe("a correction that changes the dose a prescription was written for", () => {
  it("the starting regimen corrected to 60 mg: the 20 Nov prescription is named; the course start's, its supply ended on 22 Nov, is not", async () => {
    const { p, course } = await courseStarted();
    await prescribe(course.id, "2026-11-20", 40);
    const start = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id } });
    const message = said20Nov(40, 60);
    const correct = (ack?: string) => changeDose(course.id, { effectiveFrom: "2026-10-24", mgPerIntake: "60", supersedesId: start.id }, ack);
    expect(await correct()).toMatchObject({ status: "confirm", warnings: [{ code: CODE, message }] });
    expect(await correct(tokenFor(CODE, message))).toMatchObject({ status: "ok" });
    expect((await audits(p.id, "dose.correct")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });

  it("the version a prescription set (60 mg from 20 Nov) corrected to 40 mg: named as written for 60 mg", async () => {
    const { course } = await courseStarted();
    const rx = await prescribe(course.id, "2026-11-20", 60);
    const set = await testDb().doseChange.findFirstOrThrow({ where: { prescriptionId: rx.id } });
    const message = said20Nov(60, 40);
    const correct = (ack?: string) => changeDose(course.id, { effectiveFrom: "2026-11-20", mgPerIntake: "40", supersedesId: set.id }, ack);
    expect(await correct()).toMatchObject({ status: "confirm", warnings: [{ code: CODE, message }] });
    expect(await correct(tokenFor(CODE, message))).toMatchObject({ status: "ok" });
  });

  it("a correction that puts back the dose a prescription was written for asks nothing", async () => {
    const { course } = await courseStarted();
    await prescribe(course.id, "2026-11-20", 40);
    const message = said20Nov(40, 30);
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-15", mgPerIntake: "30" }, tokenFor(CODE, message))).toMatchObject({ status: "ok" });
    const lowered = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 30 } });
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-15", mgPerIntake: "40", supersedesId: lowered.id })).toMatchObject({ status: "ok" });
  });
});

describe("a dose change linked to the prescription it was written under (a later one, dated on its start date)", () => {
  it("is not taken for the version the prescription set: corrected, the prescription is named as written for its 40 mg; voided, it asks nothing", async () => {
    const { course } = await courseStarted();
    const rx = await prescribe(course.id, "2026-11-20", 40);
    const lowered = { effectiveFrom: "2026-11-20", mgPerIntake: "30" };
    expect(await changeDose(course.id, lowered, tokenFor(CODE, said20Nov(40, 30)))).toMatchObject({ status: "ok" });
    // The dose change is based on the latest prescription, but it was not set by it.
    const v = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 30 } });
    expect(v.prescriptionId).toBe(rx.id);
    const message = said20Nov(40, 50);
    const correct = (ack?: string) => changeDose(course.id, { effectiveFrom: "2026-11-20", mgPerIntake: "50", supersedesId: v.id }, ack);
    expect(await correct()).toMatchObject({ status: "confirm", warnings: [{ code: CODE, message }] });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: v.id, reason: "Never lowered" }))).toMatchObject({ status: "ok" });
  });

  it("on the course's first day, under its first prescription: corrected, that prescription is named as written for its 40 mg", async () => {
    // Started on 10 Nov: its first prescription supplies through 9 Dec.
    const { course } = await courseStarted("2026-11-10");
    const first = { effectiveFrom: "2026-11-10", mgPerIntake: "30" };
    expect(await changeDose(course.id, first, tokenFor(CODE, said("10 Nov 2026", "9 Dec 2026", 40, 30)))).toMatchObject({ status: "ok" });
    const v = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 30 } });
    const message = said("10 Nov 2026", "9 Dec 2026", 40, 50);
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-10", mgPerIntake: "50", supersedesId: v.id })).toMatchObject({
      status: "confirm",
      warnings: [{ code: CODE, message }],
    });
  });
});

describe("the void of a dose version", () => {
  it("60 mg from 1 Nov voided under the 20 Nov prescription written at 60 mg: 40 mg again from its date, asked, then voided with the code audited", async () => {
    const { p, course } = await courseStarted();
    expect(await changeDose(course.id, { effectiveFrom: "2026-11-01", mgPerIntake: "60" })).toMatchObject({ status: "ok" });
    const raised = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 60 } });
    await prescribe(course.id, "2026-11-20", 60);
    const message = said20Nov(60, 40);
    const voidIt = (ack?: string) => voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: raised.id, reason: "Never raised", ...(ack ? { ack } : {}) }));
    const before = await countRows();
    expect(await voidIt()).toMatchObject({ status: "confirm", warnings: [{ code: CODE, message }] });
    expect(await countRows()).toEqual(before);
    expect(await voidIt(tokenFor(CODE, message))).toMatchObject({ status: "ok" });
    expect((await audits(p.id, "dose.void")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });
});
