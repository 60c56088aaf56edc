import { describe, expect, it } from "vitest";
import { addCatalogueTestAction, setCatalogueTestActiveAction } from "@/app/(portal)/lab-catalogue/actions";
import { setCatalogueTestActive } from "@/lib/data/catalogue";
import { getLabCatalogue } from "@/lib/data/labs";
import { IDLE } from "@/lib/validation/action-result";
import { actAs, form, makeUser, testDb } from "./helpers";

/*
 * Retiring a test takes it off the lab entry form. The pregnancy-prevention rules read pregnancy tests only
 * from the catalogue's two hCG tests, urine and serum, and no other can be added: retiring one would leave
 * the pregnancy tests of its kind with nowhere to be recorded by hand. It is refused, naming why, and nothing
 * changes. Any other test is retired and restored, the answer naming it.
 */
const db = () => testDb();

describe("retiring a test of the lab catalogue", () => {
  it.each([
    ["urine", "2106-3"],
    ["serum", "2118-8"],
  ])("refuses the %s hCG test: it stays on the entry form, and no audit row is written", async (_, code) => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const hcg = await db().labTest.findFirstOrThrow({ where: { code } });
    const audited = () => db().auditEvent.count({ where: { entityId: hcg.id } });
    const before = await audited();
    try {
      const r = await setCatalogueTestActiveAction(IDLE, form({ labTestId: hcg.id, active: "false" }));
      expect(r).toMatchObject({ status: "error", message: expect.stringContaining(`${hcg.name} cannot be retired`) });
      expect(r).toMatchObject({ message: expect.stringContaining("pregnancy-prevention rules") });
      // The data function refuses it too, whoever calls it.
      await expect(setCatalogueTestActive(derm, hcg.id, false)).rejects.toThrow(/cannot be retired/);
      expect((await db().labTest.findUniqueOrThrow({ where: { id: hcg.id } })).active).toBe(true);
      expect((await getLabCatalogue()).map((t) => t.id)).toContain(hcg.id);
      expect(await audited()).toBe(before);
    } finally {
      await db().labTest.update({ where: { id: hcg.id }, data: { active: true } });
    }
  });

  it("retires and restores any other test, the answer naming it and what it does", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const code = `${Math.floor(Math.random() * 90000) + 10000}-4`;
    expect(await addCatalogueTestAction(IDLE, form({ code, name: `Ferritin ${code}`, kind: "QUANTITATIVE", unit: "ng/mL" }))).toMatchObject({ status: "ok" });
    const test = await db().labTest.findFirstOrThrow({ where: { code } });
    expect(await setCatalogueTestActiveAction(IDLE, form({ labTestId: test.id, active: "false" }))).toEqual({
      status: "ok",
      message: `Ferritin ${code} retired. It is no longer offered on the lab entry form; its results stay on the charts.`,
    });
    expect((await getLabCatalogue()).map((t) => t.id)).not.toContain(test.id);
    expect(await setCatalogueTestActiveAction(IDLE, form({ labTestId: test.id, active: "true" }))).toEqual({
      status: "ok",
      message: `Ferritin ${code} restored. It is offered on the lab entry form again.`,
    });
    expect((await getLabCatalogue()).map((t) => t.id)).toContain(test.id);
  });
});
