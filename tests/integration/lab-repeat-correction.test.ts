import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { acknowledgeLabAction, recordLabPanelAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getLabAlerts } from "@/lib/data/labs";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { IDLE } from "@/lib/validation/action-result";
import { tokenFor } from "./confirmations";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A repeat test asked for at the review of a result, when that result is corrected by hand ("Correct or void"):
 * still abnormal, the correction takes the request (same item, same due date) in its transaction and audit row;
 * normal, the request stays with the voided result, lists nothing, and the answer says so (docs/DOMAIN.md "What
 * a lab review's action does"). Today is 23 Nov 2026; the triglyceride of 20 Nov is 612 mg/dL (action level).
 */
const db = () => testDb();
const SPECIMEN = "2026-11-20";
const LABEL = "Repeat triglycerides (after the result of 20 Nov 2026)";
const iso = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const storedRepeats = (patientId: string) => db().monitoringItemRow.findMany({ where: { patientId, kind: "LAB_REPEAT" } });
const liveRepeats = async (patientId: string) =>
  (await getPatientMonitoring(CLINICIAN, patientId, TODAY)).filter((i) => i.kind === "LAB_REPEAT").map((i) => [i.key, i.label, i.dueDate]);
const review = (labResultId: string, fields: Record<string, string> = {}) => acknowledgeLabAction(IDLE, form({ labResultId, ...fields }));
const correct = (labResultId: string, fields: Record<string, string>) => correctLabResultAction(IDLE, form({ labResultId, ...fields }));

/** A nurse's triglyceride of 612 mg/dL on 20 Nov, reviewed by a dermatologist with "Repeat test" in 14 days (due 7 Dec) unless told. */
async function reviewedWithRepeat(days = "14", due = "2026-12-07") {
  const nurse = await makeUser("NURSE");
  const derm = await makeUser("DERMATOLOGIST");
  const p = await makePatient();
  const tg = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
  actAs(nurse);
  const recorded = await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: SPECIMEN, [`value:${tg.id}`]: "612" }));
  expect(recorded).toMatchObject({ status: "ok" });
  const result = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
  actAs(derm);
  expect(await review(result.id, { reviewAction: "REPEAT_TEST", repeatInDays: days })).toMatchObject({ status: "ok" });
  const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });
  const [item] = await storedRepeats(p.id);
  expect([item!.itemKey, item!.label, iso(item!.dueDate)]).toEqual([`repeat:${request.id}:lab`, LABEL, due]);
  return { nurse, derm, p, tg, result, request, itemKey: item!.itemKey };
}

/** The live result of the patient that corrects `voidedId`. */
const correctionOf = async (voidedId: string) => {
  const { replacedById } = await db().labResult.findUniqueOrThrow({ where: { id: voidedId } });
  return db().labResult.findUniqueOrThrow({ where: { id: replacedById! } });
};

