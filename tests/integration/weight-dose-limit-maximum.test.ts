import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { courseVersion, dailyDoseChange, startCourseFor } from "./course-fixture";
import { tokenFor } from "./confirmations";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A weight that puts a dose above the label maximum is confirmed under a code of its own: a confirmation sent by
 * a form asked while the same weight put the dose above 1 mg/kg/day only (before a dose change or another weight
 * moved it) does not give it, and nothing is written until it is asked again and confirmed. The course card says
 * the dose changes scheduled ahead above a limit at the latest weight. Today is Mon 23 Nov 2026; the figures are
 * worked out by hand beside each case.
 */
const db = () => testDb();
const LIMIT = "WEIGHT_PUTS_DOSE_ABOVE_LIMIT";
const MAXIMUM = "WEIGHT_PUTS_DOSE_ABOVE_MAXIMUM";
const FAR = "WEIGHT_FAR_FROM_RECORDED";
const START = addDays(TODAY, -19);
const TAIL = " Tell the prescriber; the dose is not changed.";
const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A course of `mg` mg daily from 19 days ago at `kg` kg, started by a dermatologist (returned), with a nurse. */
async function courseAt(kg: string, mg: string, extra: Record<string, string> = {}) {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  await startCourseFor(p.id, { startDate: START, startWeightKg: kg, mgPerIntake: mg, ...extra });
  const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  return { p, course, derm, nurse };
}

const weightRow = (patientId: string, day: string, weightGrams: number, enteredById: string) =>
  db().weightMeasurement.create({ data: { patientId, measuredOn: dayOf(day), weightGrams, enteredById } });
const liveGrams = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId, voidedAt: null }, orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }] })).map(
    (w) => w.weightGrams,
  );
const lastAudit = (patientId: string, action: string) =>
  db().auditEvent.findFirstOrThrow({ where: { patientId, action }, orderBy: { id: "desc" }, select: { changes: true } });

