import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { importHl7File } from "@/lib/data/import-hl7";
import { makePatient, makeUser, testDb, TODAY } from "./helpers";
import { attachFromQueue, confirmTokens, makeLabInterface, oru, postedToQueue } from "./hl7-helpers";

/**
 * The laboratory's reference range (OBX-7) is read in the result's unit: the one it sent (OBX-6), or the one
 * chosen by hand for a number sent without it. A range that cannot be the test's in that unit (total
 * cholesterol 0-200, a range in mg/dL, read in mmol/L is 0–7734 mg/dL), or written in another unit, or upside
 * down, is not used: the result is judged by the clinic's range (the catalogue's), as if the laboratory had
 * sent none, so a value above it is still flagged. Attaching such a result from the queue says so and asks to
 * confirm; an import, which no one answers, records the result with the clinic's range.
 */
const db = () => testDb();
const chol = (value: string, unit: string, range: string) => `NM|2093-3^Cholesterol^LN||${value}|${unit}|${range}||||F`;
const QUESTION_CHOSEN = "Check this result in the unit chosen, then confirm to attach it.";
const QUESTION_SENT = "Check this result against the laboratory's report, then confirm to attach it.";
const CLINIC = "The result is judged by the clinic's range, 0–200 mg/dL.";
const CHOL_0_200_IN_MMOL =
  "Total cholesterol: the laboratory's range 0-200 is not used: read in mmol/L, it is 0–7734 mg/dL, its upper limit above the usual values of the test (at most 500 mg/dL).";

let token = "";
let nurse: { id: string };
let cholTestId = "";
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Range unit lab ${randomUUID().slice(0, 6)}`)).token;
  cholTestId = (await db().labTest.findFirstOrThrow({ where: { code: "2093-3", active: true } })).id;
});

/** The patient's one result as judged: its range, the laboratory's range text, the flag and its sentence. */
async function judged(patientId: string) {
  const [row, ...more] = await db().labResult.findMany({ where: { patientId } });
  expect(more).toEqual([]);
  return [Number(row!.valueNumeric), row!.refLow === null ? null : Number(row!.refLow), Number(row!.refHigh), row!.labRange, row!.flag, row!.flagReason];
}

describe("a number sent without its unit, attached in the unit chosen", () => {
  it("its range in mg/dL, read in mmol/L, is not used: asked first, then judged by the clinic's range and flagged high", async () => {
    const p = await makePatient();
    // 5.2 mmol/L is 201.1 mg/dL, above the clinic's 200; the laboratory's 0-200 was in mg/dL.
    const [entry] = await postedToQueue(token, p.mrn, [chol("5.2", "", "0-200")]);
    const units = { [entry!.id]: "mmol/L" };
    const asked = await attachFromQueue(nurse, [entry!.id], p.mrn, units);
    expect(asked).toMatchObject({
      status: "confirm",
      message: QUESTION_CHOSEN,
      warnings: [{ code: `UNUSUAL:${cholTestId}`, message: `${CHOL_0_200_IN_MMOL} ${CLINIC} Check the unit chosen against the laboratory's report.` }],
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, units, confirmTokens(asked))).toMatchObject({ status: "ok" });
    expect(await judged(p.id)).toEqual([201.1, 0, 200, null, "HIGH", "201.1 mg/dL · above the lab range 0–200 · below the action level 240"]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect(audit.changes).toMatchObject({ unitChosenByHand: true, labRangeNotUsed: "NOT_PLAUSIBLE", confirmed: ["LAB_RANGE_NOT_USED"] });
  });

  it("its range read plausibly in the unit chosen is used, converted, without a question", async () => {
    const p = await makePatient();
    const [entry] = await postedToQueue(token, p.mrn, [chol("5.2", "", "3.0-5.0")]);
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mmol/L" })).toMatchObject({ status: "ok" });
    expect(await judged(p.id)).toEqual([201.1, 116, 193.4, "3.0-5.0", "HIGH", "201.1 mg/dL · above the lab range 116–193.4 · below the action level 240"]);
  });

  it("its value unusual and its range not used: one question says both", async () => {
    const p = await makePatient();
    // 25 mmol/L of triglycerides is 2,214.3 mg/dL; <150 read in mmol/L is ≤ 13285.5 mg/dL.
    const [entry] = await postedToQueue(token, p.mrn, ["NM|2571-8^Triglyceride^LN||25||<150||||F"]);
    const units = { [entry!.id]: "mmol/L" };
    const asked = await attachFromQueue(nurse, [entry!.id], p.mrn, units);
    expect(asked).toMatchObject({
      status: "confirm",
      message: QUESTION_CHOSEN,
      warnings: [
        {
          message:
            "Triglycerides: 2214.3 mg/dL is unusually high (above 2000 mg/dL). That is 25 in mmol/L, the unit chosen: check it against the laboratory's report. " +
            "Triglycerides: the laboratory's range <150 is not used: read in mmol/L, it is ≤ 13285.5 mg/dL, its upper limit above the usual values of the test (at most 2000 mg/dL). " +
            "The result is judged by the clinic's range, 0–150 mg/dL.",
        },
      ],
    });
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, units, confirmTokens(asked))).toMatchObject({ status: "ok" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect(audit.changes).toMatchObject({ labRangeNotUsed: "NOT_PLAUSIBLE", confirmed: ["UNUSUAL", "LAB_RANGE_NOT_USED"] });
  });
});

