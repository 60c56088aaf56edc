import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { form, TODAY } from "./helpers";
import { aboveOne, CODE, courseAt, lastAudit, START, weightRow, weights } from "./weight-limit-fixture";

describe("two confirmations due: the form shows every one until both are given", () => {
  // The form shows as checkboxes the confirmations the answer asks for, and no others: one asked alone after the
  // other was given would hide the given one, and ticking what is shown would then ask for the other again.
  const FAR = "WEIGHT_FAR_FROM_RECORDED";
  const codes = (r: unknown) => (r as { warnings?: { code: string }[] }).warnings?.map((w) => w.code);
  // 5 x (60 - 47) = 65 > 60: far from the start's 60 kg (4 Nov). 60 / 47 = 1.28 mg/kg/day: above 1.
  const far = tokenFor(FAR, "47 kg is far from the 60 kg recorded on 4 Nov 2026: check it is in kg, not pounds.");
  const limit = tokenFor(CODE, aboveOne("47", "60", "1.28"));
  // Replacing an entry, compared with the last weight before its day, which the question names.
  const farFromStart = (day: string) =>
    tokenFor(FAR, `47 kg is far from the 60 kg recorded on 4 Nov 2026, the last weight before ${day}: check it is in kg, not pounds.`);

  it("a new weight of 47 kg beside 60 kg, 60 mg daily at 1.28 mg/kg/day: one confirmation given, both are asked again", async () => {
    const { p } = await courseAt("60", "60");
    // 5 x (60 - 47) = 65 > 60: far from 60 kg. 60 / 47 = 1.28 mg/kg/day: above 1.
    const record = (ack: string[]) => recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: TODAY, weightKg: "47", ack }));
    expect(codes(await record([]))).toEqual([FAR, CODE]);
    expect(codes(await record([far]))).toEqual([FAR, CODE]);
    expect(codes(await record([limit]))).toEqual([FAR, CODE]);
    expect(await weights(p.id)).toEqual([[START, 60_000]]);
    expect(await record([far, limit])).toMatchObject({ status: "ok" });
    expect((await lastAudit(p.id, "weight.record")).changes).toMatchObject({ weightGrams: 47_000, acknowledgedWarnings: [FAR, CODE] });
  });

  it("replacing the day's weight: with the replacement and one confirmation given, both are asked again with the replacement", async () => {
    const { p, nurse } = await courseAt("60", "60");
    const day = await weightRow(p.id, TODAY, 60_000, nurse.id);
    const replace = `WEIGHT_RECORDED_SAME_DAY:${day.id}`;
    const far = farFromStart("23 Nov 2026");
    const record = (ack: string[]) =>
      recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: TODAY, weightKg: "47", ack, reason: "Re-weighed the same day" }));
    // Both given, the replacement not yet: the question is asked with both again, which the form shows with it.
    expect(codes(await record([far, limit]))).toEqual([replace, FAR, CODE]);
    expect(codes(await record([replace, far]))).toEqual([replace, FAR, CODE]);
    expect(codes(await record([replace, limit]))).toEqual([replace, FAR, CODE]);
    expect(await record([replace, far, limit])).toMatchObject({ status: "ok" });
    expect((await lastAudit(p.id, "weight.correct")).changes).toMatchObject({ sameDayEntry: true, acknowledgedWarnings: [FAR, CODE] });
  });

  it("a correction to 47 kg: one confirmation given, both are asked again", async () => {
    const { p, nurse } = await courseAt("60", "60");
    const entry = await weightRow(p.id, addDays(TODAY, -3), 61_000, nurse.id);
    const far = farFromStart("20 Nov 2026");
    const correct = (ack: string[]) =>
      correctWeightAction(IDLE, form({ weightId: entry.id, weightKg: "47", measuredOn: "", reason: "Misread the scale", ack }));
    expect(codes(await correct([limit]))).toEqual([FAR, CODE]);
    expect(codes(await correct([far]))).toEqual([FAR, CODE]);
    expect(await correct([far, limit])).toMatchObject({ status: "ok" });
    expect((await lastAudit(p.id, "weight.correct")).changes).toMatchObject({ acknowledgedWarnings: [FAR, CODE] });
  });
});
