import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { correctWeight } from "@/lib/data/correct-weight";
import { lockPatient } from "@/lib/data/locks";
import { recordWeight } from "@/lib/data/record-weight";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { tokenFor } from "./confirmations";
import { actAs, form, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { meetAtLocks, settled } from "./lock-helpers";

/**
 * A second weight for a day that already has one is not kept beside it (mg/kg would divide by either): the
 * entry is refused with the question "A weight of 67 kg is already recorded for 15 Nov 2026. Replace it?",
 * and once the form names the entry it was asked about, the new weight replaces it as a correction, with
 * the reason given and its audit row, in one transaction. Checked under the patient's lock.
 */
const db = () => testDb();
const DAY = "2026-11-15";
const REPLACE = "WEIGHT_RECORDED_SAME_DAY";

const liveWeights = async (patientId: string) =>
  (await db().weightMeasurement.findMany({ where: { patientId, voidedAt: null }, orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }] })).map((w) => [
    w.measuredOn.toISOString().slice(0, 10),
    w.weightGrams,
  ]);
const weightAudits = (patientId: string) => db().auditEvent.count({ where: { patientId, action: { startsWith: "weight." } } });
const record = (patientId: string, weightKg: string, over: Record<string, string | string[]> = {}) =>
  recordWeightAction(IDLE, form({ patientId, measuredOn: DAY, weightKg, ...over }));
/** The replacement code of the question an answer asks. */
const askedCode = (state: ActionState) => (state.status === "confirm" ? state.warnings.find((w) => w.code.startsWith(REPLACE))?.code : undefined);

/** A patient with 67 kg recorded on 15 Nov 2026 by a nurse, who stays signed in. */
async function weighedOnce() {
  const p = await makePatient();
  const nurse = await makeUser("NURSE");
  actAs(nurse);
  expect(await record(p.id, "67")).toEqual({ status: "ok", message: "Weight 67 kg recorded for 15 Nov 2026." });
  const first = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });
  return { p, nurse, first };
}

