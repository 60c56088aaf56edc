import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction, startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { reopenCourseAction, voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { backDatedPrescription, courseVersion, dosedCourse, startCourseForm, weightRow } from "./course-fixture";
import { tokenFor, tokenIn } from "./confirmations";
import { actAs, callAction, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A write that puts a dose in force on days it was not checked for (a dose version voided, a course reopened,
 * a dose change, prescription or course start dated back) checks that dose at the weights in force on those
 * days, as the course card divides by them, and is refused with the question, nothing written, until it is
 * confirmed; the confirmation is kept in its audit row. A new weight checks the dose changes scheduled ahead
 * too. Today is Mon 23 Nov 2026; the figures are worked out by hand beside each case.
 */
const db = () => testDb();
const CODE = "DOSE_IN_FORCE_ABOVE_LIMIT";

const audits = (patientId: string, action: string) => db().auditEvent.findMany({ where: { patientId, action }, select: { changes: true } });

describe("a dose version voided puts the one before it back in force", () => {
  it("40 mg of 20 days ago voided: 60 mg again, 1.20 mg/kg/day at the 50 kg of 13 Nov: refused until confirmed, then voided with the confirmation audited", async () => {
    const {
      patient,
      course: c,
      versions,
    } = await dosedCourse([
      [addDays(TODAY, -40), 60],
      [addDays(TODAY, -20), 40],
    ]);
    await weightRow(patient.id, addDays(TODAY, -10), 50_000, c.dermatologistId);
    const voidIt = (ack?: string) =>
      voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Never reduced", ...(ack ? { ack } : {}) }));
    const before = await countRows();
    // From 3 Nov to 12 Nov at 60 kg: 60 / 60 = 1.00, not above. From 13 Nov at 50 kg: 1.20.
    const said = "From 13 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";
    expect(await voidIt()).toMatchObject({
      status: "confirm",
      message: "Check the dose this void leaves in force, then confirm to void the entry.",
      warnings: [{ code: CODE, message: said }],
    });
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: versions[1]!.id } })).toMatchObject({ voidedAt: null });
    expect(await courseVersion(c.id)).toBe(String(c.version));
    expect(await countRows()).toEqual(before);

    expect(await voidIt(tokenFor(CODE, said))).toMatchObject({ status: "ok" });
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: versions[1]!.id } })).toMatchObject({
      voidedAt: expect.any(Date),
      voidReason: "Never reduced",
    });
    expect((await audits(patient.id, "dose.void")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });

  it("a void whose dose is above no limit asks nothing, and its audit row names no confirmation", async () => {
    // 40 mg back from 20 days ago at 60 kg: 0.67 mg/kg/day.
    const { patient, versions } = await dosedCourse([
      [addDays(TODAY, -40), 40],
      [addDays(TODAY, -20), 60],
    ]);
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Never raised" }))).toMatchObject({ status: "ok" });
    expect((await audits(patient.id, "dose.void"))[0]!.changes).not.toHaveProperty("acknowledgedWarnings");
  });

  it("a nurse may not void it, confirmed or not: nothing is written", async () => {
    const { versions } = await dosedCourse([
      [addDays(TODAY, -40), 60],
      [addDays(TODAY, -20), 40],
    ]);
    actAs(await makeUser("NURSE"));
    const before = await countRows();
    const ack = tokenFor(CODE, "From 3 Nov 2026 (in force today), at 60 kg the dose, 60 mg daily, is 1.00 mg/kg/day, above 1 mg/kg/day.");
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Never reduced", ack }))).toMatchObject({
      status: "error",
    });
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: versions[1]!.id } })).toMatchObject({ voidedAt: null });
    expect(await countRows()).toEqual(before);
  });
});

describe("a course reopened puts its dose back in force after its former last day", () => {
  it("60 mg daily, ended 12 Nov: at the 50 kg of 18 Nov it is 1.20 mg/kg/day: refused until confirmed, then reopened with the confirmation audited", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 60]], { end: addDays(TODAY, -11) });
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const reopen = async (ack?: string) =>
      reopenCourseAction(IDLE, form({ courseId: c.id, version: await courseVersion(c.id), reason: "Ended on the wrong patient", ...(ack ? { ack } : {}) }));
    // From 13 Nov to 17 Nov at 60 kg: 1.00, not above. From 18 Nov at 50 kg: 1.20.
    const said = "From 18 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";
    expect(await reopen()).toMatchObject({
      status: "confirm",
      message: "Check the dose this course is reopened on, then confirm to reopen it.",
      warnings: [{ code: CODE, message: said }],
    });
    expect(await db().course.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "COMPLETED", version: c.version });
    expect(await db().courseReopening.count({ where: { courseId: c.id } })).toBe(0);
    expect(await audits(patient.id, "course.reopen")).toEqual([]);

    expect(await reopen(tokenFor(CODE, said))).toEqual({ status: "ok", message: "Course reopened." });
    expect(await db().course.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "ACTIVE", endDate: null });
    expect((await audits(patient.id, "course.reopen")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });
});

