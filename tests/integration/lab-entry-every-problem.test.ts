import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { labPanelValueProblems } from "@/lib/data/labs";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, countRows, form, makePatient, makeUser, testDb } from "./helpers";

// The lab form on the patient page: a refused panel names every field's problem in one answer, the specimen
// date's and each value's together, so the nurse fixes them all before sending it again. Nothing is saved.

async function testIds() {
  const tests = await testDb().labTest.findMany();
  const id = (code: string) => tests.find((t) => t.code === code)!.id;
  return { TG: id("2571-8"), CHOL: id("2093-3"), ALT: id("1742-6"), HCG: id("2106-3") };
}

const NOT_A_NUMBER = "Enter a number (up to 3 decimals), or leave it empty.";

async function send(patientId: string, specimenDate: string, values: Record<string, string>, extra: Record<string, string> = {}) {
  const fields: Record<string, string> = { patientId, submissionId: randomUUID(), specimenDate, ...extra };
  for (const [testId, v] of Object.entries(values)) fields[`value:${testId}`] = v;
  return recordLabPanelAction(IDLE, form(fields));
}

describe("a lab panel refused for its date and its values", () => {
  it.each([
    ["empty", "", "Enter a date."],
    ["not a day of the calendar", "2026-02-30", "That date does not exist."],
    ["in the future", "2026-11-24", "The specimen date cannot be in the future."],
  ])("with a specimen date %s, names the date and every impossible value at once, and saves nothing", async (_, date, dateMessage) => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    const before = await countRows();
    const answer = await send(p.id, date, { [ids.ALT]: "abc", [ids.TG]: "-5", [ids.CHOL]: "5000" });
    expect(answer).toMatchObject({ status: "error", message: "Please correct the highlighted fields." });
    expect(answer.status === "error" ? answer.fieldErrors : null).toEqual({
      specimenDate: [dateMessage],
      [`value:${ids.ALT}`]: [NOT_A_NUMBER],
      [`value:${ids.TG}`]: [NOT_A_NUMBER],
      [`value:${ids.CHOL}`]: ["5000 mg/dL is above the physiological limit of 2000 mg/dL."],
    });
    expect(await countRows()).toEqual(before);
  });

  it("names a unit not accepted and a pregnancy test's missing setting beside an empty date", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    const before = await countRows();
    const answer = await send(p.id, "", { [ids.ALT]: "35", [ids.HCG]: "NEGATIVE", [ids.TG]: "0" }, { [`unit:${ids.ALT}`]: "mg/dL" });
    expect(answer.status === "error" ? answer.fieldErrors : null).toEqual({
      specimenDate: ["Enter a date."],
      [`unit:${ids.ALT}`]: [expect.stringMatching(/^The unit mg\/dL is not accepted for this test: use U\/L/)],
      pregnancyTestSetting: ["Choose where the pregnancy test was done."],
      [`value:${ids.TG}`]: ["0 mg/dL is below the physiological limit of 1 mg/dL."],
    });
    expect(await countRows()).toEqual(before);
  });

  it("with a valid date, names the values alone; once they are fixed, the panel is saved as before", async () => {
    actAs(await makeUser("NURSE"));
    const ids = await testIds();
    const p = await makePatient();
    const refused = await send(p.id, "2026-11-20", { [ids.ALT]: "abc", [ids.TG]: "140" });
    expect(refused.status === "error" ? refused.fieldErrors : null).toEqual({ [`value:${ids.ALT}`]: [NOT_A_NUMBER] });
    const saved = await send(p.id, "2026-11-20", { [ids.ALT]: "35", [ids.TG]: "140" });
    expect(saved).toEqual({ status: "ok", message: "2 results recorded for 20 Nov 2026." });
    const rows = await testDb().labResult.findMany({ where: { patientId: p.id }, orderBy: { analyte: "asc" } });
    expect(rows.map((r) => [r.analyte, Number(r.valueNumeric), r.flag])).toEqual([
      ["ALT", 35, "NORMAL"],
      ["TG", 140, "NORMAL"],
    ]);
  });

  it("the values' check refuses a caller who may not record labs, as the write does", async () => {
    const ids = await testIds();
    for (const role of ["STAFF", "ADMIN"] as const) {
      const actor = { id: (await makeUser(role)).id, role };
      await expect(labPanelValueProblems(actor, { values: [{ labTestId: ids.ALT, value: "abc" }] })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});
