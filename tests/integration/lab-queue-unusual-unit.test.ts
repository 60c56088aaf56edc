import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { makePatient, makeUser, testDb } from "./helpers";
import { attachFromQueue, confirmTokens, makeLabInterface, postedToQueue } from "./hl7-helpers";

/**
 * A number the laboratory sent without its unit is attached in the unit the nurse chooses from the report.
 * When the value is unusual in that unit (25 triglycerides in mmol/L is 2,214.3 mg/dL), attaching asks first,
 * as hand entry does, naming the converted value; confirmed, the result is attached and the audit rows say
 * so. A unit the laboratory sent is its own: its unusual value is attached as sent, as before.
 */
const db = () => testDb();
const unitlessTg = (value: string) => `NM|2571-8^Triglyceride^LN||${value}||||||F`;
const QUESTION = "Check this result in the unit chosen, then confirm to attach it.";
const unusual = (canonical: string, value: string, unit: string) =>
  `Triglycerides: ${canonical} mg/dL is unusually high (above 2000 mg/dL). That is ${value} in ${unit}, the unit chosen: check it against the laboratory's report.`;

let token = "";
let nurse: { id: string };
let tgTestId = "";
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Unusual unit lab ${randomUUID().slice(0, 6)}`)).token;
  tgTestId = (await db().labTest.findFirstOrThrow({ where: { code: "2571-8" } })).id;
});

describe("a value unusual in the unit chosen by hand", () => {
  it("is not attached until confirmed: the question names the value converted, and nothing is written", async () => {
    const p = await makePatient();
    const [entry] = await postedToQueue(token, p.mrn, [unitlessTg("25")]);
    const asked = await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mmol/L" });
    expect(asked).toMatchObject({
      status: "confirm",
      message: QUESTION,
      warnings: [{ code: `UNUSUAL:${tgTestId}`, message: unusual("2214.3", "25", "mmol/L"), token: expect.any(String) }],
      values: { mrn: p.mrn, [`unit:${entry!.id}`]: "mmol/L" },
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry!.id } })).status).toBe("PENDING");
    expect(await db().auditEvent.count({ where: { action: "lab.queue_attach", entityId: entry!.id } })).toBe(0);
  });

  it("confirmed, is attached in that unit, the audit rows recording the confirmation", async () => {
    const p = await makePatient();
    const [entry] = await postedToQueue(token, p.mrn, [unitlessTg("25")]);
    const asked = await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mmol/L" });
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mmol/L" }, confirmTokens(asked))).toMatchObject({ status: "ok" });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect([Number(row!.valueNumeric), row!.unit, row!.enteredValue?.toString(), row!.enteredUnit, row!.flag]).toEqual([
      2214.3,
      "mg/dL",
      "25",
      "mmol/L",
      "CRITICAL",
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect(audit.changes).toEqual({ reason: "UNKNOWN_UNIT", messageMrnMatched: true, labResultId: row!.id, unitChosenByHand: true, confirmed: ["UNUSUAL"] });
    const filed = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.import", patientId: p.id } });
    expect(filed.changes).toMatchObject({ fromQueue: entry!.id, unitChosenByHand: true, confirmed: ["UNUSUAL"] });
  });

  it("is asked again when the confirmation sent was another value's, and a confirmation the form never asks for is refused", async () => {
    const p = await makePatient();
    const [first] = await postedToQueue(token, p.mrn, [unitlessTg("25")]);
    const [second] = await postedToQueue(token, p.mrn, [unitlessTg("30")]);
    const other = confirmTokens(await attachFromQueue(nurse, [first!.id], p.mrn, { [first!.id]: "mmol/L" }));
    expect(await attachFromQueue(nurse, [second!.id], p.mrn, { [second!.id]: "mmol/L" }, other)).toMatchObject({
      status: "confirm",
      warnings: [{ message: unusual("2657.1", "30", "mmol/L") }],
    });
    expect(await attachFromQueue(nurse, [second!.id], p.mrn, { [second!.id]: "mmol/L" }, ["yes"])).toMatchObject({
      status: "error",
      fieldErrors: { ack: ["Not a confirmation this form asks for: reload the page and try again."] },
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("attached with others, is the one asked about; confirmed, all are attached and only its audit row records a confirmation", async () => {
    const p = await makePatient();
    // A usual total cholesterol (5.2 mmol/L = 201.1 mg/dL) and an unusual triglyceride (25 mmol/L = 2,214.3 mg/dL).
    const [usual, high] = await postedToQueue(token, p.mrn, ["NM|2093-3^Cholesterol^LN||5.2||||||F", unitlessTg("25")]);
    const units = { [usual!.id]: "mmol/L", [high!.id]: "mmol/L" };
    const asked = await attachFromQueue(nurse, [usual!.id, high!.id], p.mrn, units);
    expect(asked).toMatchObject({
      status: "confirm",
      message: "Check these results in the units chosen, then confirm to attach them.",
      warnings: [{ message: unusual("2214.3", "25", "mmol/L") }],
    });
    expect(await attachFromQueue(nurse, [usual!.id, high!.id], p.mrn, units, confirmTokens(asked))).toMatchObject({ status: "ok" });
    const rows = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: { valueNumeric: "asc" } });
    expect(rows.map((r) => Number(r.valueNumeric))).toEqual([201.1, 2214.3]);
    const audits = await db().auditEvent.findMany({ where: { action: "lab.queue_attach", entityId: { in: [usual!.id, high!.id] } } });
    const confirmed = (id: string) => (audits.find((a) => a.entityId === id)!.changes as { confirmed?: string[] }).confirmed;
    expect([confirmed(usual!.id), confirmed(high!.id)]).toEqual([undefined, ["UNUSUAL"]]);
  });

  it("in a unit the laboratory sent, is attached as sent, without a question (the laboratory's unit is its own)", async () => {
    const p = await makePatient();
    // 2,500 mg/dL: unusual, so it waited for review; attaching it is the confirmation.
    const [entry] = await postedToQueue(token, p.mrn, ["NM|2571-8^Triglyceride^LN||2500|mg/dL|0-150|H|||F"]);
    expect(entry!.reason).toBe("IMPLAUSIBLE");
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, {})).toMatchObject({ status: "ok" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect(audit.changes).not.toHaveProperty("confirmed");
  });
});