describe("a second weight for the same day", () => {
  it("is refused with the question naming the recorded weight, and nothing is written", async () => {
    const { p, first } = await weighedOnce();
    const audits = await weightAudits(p.id);
    const asked = await record(p.id, "68");
    expect(asked).toEqual({
      status: "confirm",
      message: "This day already has a weight: replace it, or change the date.",
      warnings: [
        {
          code: `${REPLACE}:${first.id}`,
          message: "A weight of 67 kg is already recorded for 15 Nov 2026. Replace it?",
          token: tokenFor(`${REPLACE}:${first.id}`, "A weight of 67 kg is already recorded for 15 Nov 2026. Replace it?"),
        },
      ],
      values: { patientId: p.id, measuredOn: DAY, weightKg: "68" },
    });
    // Confirming a far weight is not replacing: still asked.
    const far = tokenFor("WEIGHT_FAR_FROM_RECORDED", "68 kg is far from the 67 kg recorded on 15 Nov 2026: check it is in kg, not pounds.");
    expect(await record(p.id, "68", { ack: far })).toMatchObject({ status: "confirm", warnings: [{ code: `${REPLACE}:${first.id}` }] });
    expect(await liveWeights(p.id)).toEqual([[DAY, 67_000]]);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
    expect(await weightAudits(p.id)).toBe(audits);
    // Another day is recorded as before.
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2026-11-16", weightKg: "68" }))).toMatchObject({ status: "ok" });
  });

  it("replaced once confirmed: a correction with the reason and one audit row; nothing deleted", async () => {
    const { p, nurse, first } = await weighedOnce();
    const code = askedCode(await record(p.id, "68.2"));
    expect(code).toBe(`${REPLACE}:${first.id}`);
    // The reason is asked for with the replacement, and nothing is written without it.
    expect(await record(p.id, "68.2", { ack: code!, reason: " " })).toMatchObject({
      status: "error",
      fieldErrors: { reason: ["Enter the reason for replacing the weight."] },
    });
    expect(await liveWeights(p.id)).toEqual([[DAY, 67_000]]);

    const audits = await weightAudits(p.id);
    expect(await record(p.id, "68.2", { ack: code!, reason: "Re-weighed the same day" })).toEqual({
      status: "ok",
      message: "Weight 68.2 kg recorded for 15 Nov 2026, replacing 67 kg; the original stays in the history.",
    });
    expect(await liveWeights(p.id)).toEqual([[DAY, 68_200]]);
    const replaced = await db().weightMeasurement.findUniqueOrThrow({ where: { id: first.id } });
    const created = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    expect(replaced).toMatchObject({ voidReason: "Re-weighed the same day", voidedById: nurse.id, replacedById: created.id, weightGrams: 67_000 });
    expect(replaced.voidedAt).not.toBeNull();
    // One audit row, the correction's, naming both weights and that it replaced the day's weight on entry.
    expect(await weightAudits(p.id)).toBe(audits + 1);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "weight.correct" } });
    expect(audit).toMatchObject({ actorId: nurse.id, entityId: first.id });
    expect(audit.changes).toMatchObject({
      reason: "Re-weighed the same day",
      before: { measuredOn: DAY, weightGrams: 67_000 },
      after: { id: created.id, measuredOn: DAY, weightGrams: 68_200 },
      sameDayEntry: true,
    });
  });

  it("asked about an entry replaced meanwhile, the form is asked again about the weight now recorded", async () => {
    const { p, first } = await weighedOnce();
    const staleCode = askedCode(await record(p.id, "68"));
    // Another nurse replaces the 67 kg with 69 kg first.
    actAs(await makeUser("NURSE"));
    const otherCode = askedCode(await record(p.id, "69"));
    expect(await record(p.id, "69", { ack: otherCode!, reason: "Re-weighed the same day" })).toMatchObject({ status: "ok" });
    const current = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null } });
    // The first nurse's confirmation names the entry no longer there: asked about the 69 kg, nothing written.
    const again = await record(p.id, "68", { ack: staleCode!, reason: "Re-weighed the same day" });
    expect(again).toMatchObject({
      status: "confirm",
      warnings: [{ code: `${REPLACE}:${current.id}`, message: "A weight of 69 kg is already recorded for 15 Nov 2026. Replace it?" }],
    });
    expect(staleCode).toBe(`${REPLACE}:${first.id}`);
    expect(await liveWeights(p.id)).toEqual([[DAY, 69_000]]);
  });

  it("two nurses recording the day's weight at once: one is recorded, the other is asked", async () => {
    const p = await makePatient();
    const [a, b] = [await makeUser("NURSE"), await makeUser("NURSE")];
    const nurses = [
      { id: a.id, role: "NURSE" as const },
      { id: b.id, role: "NURSE" as const },
    ];
    // Both wait at the patient's lock, which a transaction of the test holds, then go one after the other.
    const outcomes = await meetAtLocks<unknown>(
      (tx) => lockPatient(tx, p.id),
      [
        settled(() => recordWeight(nurses[0]!, { patientId: p.id, measuredOn: DAY, weightGrams: 67_000 }, TODAY)),
        settled(() => recordWeight(nurses[1]!, { patientId: p.id, measuredOn: DAY, weightGrams: 68_000 }, TODAY)),
      ],
    );
    const recorded = outcomes.filter((o) => JSON.stringify(o) === JSON.stringify({ value: { replacedGrams: null } }));
    const asked = outcomes.filter((o) => JSON.stringify(o) === JSON.stringify({ refused: "This day already has a weight: replace it, or change the date." }));
    expect([recorded.length, asked.length]).toEqual([1, 1]);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
    expect(await db().auditEvent.count({ where: { patientId: p.id, action: "weight.record" } })).toBe(1);
  });

  it("a weight far from the others is asked about with the question, and replaced once both are confirmed", async () => {
    const { p, first } = await weighedOnce();
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2026-11-01", weightKg: "66" }))).toMatchObject({ status: "ok" });
    // 148 (pounds) for the 15th: compared with the 66 kg of the 1st, the entry it would replace left out.
    const asked = await record(p.id, "148");
    const code = `${REPLACE}:${first.id}`;
    expect(asked).toMatchObject({ status: "confirm", warnings: [{ code }, { code: "WEIGHT_FAR_FROM_RECORDED" }] });
    // Replacing without confirming the weight: both asked again, so the form keeps the replacement on offer.
    expect(await record(p.id, "148", { ack: code, reason: "Re-weighed the same day" })).toMatchObject({
      status: "confirm",
      warnings: [{ code }, { code: "WEIGHT_FAR_FROM_RECORDED" }],
    });
    expect(await liveWeights(p.id)).toEqual([
      ["2026-11-01", 66_000],
      [DAY, 67_000],
    ]);
    const far = tokenFor(
      "WEIGHT_FAR_FROM_RECORDED",
      "148 kg is far from the 66 kg recorded on 1 Nov 2026, the last weight before 15 Nov 2026: check it is in kg, not pounds.",
    );
    expect(await record(p.id, "148", { ack: [far, code], reason: "Re-weighed the same day" })).toMatchObject({ status: "ok" });
    expect(await liveWeights(p.id)).toEqual([
      ["2026-11-01", 66_000],
      [DAY, 148_000],
    ]);
  });

  it("replacing the weight a course started on corrects the course's start weight with it", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    await startCourseFor(p.id, { startDate: DAY, startWeightKg: "60", mgPerIntake: "40" });
    actAs(await makeUser("NURSE"));
    const code = askedCode(await record(p.id, "61"));
    expect(await record(p.id, "61", { ack: code!, reason: "Re-weighed the same day" })).toMatchObject({ status: "ok" });
    expect(await liveWeights(p.id)).toEqual([[DAY, 61_000]]);
    expect((await db().course.findFirstOrThrow({ where: { patientId: p.id } })).startWeightGrams).toBe(61_000);
  });

  it("a correction does not move a weight onto a day that has another", async () => {
    const { p } = await weighedOnce();
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: "2026-11-16", weightKg: "68" }))).toMatchObject({ status: "ok" });
    const second = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, measuredOn: new Date("2026-11-16T00:00:00Z") } });
    expect(await correctWeightAction(IDLE, form({ weightId: second.id, weightKg: "68", measuredOn: DAY, reason: "Wrong day" }))).toMatchObject({
      status: "error",
      fieldErrors: { measuredOn: ["Another weight is already recorded for that day: correct that entry instead."] },
    });
    expect(await liveWeights(p.id)).toEqual([
      [DAY, 67_000],
      ["2026-11-16", 68_000],
    ]);
  });

  it("office staff are refused, by the action and by the data functions, and nothing is written", async () => {
    const { p, first } = await weighedOnce();
    const code = `${REPLACE}:${first.id}`;
    const staff = await makeUser("STAFF");
    actAs(staff);
    const audits = await weightAudits(p.id);
    expect(await record(p.id, "68", { ack: code, reason: "Re-weighed the same day" })).toMatchObject({ status: "error" });
    expect(await db().auditEvent.count({ where: { actorId: staff.id, action: "access.denied" } })).toBe(1);
    const actor = { id: staff.id, role: "STAFF" as const };
    const forbidden = { code: "FORBIDDEN", message: "You do not have permission to record or correct weights." };
    await expect(
      recordWeight(actor, { patientId: p.id, measuredOn: DAY, weightGrams: 68_000, ack: [code], reason: "Re-weighed" }, TODAY),
    ).rejects.toMatchObject(forbidden);
    await expect(correctWeight(actor, { weightId: first.id, weightGrams: 68_000, reason: "Re-weighed" }, TODAY)).rejects.toMatchObject(forbidden);
    expect(await liveWeights(p.id)).toEqual([[DAY, 67_000]]);
    expect(await db().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
    expect(await weightAudits(p.id)).toBe(audits);
  });
});
