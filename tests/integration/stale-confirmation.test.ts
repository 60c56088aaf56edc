import { describe, expect, it } from "vitest";
import { changeDoseAction, recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changeDose } from "@/lib/data/change-dose";
import { recordWeight } from "@/lib/data/record-weight";
import { addDays } from "@/lib/domain/dates";
import { AppError } from "@/lib/errors";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor, tokenIn } from "./confirmations";
import { courseVersion, dosedCourse, startCourseFor } from "./course-fixture";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A confirmation passes the warning the user was shown, and no other: a form confirming "1.05 mg/kg/day, above
 * 1" at one weight, sent again (a stale page, a resubmission) after another user recorded a weight that puts the
 * same dose at 1.40, is asked again with the new figure, nothing written, though the warning's code is the same.
 * Today is Mon 23 Nov 2026; the figures are worked out by hand beside each case.
 */
const db = () => testDb();
const ABOVE_ONE = "DAILY_EQUIVALENT_ABOVE_1_MG_KG";
const WEIGHT_LIMIT = "WEIGHT_PUTS_DOSE_ABOVE_LIMIT";
const TAIL = " Tell the prescriber; the dose is not changed.";

describe("a confirmation given for one figure", () => {
  it("a dose change confirmed at 60 kg (1.05 mg/kg/day), sent again after 45 kg is recorded: asked again at 1.40, then saved", async () => {
    // 40 mg daily from 40 days ago, weighed 60 kg then.
    const { patient, course: c, derm } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    const sent = async (ack: string[]) =>
      changeDoseAction(
        IDLE,
        form({ courseId: c.id, version: await courseVersion(c.id), effectiveFrom: TODAY, reason: "Slow response", mgPerIntake: "63", pattern: "DAILY", ack }),
      );
    // 63 / 60 = 1.05: asked; the dermatologist ticks the box for what it says.
    const at60 = "Daily-equivalent dose is 1.05 mg/kg/day, above 1 mg/kg/day.";
    const asked = await sent([]);
    expect(asked).toMatchObject({ status: "confirm", warnings: [{ code: ABOVE_ONE, message: at60 }] });
    const ticked = tokenIn(asked, ABOVE_ONE);
    expect(ticked).toBe(tokenFor(ABOVE_ONE, at60));

    // Meanwhile a nurse records 45 kg today (far from 60 kg: confirmed as her form asks; 40 / 45 = 0.89, nothing else).
    actAs(await makeUser("NURSE"));
    const weighed = await recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: TODAY, weightKg: "45" }));
    const farText = "45 kg is far from the 60 kg recorded on 14 Oct 2026: check it is in kg, not pounds.";
    expect(weighed).toMatchObject({ status: "confirm", warnings: [{ code: "WEIGHT_FAR_FROM_RECORDED", message: farText }] });
    const far = tokenFor("WEIGHT_FAR_FROM_RECORDED", farText);
    expect(await recordWeightAction(IDLE, form({ patientId: patient.id, measuredOn: TODAY, weightKg: "45", ack: far }))).toMatchObject({ status: "ok" });

    // The dermatologist's form, sent again with the box ticked for 1.05: 63 / 45 = 1.40, asked with the new text.
    actAs(derm);
    const before = await countRows();
    const at45 = "Daily-equivalent dose is 1.40 mg/kg/day, above 1 mg/kg/day.";
    expect(await sent([ticked])).toMatchObject({ status: "confirm", warnings: [{ code: ABOVE_ONE, message: at45, token: tokenFor(ABOVE_ONE, at45) }] });
    expect(await countRows()).toEqual(before);
    expect(await db().doseChange.count({ where: { courseId: c.id } })).toBe(1);

    // Confirmed as it reads now: saved, the code recorded as before.
    expect(await sent([tokenFor(ABOVE_ONE, at45)])).toMatchObject({ status: "ok", message: "Dose change saved." });
    const saved = await db().doseChange.findFirstOrThrow({ where: { courseId: c.id, mgPerIntake: 63 } });
    expect(saved.acknowledgedWarnings).toEqual([ABOVE_ONE]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: patient.id, action: "dose.change" } });
    expect(audit.changes).toMatchObject({ acknowledgedWarnings: [ABOVE_ONE] });
  });

  it("the same write through the data function: the token of the old figure is refused with the question naming the new one", async () => {
    const { patient, course: c, derm } = await dosedCourse([[addDays(TODAY, -40), 40]]);
    await testDb().weightMeasurement.create({
      data: { patientId: patient.id, measuredOn: new Date(`${TODAY}T00:00:00Z`), weightGrams: 45_000, enteredById: derm.id },
    });
    const input = {
      courseId: c.id,
      version: c.version,
      effectiveFrom: TODAY,
      reason: "Slow response",
      schedule: { mgPerIntake: 63, intakesPerDay: 1, pattern: { kind: "DAILY" as const } },
    };
    const actor = { id: derm.id, role: "DERMATOLOGIST" as const };
    const refused = await changeDose(
      actor,
      { ...input, ack: [tokenFor(ABOVE_ONE, "Daily-equivalent dose is 1.05 mg/kg/day, above 1 mg/kg/day.")] },
      TODAY,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: "NEEDS_CONFIRMATION",
      detail: { warnings: [{ code: ABOVE_ONE, message: "Daily-equivalent dose is 1.40 mg/kg/day, above 1 mg/kg/day." }] },
    });
    // A code alone confirms nothing either.
    await expect(changeDose(actor, { ...input, ack: [ABOVE_ONE] }, TODAY)).rejects.toMatchObject({ code: "NEEDS_CONFIRMATION" });
    expect(await db().doseChange.count({ where: { courseId: c.id } })).toBe(1);
    await changeDose(actor, { ...input, ack: [tokenFor(ABOVE_ONE, "Daily-equivalent dose is 1.40 mg/kg/day, above 1 mg/kg/day.")] }, TODAY);
    expect(await db().doseChange.count({ where: { courseId: c.id } })).toBe(2);
  });

  it("a weight confirmed at 50 mg daily (1.04 mg/kg/day at 48 kg), sent after the dose is raised to 60 mg: asked again at 1.25, then saved", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: addDays(TODAY, -19), startWeightKg: "60", mgPerIntake: "50", capsuleStrengthMg: "10" });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const nurse = { id: (await makeUser("NURSE")).id, role: "NURSE" as const };
    // 48 kg is within a fifth of 60 kg (5 x 12 = 60): only the dose is asked about. 50 / 48 = 1.04.
    const entry = { patientId: p.id, measuredOn: TODAY, weightGrams: 48_000 };
    const at50mg = `At 48 kg the current dose, 50 mg daily, is 1.04 mg/kg/day, above 1 mg/kg/day.${TAIL}`;
    await expect(recordWeight(nurse, entry, TODAY)).rejects.toMatchObject({
      code: "NEEDS_CONFIRMATION",
      detail: { warnings: [{ code: WEIGHT_LIMIT, message: at50mg, token: tokenFor(WEIGHT_LIMIT, at50mg) }] },
    });
    // Meanwhile the dose is raised to 60 mg daily from today: 60 / 60 = 1.00 at the weight it reads, nothing to confirm.
    const raised = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: await courseVersion(course.id),
        effectiveFrom: TODAY,
        reason: "Slow response",
        mgPerIntake: "60",
        pattern: "DAILY",
      }),
    );
    expect(raised).toMatchObject({ status: "ok" });
    // The nurse's confirmation of 1.04, the same code: 60 / 48 = 1.25, asked again with the new text, nothing written.
    const at60mg = `At 48 kg the current dose, 60 mg daily, is 1.25 mg/kg/day, above 1 mg/kg/day.${TAIL}`;
    await expect(recordWeight(nurse, { ...entry, ack: [tokenFor(WEIGHT_LIMIT, at50mg)] }, TODAY)).rejects.toMatchObject({
      code: "NEEDS_CONFIRMATION",
      detail: { warnings: [{ code: WEIGHT_LIMIT, message: at60mg }] },
    });
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
    expect(await recordWeight(nurse, { ...entry, ack: [tokenFor(WEIGHT_LIMIT, at60mg)] }, TODAY)).toEqual({ replacedGrams: null });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "weight.record" } });
    expect(audit.changes).toMatchObject({ weightGrams: 48_000, acknowledgedWarnings: [WEIGHT_LIMIT] });
  });
});
