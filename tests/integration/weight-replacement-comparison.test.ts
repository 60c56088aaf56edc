import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { IDLE } from "@/lib/validation/action-result";
import { askedIn, tokenFor } from "./confirmations";
import { actAs, form, makePatient, makeUser, testDb } from "./helpers";

/**
 * A weight that replaces the day's weight (entered again for a day that has one) is checked against the last
 * weight before that day, from which the change is measured, and not against the entry it replaces, another
 * entry of its own day or a nearer weight after it; the question names the weight it is compared with. With no
 * other weight at all, it is compared with the one it replaces. A correction of the entry, which the
 * replacement becomes, asks the same.
 */
const db = () => testDb();
const DAY = "2026-11-15";
const FAR = "WEIGHT_FAR_FROM_RECORDED";
const REPLACE = "WEIGHT_RECORDED_SAME_DAY";

const record = (patientId: string, measuredOn: string, weightKg: string, over: Record<string, string | string[]> = {}) =>
  recordWeightAction(IDLE, form({ patientId, measuredOn, weightKg, ...over }));
const liveOn = (patientId: string, day: string) =>
  db().weightMeasurement.findMany({ where: { patientId, measuredOn: new Date(`${day}T00:00:00Z`), voidedAt: null }, orderBy: { enteredAt: "asc" } });

/** A patient, and a nurse signed in who records the given weights (kg by day), in that order. */
async function weighed(weights: [string, string][]) {
  const p = await makePatient();
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  for (const [day, kg] of weights) expect(await record(p.id, day, kg)).toMatchObject({ status: "ok" });
  return { p, nurse };
}

describe("a weight that replaces the day's weight", () => {
  it("is compared with the last weight before the day, not with a nearer one after it, and the question says which", async () => {
    const { p } = await weighed([
      ["2026-11-01", "60"],
      [DAY, "61"],
      ["2026-11-16", "72"],
    ]);
    const [replaced] = await liveOn(p.id, DAY);
    // 73 kg is within a fifth of the 72 kg of the 16th, not of the 60 kg of 1 Nov: 5 x 13 = 65 > 60.
    const message = "73 kg is far from the 60 kg recorded on 1 Nov 2026, the last weight before 15 Nov 2026: check it is in kg, not pounds.";
    const asked = await record(p.id, DAY, "73");
    expect(askedIn(asked).map((w) => [w.code, w.message])).toEqual([
      [`${REPLACE}:${replaced!.id}`, "A weight of 61 kg is already recorded for 15 Nov 2026. Replace it?"],
      [FAR, message],
    ]);
    const ack = [`${REPLACE}:${replaced!.id}`, tokenFor(FAR, message)];
    expect(await record(p.id, DAY, "73", { ack, reason: "Re-weighed the same day" })).toMatchObject({ status: "ok" });
    expect((await liveOn(p.id, DAY)).map((w) => w.weightGrams)).toEqual([73_000]);
  });

  it("when it is the patient's only weight, is compared with the weight it replaces", async () => {
    const { p } = await weighed([[DAY, "60"]]);
    const [replaced] = await liveOn(p.id, DAY);
    // 132 typed for 132 lb over the 60 kg of the morning: asked, naming the 60 kg.
    const asked = await record(p.id, DAY, "132", { ack: `${REPLACE}:${replaced!.id}`, reason: "Re-weighed the same day" });
    expect(askedIn(asked).map((w) => [w.code, w.message])).toEqual([
      [`${REPLACE}:${replaced!.id}`, "A weight of 60 kg is already recorded for 15 Nov 2026. Replace it?"],
      [FAR, "132 kg is far from the 60 kg it replaces, recorded on 15 Nov 2026: check it is in kg, not pounds."],
    ]);
    expect((await liveOn(p.id, DAY)).map((w) => w.weightGrams)).toEqual([60_000]);
  });

  it("is not compared with another entry of its own day (two recorded before a day had one weight)", async () => {
    const { p, nurse } = await weighed([["2026-11-01", "60"]]);
    // Two live entries of the day, as there could be before the one-a-day check: 132 kg, then 61 kg, which the day reads.
    for (const [grams, at] of [
      [132_000, "2026-11-15T14:00:00Z"],
      [61_000, "2026-11-15T15:00:00Z"],
    ] as const)
      await db().weightMeasurement.create({
        data: { patientId: p.id, measuredOn: new Date(`${DAY}T00:00:00Z`), weightGrams: grams, enteredById: nurse.id, enteredAt: new Date(at) },
      });
    const [, latest] = await liveOn(p.id, DAY);
    // 62 kg replaces the 61 kg: compared with the 60 kg of 1 Nov, not with the 132 kg also on the day.
    const asked = await record(p.id, DAY, "62");
    expect(askedIn(asked).map((w) => w.code)).toEqual([`${REPLACE}:${latest!.id}`]);
    // Corrected from the history instead, the same: nothing to confirm.
    expect(await correctWeightAction(IDLE, form({ weightId: latest!.id, weightKg: "62", reason: "Misread the scale" }))).toMatchObject({ status: "ok" });
    expect((await liveOn(p.id, DAY)).map((w) => w.weightGrams)).toEqual([132_000, 62_000]);
  });
});
