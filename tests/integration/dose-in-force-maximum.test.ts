import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction, startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { reopenCourseAction, voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import type { ActionState } from "@/lib/validation/action-result";
import { IDLE } from "@/lib/validation/action-result";
import { backDatedPrescription, courseVersion, dosedCourse, startCourseForm, weightRow } from "./course-fixture";
import { tokenFor } from "./confirmations";
import { actAs, callAction, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * The label maximum (2 mg/kg/day) of a dose put in force: a dose written now (a dose change, a prescription
 * changing the regimen, a course start), dated back, is refused when it is above the maximum at the weight of
 * any day it is in force, as the dose write is at its own date's weight; a void or a reopening, which writes no
 * dose, asks for it, under a confirmation of its own that a confirmation of a lesser limit does not give.
 * Today is Mon 23 Nov 2026; the figures are worked out by hand beside each case.
 */
const db = () => testDb();
const LIMIT = "DOSE_IN_FORCE_ABOVE_LIMIT";
const MAXIMUM = "DOSE_IN_FORCE_ABOVE_MAXIMUM";

const said = (s: ActionState) => (s.status === "error" ? [s.message, ...Object.values(s.fieldErrors ?? {}).flat()].join(" ") : "");

// 120 mg daily: 2.00 mg/kg/day at 60 kg (above 1, not above the maximum), 2.40 at 50 kg.
const ABOVE_MAX_AT_50 = "From 18 Nov 2026 (in force today), at 50 kg the dose, 120 mg daily, is 2.40 mg/kg/day, above 2 mg/kg/day, the label maximum.";
/** The confirmations of 120 mg daily as the forms showed it at 60 kg: its own dose check's, and the dose in force from `from`. */
const confirmedAt60 = (from: string) => [
  tokenFor("DAILY_EQUIVALENT_ABOVE_1_MG_KG", "Daily-equivalent dose is 2.00 mg/kg/day, above 1 mg/kg/day."),
  tokenFor(LIMIT, `From ${from} (in force today), at 60 kg the dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day.`),
];

describe("a dose written back, above the label maximum at a weight measured since its date, is refused", () => {
  it("a dose change of 120 mg daily from 20 days ago, 2.40 at the 50 kg of 18 Nov: refused whatever is confirmed, nothing written", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const before = await countRows();
    const answer = await changeDoseAction(
      IDLE,
      form({
        courseId: c.id,
        version: await courseVersion(c.id),
        effectiveFrom: addDays(TODAY, -20),
        reason: "Raised at the visit",
        mgPerIntake: "120",
        pattern: "DAILY",
        ack: confirmedAt60("3 Nov 2026"),
      }),
    );
    expect(answer).toMatchObject({ status: "error" });
    expect(said(answer)).toContain(ABOVE_MAX_AT_50);
    expect(await countRows()).toEqual(before);
    expect(await db().doseChange.count({ where: { courseId: c.id } })).toBe(1);
  });

  it("a prescription changing the regimen to 120 mg daily from 13 Nov: refused, no prescription, no dose version, no audit row", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const before = await countRows();
    const answer = await writePrescriptionAction(
      IDLE,
      await backDatedPrescription(c.id, 120, [
        tokenFor(
          "PRESCRIPTION_CHANGES_REGIMEN",
          "This changes the dose from 40 mg daily to 120 mg daily from 13 Nov 2026: the cumulative dose and the projected target date follow it. Give the reason for the change.",
        ),
        ...confirmedAt60("13 Nov 2026"),
      ]),
    );
    expect(answer).toMatchObject({ status: "error" });
    expect(said(answer)).toContain(ABOVE_MAX_AT_50);
    expect(await countRows()).toEqual(before);
  });

  it("a course started 20 days ago on 120 mg daily at 60 kg, weighed 52 kg on 18 Nov (2.31): refused, no course", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await weightRow(p.id, addDays(TODAY, -5), 52_000, derm.id);
    const before = await countRows();
    const sent = startCourseForm(p.id, { startDate: addDays(TODAY, -20), startWeightKg: "60", mgPerIntake: "120" });
    for (const token of confirmedAt60("3 Nov 2026")) sent.append("ack", token);
    const answer = await callAction(() => startCourseAction(IDLE, sent));
    expect(answer).toMatchObject({ state: { status: "error" } });
    expect(said((answer as { state: ActionState }).state)).toContain(
      "From 18 Nov 2026 (in force today), at 52 kg the dose, 120 mg daily, is 2.31 mg/kg/day, above 2 mg/kg/day, the label maximum.",
    );
    expect(await countRows()).toEqual(before);
  });
});

