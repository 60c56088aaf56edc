import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { acknowledgeLabAction, recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { getLabAlerts } from "@/lib/data/labs";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb } from "./helpers";
import { makeLabInterface, oru, postHl7 } from "./hl7-helpers";

/**
 * A repeat test asked for at the review of a result, when that result is corrected by hand to a value already on
 * file (the same result recorded earlier, judged by its own laboratory's range): the correction names that result
 * and counts once, so the repeat follows while that result, the one the alert lists read, is abnormal, whatever
 * the flag of the corrected row judged by the range of the row it corrects. Specimens of 22 Nov 2026.
 */
const db = () => testDb();
const SPECIMEN = "2026-11-22";
const LABEL = "Repeat triglycerides (after the result of 22 Nov 2026)";
const controlId = () => `RF-${randomUUID().slice(0, 8)}`;
/** A final triglyceride from the laboratory, judged by the range it sends. */
const tgIn = (value: number, range: string, flag: string) => `NM|2571-8^Triglyceride^LN||${value}|mg/dL|${range}|${flag}|||F`;
const liveTg = (patientId: string) => db().labResult.findMany({ where: { patientId, voidedAt: null }, orderBy: { enteredAt: "asc" } });
const storedRepeats = async (patientId: string) =>
  (await db().monitoringItemRow.findMany({ where: { patientId, kind: "LAB_REPEAT" } })).map((i) => [i.label, i.dueDate.toISOString().slice(0, 10)]);
const requestOn = async (id: string) => (await db().labRepeatRequest.findUniqueOrThrow({ where: { id } })).labResultId;

let token: string;
let nurse: { id: string };
let derm: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  derm = await makeUser("DERMATOLOGIST");
  ({ token } = await makeLabInterface(await makeUser("ADMIN"), `On-file lab ${randomUUID().slice(0, 8)}`));
});

/** Reviewed by the dermatologist with "Repeat test" in 14 days (due 7 Dec). */
async function reviewWithRepeat(resultId: string) {
  actAs(derm);
  expect(await acknowledgeLabAction(IDLE, form({ labResultId: resultId, reviewAction: "REPEAT_TEST", repeatInDays: "14" }))).toMatchObject({ status: "ok" });
}

describe("a hand correction to a value already on file, judged there by another range", () => {
  it("normal there: the repeat is no longer listed, though the corrected row is above the range of the row it corrects", async () => {
    const p = await makePatient();
    // The laboratory's 160 mg/dL, within its range 0-200: normal.
    expect((await postHl7(token, oru(controlId(), p.mrn, [tgIn(160, "0-200", "N")]))).msa[0]).toBe("AA");
    const [onFile] = await liveTg(p.id);
    expect(onFile!.flag).toBe("NORMAL");
    // The faxed report typed in with a slip: 610 (action level), by the catalogue's range 0-150.
    const test = await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } });
    actAs(nurse);
    await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: SPECIMEN, [`value:${test.id}`]: "610" }));
    const typed = (await liveTg(p.id)).find((r) => r.id !== onFile!.id)!;
    expect(typed.flag).toBe("ACTION");
    await reviewWithRepeat(typed.id);
    const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });

    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: typed.id, value: "160", reason: "Typing error" }))).toEqual({
      status: "ok",
      message: `Entry corrected; the original stays in the history. ${LABEL}, asked for when the result was reviewed, is no longer listed under Monitoring: the corrected result is normal.`,
    });
    // The correction is the laboratory's result recorded again; the result that counts is the laboratory's, normal.
    const { replacedById } = await db().labResult.findUniqueOrThrow({ where: { id: typed.id } });
    expect((await db().labResult.findUniqueOrThrow({ where: { id: replacedById! } })).duplicateOfId).toBe(onFile!.id);
    expect((await getLabAlerts(CLINICIAN, 10_000)).abnormal.filter((a) => a.patientId === p.id)).toEqual([]);
    expect(await requestOn(request.id)).toBe(typed.id);
    expect(await storedRepeats(p.id)).toEqual([]);
  });

  it("abnormal there: the repeat follows to it, though the corrected row is within the range of the row it corrects", async () => {
    const p = await makePatient();
    // Two laboratories' results of the day: 610 within a range to 700 (action level), 160 above a range to 150.
    expect((await postHl7(token, oru(controlId(), p.mrn, [tgIn(610, "0-700", "N")]))).msa[0]).toBe("AA");
    expect((await postHl7(token, oru(controlId(), p.mrn, [tgIn(160, "0-150", "H")]))).msa[0]).toBe("AA");
    const [wrong, onFile] = await liveTg(p.id);
    expect([wrong!.flag, onFile!.flag]).toEqual(["ACTION", "HIGH"]);
    await reviewWithRepeat(wrong!.id);
    // The 160 reviewed too, with no action: the repeat asked for at the 610's review is the one to keep.
    expect(await acknowledgeLabAction(IDLE, form({ labResultId: onFile!.id }))).toMatchObject({ status: "ok" });
    const request = await db().labRepeatRequest.findFirstOrThrow({ where: { patientId: p.id } });

    actAs(nurse);
    expect(await correctLabResultAction(IDLE, form({ labResultId: wrong!.id, value: "160", reason: "Wrong report" }))).toEqual({
      status: "ok",
      message: `Entry corrected; the original stays in the history. ${LABEL}, asked for when the result was reviewed, stays listed under Monitoring, due 7 Dec 2026: the corrected result is still abnormal.`,
    });
    expect(await requestOn(request.id)).toBe(onFile!.id);
    expect(await storedRepeats(p.id)).toEqual([[LABEL, "2026-12-07"]]);
  });
});
