import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordWeightAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction, correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

// "Correct or void" with a corrected date and no value: neither a void (the date typed would be lost) nor a
// correction made up from the value on file. The value is asked for on its field, and nothing changes; the
// same form with the date empty too voids the entry.

const db = () => testDb();
const [D3, D4] = [addDays(TODAY, -3), addDays(TODAY, -4)];

describe("a correction that gives only a new date", () => {
  it("of a lab result asks for the value again, and the result stays as it was", async () => {
    actAs(await makeUser("NURSE"));
    const p = await makePatient();
    const alt = await db().labTest.findFirstOrThrow({ where: { code: "1742-6" } });
    const panel = { patientId: p.id, submissionId: randomUUID(), specimenDate: D3, [`value:${alt.id}`]: "35" };
    expect(await recordLabPanelAction(IDLE, form(panel))).toMatchObject({ status: "ok" });
    const result = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    const before = await countRows();
    expect(await correctLabResultAction(IDLE, form({ labResultId: result.id, specimenDate: D4, reason: "Specimen date misread" }))).toEqual({
      status: "error",
      message: "Please correct the highlighted fields.",
      fieldErrors: { value: ["To correct the date, enter the value again; to void the result, leave the date empty too."] },
      values: { labResultId: result.id, specimenDate: D4, reason: "Specimen date misread" },
    });
    expect(await countRows()).toEqual(before);
    expect(await db().labResult.findUniqueOrThrow({ where: { id: result.id } })).toMatchObject({ voidedAt: null, replacedById: null });

    const corrected = await correctLabResultAction(IDLE, form({ labResultId: result.id, value: "35", specimenDate: D4, reason: "Specimen date misread" }));
    expect(corrected).toMatchObject({ status: "ok" });
    const live = await db().labResult.findMany({ where: { patientId: p.id, voidedAt: null } });
    expect(live.map((r) => [r.specimenDate.toISOString().slice(0, 10), Number(r.valueNumeric)])).toEqual([[D4, 35]]);
  });

  it("of a weight asks for the weight again, and the entry stays as it was", async () => {
    actAs(await makeUser("NURSE"));
    const p = await makePatient();
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: D3, weightKg: "60" }))).toMatchObject({ status: "ok" });
    const entry = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });
    const before = await countRows();
    expect(await correctWeightAction(IDLE, form({ weightId: entry.id, measuredOn: D4, reason: "Date misread" }))).toMatchObject({
      status: "error",
      fieldErrors: { weightKg: ["To correct the date, enter the weight again; to void the entry, leave the date empty too."] },
    });
    expect(await countRows()).toEqual(before);
    expect(await db().weightMeasurement.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ voidedAt: null, replacedById: null });
  });
});