describe("a void or reopening that leaves a dose above the label maximum in force is asked, under its own confirmation", () => {
  it("a void asked about 1.20 mg/kg/day, confirmed after a weight puts it above the maximum: asked again, then voided with that confirmation", async () => {
    // 40 mg of 20 days ago voided: 120 mg again from then; at 60 kg 2.00 (above 1), at the 50 kg of 18 Nov 2.40.
    const {
      patient,
      course: c,
      versions,
    } = await dosedCourse([
      [addDays(TODAY, -40), 120],
      [addDays(TODAY, -20), 40],
    ]);
    const voidIt = (ack: string[]) => voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Never reduced", ack }));
    const asked = "From 3 Nov 2026 (in force today), at 60 kg the dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day.";
    expect(await voidIt([])).toMatchObject({ status: "confirm", warnings: [{ code: LIMIT, message: asked }] });
    // The form stays open while a nurse records 50 kg on 18 Nov (asked of the 40 mg in force now: 0.80, nothing).
    actAs(await makeUser("NURSE"));
    expect(await recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: addDays(TODAY, -5), weightKg: "50" }))).toMatchObject({ status: "ok" });
    actAs({ id: c.dermatologistId });
    const before = await countRows();
    const now = `From 3 Nov 2026 to 17 Nov 2026, at 60 kg the dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day. ${ABOVE_MAX_AT_50}`;
    expect(await voidIt([tokenFor(LIMIT, asked)])).toMatchObject({ status: "confirm", warnings: [{ code: MAXIMUM, message: now }] });
    expect(await countRows()).toEqual(before);
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: versions[1]!.id } })).toMatchObject({ voidedAt: null });

    expect(await voidIt([tokenFor(MAXIMUM, now)])).toMatchObject({ status: "ok" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: patient.id, action: "dose.void" } });
    expect(audit.changes).toMatchObject({ acknowledgedWarnings: [MAXIMUM] });
  });

  it("a course reopened whose dose is above the maximum at the weight measured since: asked, not refused, confirmed with its own code", async () => {
    const { patient, course: c } = await dosedCourse([[addDays(TODAY, -40), 120]], { end: addDays(TODAY, -11) });
    await weightRow(patient.id, addDays(TODAY, -5), 50_000, c.dermatologistId);
    const reopen = async (ack: string[]) =>
      reopenCourseAction(IDLE, form({ courseId: c.id, version: await courseVersion(c.id), reason: "Ended in error", ack }));
    // A confirmation of the lesser limit, as a page shown before the 50 kg was recorded asked it.
    const atLimit = tokenFor(LIMIT, "From 13 Nov 2026 (in force today), at 60 kg the dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day.");
    const now = `From 13 Nov 2026 to 17 Nov 2026, at 60 kg the dose, 120 mg daily, is 2.00 mg/kg/day, above 1 mg/kg/day. ${ABOVE_MAX_AT_50}`;
    expect(await reopen([atLimit])).toMatchObject({ status: "confirm", warnings: [{ code: MAXIMUM, message: now }] });
    expect(await db().course.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: "COMPLETED" });
    expect(await reopen([tokenFor(MAXIMUM, now)])).toMatchObject({ status: "ok" });
  });

  it("a void form sending a confirmation it does not ask for is refused with a message, nothing voided", async () => {
    const { versions } = await dosedCourse([
      [addDays(TODAY, -40), 60],
      [addDays(TODAY, -20), 40],
    ]);
    for (const ack of ["WEIGHT_PUTS_DOSE_ABOVE_LIMIT", tokenFor("WEIGHT_PUTS_DOSE_ABOVE_LIMIT", "At 50 kg the dose, 60 mg daily, is 1.20 mg/kg/day."), LIMIT]) {
      const answer = await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: versions[1]!.id, reason: "Never reduced", ack }));
      expect(answer, ack).toMatchObject({ status: "error", fieldErrors: { ack: ["Not a confirmation this form asks for: reload the page and try again."] } });
    }
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: versions[1]!.id } })).toMatchObject({ voidedAt: null });
  });
});