describe("a result with its unit whose range does not fit it", () => {
  it("posted to /hl7: recorded with the clinic's range, not 0–7734 mg/dL, and flagged high", async () => {
    const p = await makePatient();
    expect(await postedToQueue(token, p.mrn, [chol("5.2", "mmol/L", "0-200")])).toEqual([]);
    expect(await judged(p.id)).toEqual([201.1, 0, 200, null, "HIGH", "201.1 mg/dL · above the lab range 0–200 · below the action level 240"]);
  });

  it("uploaded: a range written in another unit than the value's is not used; one written in the value's is", async () => {
    const [other, same] = [await makePatient(), await makePatient()];
    const upload = (mrn: string, range: string) =>
      importHl7File(
        { kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } },
        oru(`RU-${randomUUID().slice(0, 8)}`, mrn, [chol("5.2", "mmol/L", range)]),
        TODAY,
      );
    expect((await upload(other.mrn, "0-200 mg/dL")).messages.map((m) => [m.attached, m.queued])).toEqual([[1, 0]]);
    expect(await judged(other.id)).toEqual([201.1, 0, 200, null, "HIGH", "201.1 mg/dL · above the lab range 0–200 · below the action level 240"]);
    expect((await upload(same.mrn, "3.0-5.0 mmol/L")).messages.map((m) => [m.attached, m.queued])).toEqual([[1, 0]]);
    expect(await judged(same.id)).toEqual([
      201.1,
      116,
      193.4,
      "3.0-5.0 mmol/L",
      "HIGH",
      "201.1 mg/dL · above the lab range 116–193.4 · below the action level 240",
    ]);
  });

  it("an ALT range no liver test has is not used: the clinic's levels of 3× and 5× its ULN still apply", async () => {
    const p = await makePatient();
    // 150 U/L: within 0-4000, but above 3× the clinic's upper limit of 40.
    await postedToQueue(token, p.mrn, ["NM|1742-6^ALT^LN||150|U/L|0-4000||||F"]);
    expect(await judged(p.id)).toEqual([
      150,
      7,
      40,
      null,
      "ACTION",
      "150 U/L · above the lab range 7–40 · above the action level 120 (3× ULN) · at or below the critical level 200 (5× ULN)",
    ]);
  });

  it("waiting for another reason, attaching it asks first, naming the range and why it is not used", async () => {
    const p = await makePatient();
    const [entry] = await postedToQueue(token, `NOPE-${randomUUID().slice(0, 8)}`, [chol("5.2", "mmol/L", "200-0")]);
    expect(entry!.reason).toBe("UNMATCHED");
    const asked = await attachFromQueue(nurse, [entry!.id], p.mrn, {});
    expect(asked).toMatchObject({
      status: "confirm",
      message: QUESTION_SENT,
      warnings: [{ message: `Total cholesterol: the laboratory's range 200-0 is not used: its lower limit is above its upper limit. ${CLINIC}` }],
    });
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, {}, confirmTokens(asked))).toMatchObject({ status: "ok" });
    expect(await judged(p.id)).toEqual([201.1, 0, 200, null, "HIGH", "201.1 mg/dL · above the lab range 0–200 · below the action level 240"]);
  });
});