describe("a dose change dated back is checked at the weights measured since its date", () => {
  it("60 mg daily from 20 days ago: 1.00 at that day's 60 kg, 1.20 at the 50 kg of 18 Nov: refused until confirmed, then saved with the confirmation", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const change = async (ack?: string) =>
      changeDoseAction(
        IDLE,
        form({
          courseId: c.id,
          version: await courseVersion(c.id),
          effectiveFrom: addDays(TODAY, -20),
          reason: "Raised at the visit",
          mgPerIntake: "60",
          pattern: "DAILY",
          ...(ack ? { ack } : {}),
        }),
      );
    const said = "From 18 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";
    expect(await change()).toMatchObject({ status: "confirm", warnings: [{ code: CODE, message: said }] });
    expect(await db().doseChange.count({ where: { courseId: c.id } })).toBe(1);
    expect(await audits(patient.id, "dose.change")).toEqual([]);

    expect(await change(tokenFor(CODE, said))).toMatchObject({ status: "ok", message: "Dose change saved." });
    const saved = await db().doseChange.findFirstOrThrow({ where: { courseId: c.id, mgPerIntake: 60 } });
    expect(saved.acknowledgedWarnings).toEqual([CODE]);
    expect((await audits(patient.id, "dose.change")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });

  it("dated today it is checked at today's weight by the dose check alone: asked once, as the dose write's own warning", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const answer = await changeDoseAction(
      IDLE,
      form({ courseId: c.id, version: await courseVersion(c.id), effectiveFrom: TODAY, reason: "Raised", mgPerIntake: "60", pattern: "DAILY" }),
    );
    expect(answer).toMatchObject({
      status: "confirm",
      warnings: [{ code: "DAILY_EQUIVALENT_ABOVE_1_MG_KG", message: "Daily-equivalent dose is 1.20 mg/kg/day, above 1 mg/kg/day." }],
    });
  });

  it("a prescription changing the regimen from 13 Nov: 1.00 at 60 kg then, 1.20 at the 50 kg of 18 Nov, asked with the change of regimen", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const prescribe = async (ack: string[]) => writePrescriptionAction(IDLE, await backDatedPrescription(c.id, 60, ack));
    const asked = await prescribe([]);
    expect(asked).toMatchObject({ status: "confirm" });
    expect(asked.status === "confirm" ? asked.warnings.map((w) => w.code) : []).toEqual(["PRESCRIPTION_CHANGES_REGIMEN", CODE]);
    const said = "From 18 Nov 2026 (in force today), at 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";
    expect(asked.status === "confirm" ? asked.warnings.find((w) => w.code === CODE)?.message : null).toBe(said);
    const regimen = tokenIn(asked, "PRESCRIPTION_CHANGES_REGIMEN");
    expect(await prescribe([regimen])).toMatchObject({ status: "confirm" });
    expect(await db().prescription.count({ where: { courseId: c.id } })).toBe(0);

    expect(await prescribe([regimen, tokenFor(CODE, said)])).toMatchObject({ status: "ok" });
    expect((await audits(patient.id, "prescription.create")).map((a) => a.changes)).toEqual([
      expect.objectContaining({ acknowledgedWarnings: ["PRESCRIPTION_CHANGES_REGIMEN", CODE] }),
    ]);
  });
});

describe("a course started back", () => {
  it("60 mg daily from 20 days ago at 60 kg (1.00), weighed 52 kg on 18 Nov (1.15): refused until confirmed, then started with the confirmation", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await weightRow(p.id, addDays(TODAY, -5), 52_000, derm.id);
    const start = (ack?: string) =>
      callAction(() =>
        startCourseAction(IDLE, startCourseForm(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "60", ...(ack ? { ack } : {}) })),
      );
    // 60 / 52 = 1.1538.
    const said = "From 18 Nov 2026 (in force today), at 52 kg the dose, 60 mg daily, is 1.15 mg/kg/day, above 1 mg/kg/day.";
    expect(await start()).toMatchObject({ state: { status: "confirm", warnings: [{ code: CODE, message: said }] } });
    expect(await db().course.count({ where: { patientId: p.id } })).toBe(0);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);

    expect(await start(tokenFor(CODE, said))).toEqual({ redirect: `/patients/${p.id}` });
    expect((await audits(p.id, "course.start")).map((a) => a.changes)).toEqual([expect.objectContaining({ acknowledgedWarnings: [CODE] })]);
  });
});

describe("a new weight checks the dose changes scheduled ahead", () => {
  it("40 mg daily now, 60 mg from 1 Dec: 50 kg puts the 1 Dec dose at 1.20 mg/kg/day, asked naming that day, saved once confirmed", async () => {
    const { patient } = await dosedCourse([
      [addDays(TODAY, -40), 40],
      ["2026-12-01", 60],
    ]);
    actAs(await makeUser("NURSE"));
    const record = (ack?: string) => recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: TODAY, weightKg: "50", ...(ack ? { ack } : {}) }));
    // Now: 40 / 50 = 0.80. From 1 Dec: 60 / 60 = 1.00 before, 60 / 50 = 1.20 after.
    const said = "At 50 kg the dose from 1 Dec 2026, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day. Tell the prescriber; the dose is not changed.";
    expect(await record()).toMatchObject({ status: "confirm", warnings: [{ code: "WEIGHT_PUTS_DOSE_ABOVE_LIMIT", message: said }] });
    expect(await db().weightMeasurement.count({ where: { patientId: patient.id } })).toBe(1);
    expect(await record(tokenFor("WEIGHT_PUTS_DOSE_ABOVE_LIMIT", said))).toMatchObject({ status: "ok" });
    expect((await audits(patient.id, "weight.record")).map((a) => a.changes)).toEqual([
      expect.objectContaining({ weightGrams: 50_000, acknowledgedWarnings: ["WEIGHT_PUTS_DOSE_ABOVE_LIMIT"] }),
    ]);
  });
});