describe("a confirmation of 'above 1 mg/kg/day' does not give 'above the label maximum'", () => {
  it("a new weight: asked at 1.20 mg/kg/day; the dose raised meanwhile to 110 mg; the old confirmation is asked again at 2.20, then saved", async () => {
    const { p, course, derm, nurse } = await courseAt("60", "60");
    const record = (ack?: string) => recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: TODAY, weightKg: "50", ...(ack ? { ack } : {}) }));
    // 60 / 50 = 1.20 mg/kg/day (1.00 at 60 kg): the nurse's form is asked above 1 mg/kg/day.
    const asked = `At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.${TAIL}`;
    expect(await record()).toMatchObject({ status: "confirm", warnings: [{ code: LIMIT, message: asked }] });
    // Meanwhile the dermatologist raises the dose to 110 mg daily from today: 110 / 60 = 1.83, confirmed above 1.
    actAs(derm);
    expect(await changeDoseAction(IDLE, await dailyDoseChange(course.id, 110, TODAY, "Raised at the visit", "1.83"))).toMatchObject({ status: "ok" });
    // The nurse's form, sent with the confirmation it was asked for: 110 / 50 = 2.20, above the label maximum (newly:
    // 1.83 at 60 kg was above 1 only). Asked again, nothing written.
    actAs(nurse);
    const now = `At 50 kg the current dose, 110 mg daily, is 2.20 mg/kg/day, above 2 mg/kg/day, the label maximum.${TAIL}`;
    expect(await record(tokenFor(LIMIT, asked))).toMatchObject({ status: "confirm", warnings: [{ code: MAXIMUM, message: now }] });
    expect(await liveGrams(p.id)).toEqual([60_000]);
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "weight.record" } })).toBe(0);
    expect(await record(tokenFor(MAXIMUM, now))).toMatchObject({ status: "ok" });
    expect(await liveGrams(p.id)).toEqual([60_000, 50_000]);
    expect((await lastAudit(p.id, "weight.record")).changes).toMatchObject({ weightGrams: 50_000, acknowledgedWarnings: [MAXIMUM] });
  });

  it("a void: asked at 1.11 mg/kg/day; the weight it falls back on corrected meanwhile to 45 kg; asked again at 2.22, then voided", async () => {
    const { p, nurse } = await courseAt("100", "100");
    // 100 mg daily: 1.00 at the 100 kg start, 1.11 at 90 kg (10 days ago), 0.95 at 105 kg (2 days ago, the latest).
    const earlier = await weightRow(p.id, addDays(TODAY, -10), 90_000, nurse.id);
    const later = await weightRow(p.id, addDays(TODAY, -2), 105_000, nurse.id);
    const voidIt = (ack?: string) =>
      correctWeightAction(IDLE, form({ weightId: later.id, weightKg: "", measuredOn: "", reason: "Other patient's weight", ...(ack ? { ack } : {}) }));
    const asked = `At 90 kg the current dose, 100 mg daily, is 1.11 mg/kg/day, above 1 mg/kg/day.${TAIL}`;
    expect(await voidIt()).toMatchObject({ status: "confirm", warnings: [{ code: LIMIT, message: asked }] });
    // Another nurse corrects the 90 kg entry to 45 kg: today's dose still reads 105 kg, so only the far weight is asked
    // (against the last weight before its day, the start's 100 kg).
    actAs(await makeUser("NURSE"));
    const far = tokenFor(FAR, "45 kg is far from the 100 kg recorded on 4 Nov 2026, the last weight before 13 Nov 2026: check it is in kg, not pounds.");
    expect(
      await correctWeightAction(IDLE, form({ weightId: earlier.id, weightKg: "45", measuredOn: "", reason: "Misread the scale", ack: far })),
    ).toMatchObject({ status: "ok" });
    // The first form's void, with its confirmation: it now falls back on 45 kg, 100 / 45 = 2.22, above the label maximum.
    actAs(nurse);
    const now = `At 45 kg the current dose, 100 mg daily, is 2.22 mg/kg/day, above 2 mg/kg/day, the label maximum.${TAIL}`;
    expect(await voidIt(tokenFor(LIMIT, asked))).toMatchObject({ status: "confirm", warnings: [{ code: MAXIMUM, message: now }] });
    expect(await db().weightMeasurement.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ voidedAt: null });
    expect(await voidIt(tokenFor(MAXIMUM, now))).toMatchObject({ status: "ok" });
    expect(await db().weightMeasurement.findUniqueOrThrow({ where: { id: later.id } })).toMatchObject({ voidedAt: expect.any(Date) });
    expect((await lastAudit(p.id, "weight.void")).changes).toMatchObject({ acknowledgedWarnings: [MAXIMUM] });
  });

  it("a confirmation of the maximum, sent after the dose was lowered to 1.20 mg/kg/day at the weight, is asked again under the lesser code", async () => {
    const { p, course, derm, nurse } = await courseAt("60", "110", {
      capsuleStrengthMg: "10",
      ack: tokenFor("DAILY_EQUIVALENT_ABOVE_1_MG_KG", "Daily-equivalent dose is 1.83 mg/kg/day, above 1 mg/kg/day."),
    });
    const record = (ack?: string) => recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: TODAY, weightKg: "50", ...(ack ? { ack } : {}) }));
    // 110 / 50 = 2.20 (1.83 at 60 kg).
    const asked = `At 50 kg the current dose, 110 mg daily, is 2.20 mg/kg/day, above 2 mg/kg/day, the label maximum.${TAIL}`;
    expect(await record()).toMatchObject({ status: "confirm", warnings: [{ code: MAXIMUM, message: asked }] });
    // Lowered meanwhile to 60 mg daily (1.00 at 60 kg): at 50 kg 1.20, above 1 mg/kg/day only: asked under its own code.
    actAs(derm);
    expect(
      await changeDoseAction(
        IDLE,
        form({ courseId: course.id, version: await courseVersion(course.id), effectiveFrom: TODAY, reason: "Lowered", mgPerIntake: "60", pattern: "DAILY" }),
      ),
    ).toMatchObject({ status: "ok" });
    actAs(nurse);
    const now = `At 50 kg the current dose, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.${TAIL}`;
    expect(await record(tokenFor(MAXIMUM, asked))).toMatchObject({ status: "confirm", warnings: [{ code: LIMIT, message: now }] });
    expect(await liveGrams(p.id)).toEqual([60_000]);
    expect(await record(tokenFor(LIMIT, now))).toMatchObject({ status: "ok" });
    expect((await lastAudit(p.id, "weight.record")).changes).toMatchObject({ acknowledgedWarnings: [LIMIT] });
  });

  it("the weight forms refuse a code they never ask for, and accept the maximum's", async () => {
    const { p } = await courseAt("60", "60");
    const text = `At 62 kg the current dose, 60 mg daily, is 0.97 mg/kg/day.${TAIL}`;
    for (const ack of ["WEIGHT_PUTS_DOSE_ABOVE_EVERYTHING", tokenFor("WEIGHT_PUTS_DOSE_ABOVE_EVERYTHING", text), MAXIMUM]) {
      const answer = await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: TODAY, weightKg: "62", ack }));
      expect(answer, ack).toMatchObject({ status: "error", fieldErrors: { ack: [expect.stringContaining("Not a confirmation this form asks for")] } });
    }
    expect(await liveGrams(p.id)).toEqual([60_000]);
    // Sent though nothing is asked (62 kg: 0.97), a token of the maximum's code is a confirmation the form may send.
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: TODAY, weightKg: "62", ack: tokenFor(MAXIMUM, text) }))).toMatchObject({
      status: "ok",
    });
  });
});

describe("the course card says a dose change scheduled ahead above a limit at the latest weight", () => {
  it("40 mg daily now (0.80 at 50 kg), 60 mg from 1 Dec 2026 (1.20): said with its day, to both roles that read courses", async () => {
    const { p, course, derm } = await courseAt("50", "40");
    actAs(derm);
    // Scheduled ahead at the start weight, 50 kg: 60 / 50 = 1.20, confirmed by the prescriber.
    expect(await changeDoseAction(IDLE, await dailyDoseChange(course.id, 60, "2026-12-01", "Step up", "1.20"))).toMatchObject({ status: "ok" });
    const line = "At 50 kg the dose from 1 Dec 2026, 60 mg daily, is 1.20 mg/kg/day, above 1 mg/kg/day.";
    for (const role of ["DERMATOLOGIST", "NURSE"] as const) {
      const treatment = await getPatientTreatment({ role }, p.id, TODAY);
      expect(treatment.courses.flatMap((c) => c.doseLimits)).toEqual([{ limit: "DAILY_EQUIVALENT_ABOVE_1_MG_KG", message: line, from: "2026-12-01" }]);
    }
  });
});
