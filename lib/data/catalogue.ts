import "server-only";
import { db } from "@/lib/db";
import type { LabValueKind } from "@/lib/generated/prisma/enums";
import { LOINC } from "@/lib/domain/monitoring/catalogue";
import { writeAudit, type AuditActor } from "./audit";
import { invalidField, notFound, refused } from "@/lib/errors";
import { addedPregnancyTest, addedPregnancyTestText, type CatalogueTest } from "./lab-rows";
import { assertMay } from "./viewer";

export function listCatalogue() {
  return db.labTest.findMany({ orderBy: [{ active: "desc" }, { sortOrder: "asc" }, { name: "asc" }] });
}

/**
 * A test the clinic adds; its results are flagged against its own reference range and its own action and
 * critical levels. It may count as an analyte the protocol knows (triglycerides reported in mmol/L...).
 */
export async function addCatalogueTest(
  actor: AuditActor,
  input: {
    code: string;
    name: string;
    kind: LabValueKind;
    unit?: string;
    refLow?: string;
    refHigh?: string;
    countsAs?: string;
    actionHigh?: string;
    criticalHigh?: string;
  },
) {
  assertMay(actor, "catalogue.manage");
  try {
    await db.$transaction(async (tx) => {
      const t = await tx.labTest.create({
        data: {
          code: input.code,
          codeSystem: LOINC,
          name: input.name,
          // A test that counts as an analyte the protocol knows feeds its items and flags; others stand alone.
          analyte: input.countsAs ?? `LOINC:${input.code}`,
          kind: input.kind,
          unit: input.unit ?? null,
          refLow: input.refLow ?? null,
          refHigh: input.refHigh ?? null,
          actionHigh: input.actionHigh ?? null,
          criticalHigh: input.criticalHigh ?? null,
          sortOrder: 500,
        },
        select: { id: true },
      });
      await writeAudit(tx, actor, { action: "catalogue.add", entityType: "LabTest", entityId: t.id, changes: { ...input } });
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") throw invalidField("code", "This LOINC code is already in the catalogue.");
    throw error;
  }
}

/** Whether a test is one of the catalogue's hCG tests, on which every pregnancy test is recorded. */
export const isCataloguePregnancyTest = (test: Pick<CatalogueTest, "analyte">) => test.analyte === "HCG";

/**
 * Why the catalogue's hCG test `test` is never retired. The pregnancy-prevention rules read pregnancy tests only
 * from these tests (lib/domain/pregnancy reads results of analyte HCG; docs/DOMAIN.md, "Labs and thresholds"), one
 * per specimen, and no other can be added (lib/validation/lab.ts): without one, the pregnancy tests of its specimen
 * could not be entered by hand, a urine test done in the clinic (a setting the rules accept: rules.ts) or a
 * laboratory's serum report.
 */
export const pregnancyTestRetireRefusal = (test: Pick<CatalogueTest, "name">) =>
  `${test.name} cannot be retired: the pregnancy-prevention rules read pregnancy tests only from the catalogue's hCG tests, one for urine (a test done in the clinic, at home or in a laboratory) and one for serum (a laboratory's, and a quantitative hCG by its reading), and no other can be added. Without it, a pregnancy test of its kind could not be recorded.`;

/**
 * Retiring a test hides it from the entry form; its results and history stay. A pregnancy test added as a test
 * of its own (addedPregnancyTest) is not offered again; the catalogue's hCG tests are never retired
 * (pregnancyTestRetireRefusal). The answer names the test and what became of it.
 */
export async function setCatalogueTestActive(actor: AuditActor, labTestId: string, active: boolean): Promise<string> {
  assertMay(actor, "catalogue.manage");
  return db.$transaction(async (tx) => {
    const test = await tx.labTest.findUnique({ where: { id: labTestId }, select: { analyte: true, code: true, name: true } });
    if (!test) throw notFound("test");
    if (active && addedPregnancyTest(test)) throw refused(`${addedPregnancyTestText(test)} It is not offered again.`);
    if (!active && isCataloguePregnancyTest(test)) throw refused(pregnancyTestRetireRefusal(test));
    const updated = await tx.labTest.updateMany({ where: { id: labTestId }, data: { active } });
    if (updated.count !== 1) throw notFound("test");
    await writeAudit(tx, actor, { action: active ? "catalogue.activate" : "catalogue.retire", entityType: "LabTest", entityId: labTestId });
    if (active) return `${test.name} restored. It is offered on the lab entry form again.`;
    return addedPregnancyTest(test)
      ? `${test.name} retired. It is not offered again.`
      : `${test.name} retired. It is no longer offered on the lab entry form; its results stay on the charts.`;
  });
}
