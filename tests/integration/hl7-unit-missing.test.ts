import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { listHl7Queue } from "@/lib/data/hl7-queue";
import { importHl7File } from "@/lib/data/import-hl7";
import { actAs, makePatient, makeUser, testDb, TODAY } from "./helpers";
import { attachFromQueue, hcg, makeLabInterface, oru, postHl7, queueEntriesOf } from "./hl7-helpers";

/**
 * A numeric result the laboratory sent without a unit (OBX-6 empty) is not recorded on the catalogue's unit:
 * 5.2 triglycerides is 5.2 mg/dL or 460.6 mg/dL (5.2 mmol/L x 88.57), and only the laboratory's report says
 * which. It waits in the review queue, and whoever attaches it chooses the unit from the report. A pregnancy
 * test (negative or positive) has no unit and is recorded as before.
 */
const db = () => testDb();
const UNITLESS_TG = (value: string) => `NM|2571-8^Triglyceride^LN||${value}||||||F`;
const UNITLESS_ALT = "NM|1742-6^ALT^LN||30||||||F";
const WITH_UNIT_ALT = "NM|1742-6^ALT^LN||30|U/L|7-56|N|||F";
const DETAIL = (test: string) =>
  `${test}: the laboratory sent no unit (OBX-6 is empty), and the value is not recorded on an assumed one: take the unit from the laboratory's report and choose it to attach the result.`;
const REQUIRED = "Choose the unit the laboratory's report gives for this result: the laboratory sent it without one.";
const NOT_ASKED = "The laboratory sent this result's unit: leave the unit empty.";

let token = "";
let nurse: { id: string };
beforeAll(async () => {
  nurse = await makeUser("NURSE");
  token = (await makeLabInterface(await makeUser("ADMIN"), `Unitless lab ${randomUUID().slice(0, 6)}`)).token;
});

