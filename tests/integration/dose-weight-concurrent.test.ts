import { describe, expect, it } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { lockPatient } from "@/lib/data/locks";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { actAs, callAction, form, makePatient, makeUser, testDb, TODAY, until } from "./helpers";
import { startCourseForm } from "./course-fixture";
import { waitingForLocks } from "./lock-helpers";

/**
 * A dose write is checked at the weight of its day, and a weight write at the dose in force
 * (lib/data/weight-dose-limits.ts); each reads the other under the patient's lock, so that of a prescription
 * and a weight saved at the same moment, the second sees the first, and a dose above a limit at the weight
 * is confirmed on one side or the other (today is Mon 23 Nov 2026).
 */
const db = () => testDb();
const REGIMEN_CHANGE = `This changes the dose from 40 mg daily to 60 mg daily from 23 Nov 2026: the cumulative dose and the projected target date follow it. Give the reason for the change.`;
const RX = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", pattern: "DAILY", counseled: "on" };

describe("a prescription and a weight saved at the same moment", () => {
  it("a prescription raising 40 mg to 60 mg daily while 50 kg is recorded is checked at 50 kg (1.20 mg/kg/day), not at the 60 kg it read before", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    // 40 mg daily from 52 days ago at 60 kg (its 30 days' supply long run out: no supply question).
    const start = startCourseForm(p.id, { startDate: addDays(TODAY, -52), startWeightKg: "60", mgPerIntake: "40" });
    expect(await callAction(() => startCourseAction(IDLE, start))).toEqual({ redirect: `/patients/${p.id}` });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const nurse = await makeUser("NURSE");

    // The nurse's weight holds the patient's lock while it is written: checked against the 40 mg in force
    // (40 / 50 = 0.80 mg/kg/day), it asks nothing. The prescription arrives meanwhile.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let acquired!: () => void;
    const held = new Promise<void>((r) => (acquired = r));
    const weight = db().$transaction(
      async (tx) => {
        await lockPatient(tx, p.id);
        acquired();
        await released;
        await tx.weightMeasurement.create({
          data: { patientId: p.id, measuredOn: new Date(`${TODAY}T00:00:00Z`), weightGrams: 50_000, enteredById: nurse.id },
        });
      },
      { timeout: 20_000 },
    );
    await held;
    // 60 mg daily: 1.00 mg/kg/day at 60 kg, 1.20 at 50 kg.
    const written = writePrescriptionAction(
      IDLE,
      form({
        courseId: course.id,
        version: String(course.version),
        writtenOn: TODAY,
        ...RX,
        mgPerIntake: "60",
        ack: tokenFor("PRESCRIPTION_CHANGES_REGIMEN", REGIMEN_CHANGE),
        reason: "Slow response",
      }),
    );
    await until(async () => (await waitingForLocks()) === 1, "the prescription to wait for the patient's lock");
    release();
    await weight;

    expect(await written).toMatchObject({
      status: "confirm",
      // Asked with the change of regimen already confirmed: every confirmation is asked while one is missing.
      warnings: [
        { code: "DAILY_EQUIVALENT_ABOVE_1_MG_KG", message: "Daily-equivalent dose is 1.20 mg/kg/day, above 1 mg/kg/day." },
        { code: "PRESCRIPTION_CHANGES_REGIMEN", message: REGIMEN_CHANGE },
      ],
    });
    expect(await db().prescription.count({ where: { courseId: course.id } })).toBe(1);
  });
});
