import { describe, expect, it } from "vitest";
import { recordDispensingAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordDispensing } from "@/lib/data/record-dispensing";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { actAs, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";
import { writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";

/**
 * Today is 23 Nov 2026. A patient who can become pregnant is on a course started on 24 Oct; its first prescription,
 * written that day on the negative test of 22 Oct, was to be dispensed by 28 Oct (day 7 of that test's window), and no
 * dispensed date was given with it. The pharmacy's fill is recorded afterwards from the course card, by a nurse or a
 * dermatologist.
 */
const START = "2026-10-24";
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

async function onCourse() {
  const { derm, p, course, confirm } = await patientOnCourse(START);
  const rx = await rxWrittenOn(course.id, START);
  expect(rx.dispenseBy).toBe("2026-10-28");
  return { derm, p, course, confirm, rx };
}

/** The form under the prescription, at the course's version as stored now (or `version`). */
async function dispensingForm(courseId: string, prescriptionId: string, dispensedOn: string, over: Record<string, string | string[]> = {}) {
  const fd = new FormData();
  const values = { courseId, version: String((await fresh(courseId)).version), prescriptionId, dispensedOn, ...over };
  for (const [k, v] of Object.entries(values)) for (const item of Array.isArray(v) ? v : [v]) fd.append(k, item);
  return fd;
}

const written = async (prescriptionId: string) => ({
  dispensedOn: (await testDb().prescription.findUniqueOrThrow({ where: { id: prescriptionId } })).dispensedOn,
  rows: await testDb().prescriptionDispensing.count({ where: { prescriptionId } }),
  audits: await testDb().auditEvent.count({ where: { entityId: prescriptionId, action: { startsWith: "prescription.dispense" } } }),
});

describe("recording a prescription's dispensing after it was written", () => {
  it("a nurse records it: the prescription, a row of its history and an audit row, in one write; the supply counts from it", async () => {
    const { p, course, rx } = await onCourse();
    // 30 days from 24 Oct: supplied through 22 Nov, renewal due 23 Nov.
    const renewal = () => testDb().monitoringItemRow.findFirstOrThrow({ where: { patientId: p.id, kind: "RX_RENEWAL" } });
    expect((await renewal()).dueDate).toEqual(day("2026-11-23"));
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const version = (await fresh(course.id)).version;

    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-10-26"))).toEqual({
      status: "ok",
      message: "Recorded as dispensed on 26 Oct 2026.",
    });
    expect((await testDb().prescription.findUniqueOrThrow({ where: { id: rx.id } })).dispensedOn).toEqual(day("2026-10-26"));
    expect(await testDb().prescriptionDispensing.findMany({ where: { prescriptionId: rx.id } })).toMatchObject([
      { dispensedOn: day("2026-10-26"), supersedesId: null, reason: null, acknowledgedWarnings: [], recordedById: nurse.id },
    ]);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "prescription.dispense", entityId: rx.id } });
    expect(audit).toMatchObject({ actorId: nurse.id, entityType: "Prescription", patientId: p.id });
    expect(audit.changes).toMatchObject({ courseId: course.id, dispensedOn: "2026-10-26", acknowledgedWarnings: [] });
    // Forms opened before are stale; the supply now runs from 26 Oct, through 24 Nov.
    expect((await fresh(course.id)).version).toBe(version + 1);
    expect((await renewal()).dueDate).toEqual(day("2026-11-25"));
  });

  it("office staff and administrators get no form and the action refuses them: nothing is written", async () => {
    const { course, rx } = await onCourse();
    for (const role of ["STAFF", "ADMIN"] as const) {
      const user = await makeUser(role);
      actAs(user);
      const before = await written(rx.id);
      expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-10-26")), role).toMatchObject({
        status: "error",
        message: "You do not have permission to do this.",
      });
      await expect(
        recordDispensing({ id: user.id, role }, { courseId: course.id, version: 1, prescriptionId: rx.id, dispensedOn: "2026-10-26", ack: [] }, TODAY),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await written(rx.id), role).toEqual(before);
    }
  });

  it.each([
    ["before the day it was written", "2026-10-23", "A prescription is dispensed on or after the day it is written."],
    ["after today", "2026-11-24", "The dispensed date cannot be in the future."],
    ["not a date", "2026-02-30", "That date does not exist."],
    ["empty", "", "Enter a date."],
  ])("a date %s is refused with a clear message and nothing is written", async (_, dispensedOn, message) => {
    const { derm, course, rx } = await onCourse();
    actAs(derm);
    const before = await written(rx.id);
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, dispensedOn))).toMatchObject({
      status: "error",
      fieldErrors: { dispensedOn: [message] },
    });
    expect(await written(rx.id)).toEqual(before);
  });

  it("a prescription voided as entered in error takes no dispensed date", async () => {
    const { derm, course, rx } = await onCourse();
    await testDb().prescription.update({ where: { id: rx.id }, data: { voidedAt: new Date(), voidedById: derm.id, voidReason: "Wrong patient" } });
    actAs(derm);
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-10-26"))).toMatchObject({
      status: "error",
      message: "This prescription was voided as entered in error: its dispensing cannot be recorded or corrected.",
    });
    expect(await written(rx.id)).toEqual({ dispensedOn: null, rows: 0, audits: 0 });
  });

  it("a date after its last day to be dispensed, or after the course ended, is recorded once confirmed, never silently", async () => {
    const { derm, course, rx } = await onCourse();
    await testDb().course.update({ where: { id: course.id }, data: { status: "STOPPED", endDate: day("2026-11-10"), endReason: "Stopped early" } });
    actAs(derm);
    const late = "Its last day to be dispensed was 28 Oct 2026: confirm that the pharmacy dispensed it on 12 Nov 2026, after that day.";
    const ended = "The course ended on 10 Nov 2026: confirm that the pharmacy dispensed it on 12 Nov 2026, after the course's last day.";
    const asked = await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-12"));
    expect(asked).toMatchObject({ status: "confirm", message: "Check the dispensed date, then confirm to record it." });
    expect(asked.status === "confirm" && asked.warnings.map((w) => w.message)).toEqual([late, ended]);
    expect(await written(rx.id)).toEqual({ dispensedOn: null, rows: 0, audits: 0 });

    // One of the two confirmed is not enough.
    const one = [tokenFor("DISPENSED_AFTER_LAST_DAY", late)];
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-12", { ack: one }))).toMatchObject({ status: "confirm" });
    const both = [...one, tokenFor("DISPENSED_AFTER_COURSE_END", ended)];
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-12", { ack: both }))).toMatchObject({ status: "ok" });
    const codes = ["DISPENSED_AFTER_LAST_DAY", "DISPENSED_AFTER_COURSE_END"];
    expect(await testDb().prescriptionDispensing.findFirstOrThrow({ where: { prescriptionId: rx.id } })).toMatchObject({ acknowledgedWarnings: codes });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "prescription.dispense", entityId: rx.id } });
    expect(audit.changes).toMatchObject({ dispensedOn: "2026-11-12", acknowledgedWarnings: codes });
  });

  it("a day the prescription was held from dispensing asks for confirmation naming why", async () => {
    // A second prescription on 22 Nov, on the negative test of 21 Nov; a positive test collected today stops prescribing.
    const { derm, p, course, confirm } = await onCourse();
    await pregnancyTest(p.id, "2026-11-21", derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), "2026-11-22", confirm))).toMatchObject({ status: "ok" });
    const rx = await rxWrittenOn(course.id, "2026-11-22");
    await pregnancyTest(p.id, TODAY, derm.id, "POSITIVE");
    actAs(await makeUser("NURSE"));
    const held =
      'On 23 Nov 2026 this prescription was held: "Do not dispense: prescribing is stopped until a dermatologist\'s review". ' +
      "Confirm that the pharmacy dispensed it that day all the same.";
    const asked = await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, TODAY));
    expect(asked.status === "confirm" && asked.warnings.map((w) => [w.code, w.message])).toEqual([["DISPENSED_WHILE_HELD", held]]);
    expect(await written(rx.id)).toEqual({ dispensedOn: null, rows: 0, audits: 0 });
    expect(await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, TODAY, { ack: [tokenFor("DISPENSED_WHILE_HELD", held)] }))).toMatchObject({
      status: "ok",
    });
    // The day before the test, nothing held it: a correction to that day asks nothing more than its reason.
    expect(
      await recordDispensingAction(IDLE, await dispensingForm(course.id, rx.id, "2026-11-22", { reason: "The pharmacy filled it the day before" })),
    ).toMatchObject({ status: "ok" });
  });

  it("of two people recording at once, one succeeds and the other is told the course changed", async () => {
    const { course, rx } = await onCourse();
    const [nurse, derm] = [await makeUser("NURSE"), await makeUser("DERMATOLOGIST")];
    const { version } = await fresh(course.id);
    const input = (dispensedOn: string) => ({ courseId: course.id, version, prescriptionId: rx.id, dispensedOn, ack: [] });
    const results = await Promise.allSettled([
      recordDispensing({ id: nurse.id, role: "NURSE" }, input("2026-10-25"), TODAY),
      recordDispensing({ id: derm.id, role: "DERMATOLOGIST" }, input("2026-10-26"), TODAY),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("changed by someone else") });
    expect(await written(rx.id)).toMatchObject({ rows: 1, audits: 1 });
    // A form opened before the first was saved is stale too.
    actAs(nurse);
    const stale = await dispensingForm(course.id, rx.id, "2026-10-27", { reason: "Other date", version: String(version) });
    expect(await recordDispensingAction(IDLE, stale)).toMatchObject({ status: "error", message: expect.stringContaining("changed by someone else") });
    expect(await written(rx.id)).toMatchObject({ rows: 1, audits: 1 });
  });
});