describe("a numeric result the laboratory sent without a unit", () => {
  it("posted to /hl7: waits for review (AA, 'unit not accepted'), nothing recorded on the catalogue's unit", async () => {
    const p = await makePatient();
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    const sent = await postHl7(token, oru(controlId, p.mrn, [UNITLESS_TG("150")]));
    expect([sent.status, sent.msa[0], sent.msa[1], sent.msa[2], sent.err]).toEqual([
      200,
      "AA",
      controlId,
      "Imported: 0 results attached, 1 waiting for review (unit not accepted).",
      null,
    ]);
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    const [entry] = await queueEntriesOf(controlId);
    expect([entry!.reason, entry!.detail, entry!.patientId, entry!.status]).toEqual(["UNKNOWN_UNIT", DETAIL("Triglycerides"), p.id, "PENDING"]);
  });

  it("uploaded: waits, while the message's pregnancy test (no unit, none needed) and an ALT with its unit are recorded", async () => {
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    const message = oru(controlId, p.mrn, [hcg("Negative", "F"), UNITLESS_TG("5.2"), WITH_UNIT_ALT]);
    const out = await importHl7File({ kind: "UPLOAD", user: { id: nurse.id, role: "NURSE" } }, message, TODAY);
    expect(out.messages.map((m) => [m.status, m.attached, m.queued, m.queueReasons])).toEqual([["IMPORTED", 2, 1, ["UNKNOWN_UNIT"]]]);
    const rows = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: { code: "asc" } });
    expect(rows.map((r) => [r.code, r.valueQualitative, r.enteredValue?.toString() ?? null, r.enteredUnit])).toEqual([
      ["1742-6", null, "30", "U/L"],
      ["2106-3", "NEGATIVE", null, null],
    ]);
    expect((await queueEntriesOf(controlId)).map((e) => e.reason)).toEqual(["UNKNOWN_UNIT"]);
  });

  it("is listed with the units the catalogue accepts for its test, to choose from; a result with its unit is not", async () => {
    const p = await makePatient();
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, `NOPE-${controlId}`, [UNITLESS_TG("5.2"), UNITLESS_ALT, WITH_UNIT_ALT]));
    expect(p.mrn).not.toBe(`NOPE-${controlId}`);
    const { rows } = await listHl7Queue({ id: nurse.id, role: "NURSE" }, 1000);
    const mine = rows.filter((r) => r.message.controlId === controlId).sort((a, b) => Number(a.observation.setId) - Number(b.observation.setId));
    expect(mine.map((r) => [r.reason, r.unitChoices])).toEqual([
      ["UNMATCHED", ["mg/dL", "mmol/L"]],
      ["UNMATCHED", ["U/L", "IU/L"]],
      ["UNMATCHED", null],
    ]);
  });

  it("is not attached without the unit, nor with one the test does not take: nothing written", async () => {
    const p = await makePatient();
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, p.mrn, [UNITLESS_TG("5.2")]));
    const [entry] = await queueEntriesOf(controlId);
    actAs(nurse);
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn)).toMatchObject({ status: "error", fieldErrors: { [`unit:${entry!.id}`]: [REQUIRED] } });
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "U/L" })).toMatchObject({
      status: "error",
      fieldErrors: { [`unit:${entry!.id}`]: ["Choose a unit from the list: mg/dL or mmol/L."] },
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry!.id } })).status).toBe("PENDING");
    expect(await db().auditEvent.count({ where: { action: "lab.queue_attach", entityId: entry!.id } })).toBe(0);
  });

  it("is recorded in the unit chosen, converted, the audit rows saying the unit was chosen by hand", async () => {
    const p = await makePatient();
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, p.mrn, [UNITLESS_TG("5.2")]));
    const [entry] = await queueEntriesOf(controlId);
    actAs(nurse);
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mmol/L" })).toMatchObject({
      status: "ok",
      message: "Result attached to the patient; their monitoring and alerts are up to date.",
    });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect([Number(row!.valueNumeric), row!.unit, row!.enteredValue?.toString(), row!.enteredUnit, row!.enteredById]).toEqual([
      460.6,
      "mg/dL",
      "5.2",
      "mmol/L",
      nurse.id,
    ]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.queue_attach", entityId: entry!.id } });
    expect(audit.changes).toEqual({ reason: "UNKNOWN_UNIT", messageMrnMatched: true, labResultId: row!.id, unitChosenByHand: true });
    const filed = await db().auditEvent.findFirstOrThrow({ where: { action: "lab.import", patientId: p.id } });
    expect(filed.changes).toMatchObject({ fromQueue: entry!.id, unitChosenByHand: true });
  });

  it("attached together with others, each takes its own unit; a unit given for a result that carried one is refused", async () => {
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    await postHl7(token, oru(controlId, `NOPE-${controlId}`, [UNITLESS_TG("180"), UNITLESS_ALT, "NM|1920-8^AST^LN||45|U/L|10-40|H|||F"]));
    const [tgEntry, altEntry, withUnit] = await queueEntriesOf(controlId);
    const ids = [tgEntry!.id, altEntry!.id, withUnit!.id];
    const p = await makePatient();
    actAs(nurse);
    expect(await attachFromQueue(nurse, ids, p.mrn, { [tgEntry!.id]: "mg/dL" })).toMatchObject({
      status: "error",
      fieldErrors: { [`unit:${altEntry!.id}`]: [`ALT (1742-6): ${REQUIRED}`] },
    });
    expect(await attachFromQueue(nurse, ids, p.mrn, { [tgEntry!.id]: "mg/dL", [altEntry!.id]: "U/L", [withUnit!.id]: "U/L" })).toMatchObject({
      status: "error",
      fieldErrors: { [`unit:${withUnit!.id}`]: [`AST (1920-8): ${NOT_ASKED}`] },
    });
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect(await attachFromQueue(nurse, ids, p.mrn, { [tgEntry!.id]: "mg/dL", [altEntry!.id]: "U/L" })).toMatchObject({ status: "ok" });
    const rows = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: [{ code: "asc" }, { valueNumeric: "asc" }] });
    expect(rows.map((r) => [r.code, Number(r.valueNumeric), r.enteredUnit])).toEqual([
      ["1742-6", 30, "U/L"],
      ["1920-8", 45, "U/L"],
      ["2571-8", 180, "mg/dL"],
    ]);
  });

  it("chosen in a unit the value cannot be in, is refused on the unit, to be chosen again, not to be dismissed: nothing written", async () => {
    const p = await makePatient();
    const controlId = `NU-${randomUUID().slice(0, 8)}`;
    // 460 mg/dL (high); as mmol/L it would be 40,742 mg/dL, beyond any possible triglyceride.
    await postHl7(token, oru(controlId, p.mrn, [UNITLESS_TG("460")]));
    const [entry] = await queueEntriesOf(controlId);
    actAs(nurse);
    const refused = await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mmol/L" });
    expect(refused).toMatchObject({
      status: "error",
      fieldErrors: {
        [`unit:${entry!.id}`]: [
          "460 mmol/L is not a possible result (Triglycerides: 40742.2 mg/dL is above the physiological limit of 30000 mg/dL): check the unit the laboratory's report gives and choose it.",
        ],
      },
    });
    expect(JSON.stringify(refused)).not.toContain("dismiss");
    expect(await db().labResult.count({ where: { patientId: p.id } })).toBe(0);
    expect((await db().hl7QueueEntry.findUniqueOrThrow({ where: { id: entry!.id } })).status).toBe("PENDING");
    expect(await attachFromQueue(nurse, [entry!.id], p.mrn, { [entry!.id]: "mg/dL" })).toMatchObject({ status: "ok" });
    const [row] = await db().labResult.findMany({ where: { patientId: p.id } });
    expect([Number(row!.valueNumeric), row!.unit, row!.flag]).toEqual([460, "mg/dL", "HIGH"]);
  });
});