describe("a hand correction of a result reviewed with Repeat test", () => {
  it("still abnormal: the repeat follows the corrected result, due the same day, and the audit row says so", async () => {
    const { nurse, derm, p, result, request, itemKey } = await reviewedWithRepeat();
    actAs(nurse);
    expect(await correct(result.id, { value: "650", reason: "Typing error" })).toEqual({
      status: "ok",
      message:
        "Entry corrected; the original stays in the history. Repeat triglycerides (after the result of 20 Nov 2026), asked for when the result was reviewed, stays listed under Monitoring, due 7 Dec 2026: the corrected result is still abnormal.",
    });
    const corrected = await correctionOf(result.id);
    expect([Number(corrected.valueNumeric), corrected.flag]).toEqual([650, "ACTION"]);
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: request.id } })).labResultId).toBe(corrected.id);
    // The same item (its key, so a waiver or an outreach note stays with it), due the same day.
    expect((await storedRepeats(p.id)).map((i) => [i.itemKey, i.label, iso(i.dueDate), i.completedOn])).toEqual([[itemKey, LABEL, "2026-12-07", null]]);
    expect(await liveRepeats(p.id)).toEqual([[itemKey, LABEL, "2026-12-07"]]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.correct" } });
    expect([audit.actorId, audit.entityId]).toEqual([nurse.id, result.id]);
    expect(audit.changes).toMatchObject({ after: { id: corrected.id, value: 650, flag: "ACTION" }, repeatsCarriedOver: 1, repeatRequests: [request.id] });
    expect(audit.changes).not.toHaveProperty("repeatsNotCarriedOver");

    // The corrected value is reviewed on its own: a repeat asked for then is listed beside the one it took over.
    const alerts = await getLabAlerts(CLINICIAN, 10_000);
    expect(alerts.abnormal.map((a) => a.id)).toContain(corrected.id);
    actAs(derm);
    expect(await review(corrected.id, { reviewAction: "REPEAT_TEST", repeatInDays: "3" })).toEqual({
      status: "ok",
      message: `Result reviewed. ${LABEL} is listed under Monitoring, due 26 Nov 2026. The repeat asked for when the result it corrects was reviewed stays listed too, due 7 Dec 2026; a later result of this test completes both.`,
    });
    expect((await storedRepeats(p.id)).map((i) => iso(i.dueDate)).sort()).toEqual(["2026-11-26", "2026-12-07"]);
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id, labResultId: corrected.id } })).toBe(2);
  });

  it("normal: the repeat is no longer listed, the answer says why, the request stays with the voided result", async () => {
    const { nurse, p, result, request } = await reviewedWithRepeat();
    actAs(nurse);
    expect(await correct(result.id, { value: "120", reason: "Typing error" })).toEqual({
      status: "ok",
      message:
        "Entry corrected; the original stays in the history. Repeat triglycerides (after the result of 20 Nov 2026), asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.",
    });
    const corrected = await correctionOf(result.id);
    expect(corrected.flag).toBe("NORMAL");
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: request.id } })).labResultId).toBe(result.id);
    expect(await storedRepeats(p.id)).toEqual([]);
    expect(await liveRepeats(p.id)).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "lab.correct" } });
    expect(audit.changes).toMatchObject({ after: { id: corrected.id, flag: "NORMAL" }, repeatsNotCarriedOver: 1, repeatRequests: [request.id] });
    expect(audit.changes).not.toHaveProperty("repeatsCarriedOver");
  });

  it("made on a copy of the result, or with a corrected date, still takes the repeat: waived, it stays waived", async () => {
    // Due in 3 days: open (due soon), so it may be waived.
    const { nurse, derm, p, tg, result, request, itemKey } = await reviewedWithRepeat("3", "2026-11-26");
    actAs(nurse);
    // The same result recorded again on purpose: a copy naming the reviewed result.
    const again = await recordLabPanelAction(
      IDLE,
      form({
        patientId: p.id,
        submissionId: randomUUID(),
        specimenDate: SPECIMEN,
        [`value:${tg.id}`]: "612",
        ack: tokenFor(`DUPLICATE:${tg.id}`, "Triglycerides: the same result (612 mg/dL, 20 Nov 2026) is already recorded. Record it again?"),
      }),
    );
    expect(again).toMatchObject({ status: "ok" });
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, duplicateOfId: result.id } });
    actAs(derm);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey, reason: "Done at the hospital" }))).toMatchObject({ status: "ok" });
    actAs(nurse);
    expect(await correct(copy.id, { value: "640", specimenDate: "2026-11-19", reason: "Wrong day and value" })).toMatchObject({ status: "ok" });
    const corrected = await correctionOf(result.id);
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: request.id } })).labResultId).toBe(corrected.id);
    // Named for the corrected result's day now; the same item, still waived.
    expect((await storedRepeats(p.id)).map((i) => [i.itemKey, i.label, iso(i.dueDate), i.waived])).toEqual([
      [itemKey, "Repeat triglycerides (after the result of 19 Nov 2026)", "2026-11-26", true],
    ]);
  });
});

describe("a correction that took a repeat, itself voided or corrected later", () => {
  it("leaves the request on the voided correction: nothing listed, nothing stored, the request kept", async () => {
    const { nurse, p, result, request } = await reviewedWithRepeat();
    actAs(nurse);
    await correct(result.id, { value: "650", reason: "Typing error" });
    const corrected = await correctionOf(result.id);
    expect(await correct(corrected.id, { reason: "Wrong patient" })).toEqual({
      status: "ok",
      message: `Entry marked as entered in error. ${LABEL}, asked for when the result was reviewed, is no longer listed under Monitoring: the result is marked as entered in error.`,
    });
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: request.id } })).labResultId).toBe(corrected.id);
    expect(await storedRepeats(p.id)).toEqual([]);
    expect(await liveRepeats(p.id)).toEqual([]);
    // No item anywhere for it: the patient has nothing left to monitor.
    expect(await db().monitoringItemRow.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("hands it on along corrections while they stay abnormal, and stops at a normal one", async () => {
    const { nurse, p, result, request, itemKey } = await reviewedWithRepeat();
    actAs(nurse);
    await correct(result.id, { value: "650", reason: "Typing error" });
    const second = await correctionOf(result.id);
    await correct(second.id, { value: "700", reason: "Typing error again" });
    const third = await correctionOf(second.id);
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: request.id } })).labResultId).toBe(third.id);
    expect((await storedRepeats(p.id)).map((i) => [i.itemKey, iso(i.dueDate)])).toEqual([[itemKey, "2026-12-07"]]);
    await correct(third.id, { value: "100", reason: "Wrong sample" });
    expect((await db().labRepeatRequest.findUniqueOrThrow({ where: { id: request.id } })).labResultId).toBe(third.id);
    expect(await storedRepeats(p.id)).toEqual([]);
    // A normal correction corrected back to an abnormal value lists nothing: the request stayed behind.
    const fourth = await correctionOf(third.id);
    expect(await correct(fourth.id, { value: "650", reason: "Wrong sample after all" })).toEqual({
      status: "ok",
      message: "Entry corrected; the original stays in the history.",
    });
    expect(await storedRepeats(p.id)).toEqual([]);
    expect(await db().labRepeatRequest.count({ where: { patientId: p.id } })).toBe(1);
  });
});
