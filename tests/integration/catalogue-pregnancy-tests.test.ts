import { describe, expect, it } from "vitest";
import { addCatalogueTestAction } from "@/app/(portal)/lab-catalogue/actions";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";

/*
 * The pregnancy-prevention rules read the catalogue's own hCG tests (negative, positive, indeterminate). A
 * quantitative hCG added as a test of its own recorded a positive 250 mIU/mL as a number that stopped no
 * prescription; a pregnancy test is refused by its code or its name, and nothing is written.
 */
describe("adding a pregnancy test to the lab catalogue", () => {
  it.each([
    ["a quantitative hCG by its code", { code: "21198-7", name: "Beta subunit, serum (clinic)", kind: "QUANTITATIVE", unit: "m[IU]/mL" }],
    ["a quantitative hCG by its name", { code: "99991-2", name: "Quantitative beta-hCG", kind: "QUANTITATIVE", unit: "m[IU]/mL" }],
    ["a qualitative pregnancy test under another code", { code: "99992-0", name: "Pregnancy test, urine (point of care)", kind: "QUALITATIVE", unit: "" }],
  ])("refuses %s, on the code, writing nothing", async (_, fields) => {
    actAs(await makeUser("DERMATOLOGIST"));
    const db = testDb();
    const before = [await db.labTest.count(), await db.auditEvent.count({ where: { action: "catalogue.add" } })];
    const r = await addCatalogueTestAction(IDLE, form(fields));
    expect(r).toMatchObject({ status: "error", fieldErrors: { code: [expect.stringContaining("Pregnancy tests cannot be added")] } });
    expect([await db.labTest.count(), await db.auditEvent.count({ where: { action: "catalogue.add" } })]).toEqual(before);
  });

  it("still adds a test whose name only resembles one (pregnanediol is another hormone)", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const r = await addCatalogueTestAction(IDLE, form({ code: "99993-8", name: "Pregnanediol, urine", kind: "QUANTITATIVE", unit: "mg/d" }));
    expect(r).toMatchObject({ status: "ok" });
  });
});
