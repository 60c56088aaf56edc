import "server-only";
import { db } from "@/lib/db";
import type { LabValueKind } from "@/lib/generated/prisma/enums";
import { LOINC } from "@/lib/domain/monitoring/catalogue";
import { writeAudit, type AuditActor } from "./audit";
import { invalidField, notFound, refused } from "@/lib/errors";
import { addedPregnancyTest, addedPregnancyTestText } from "./lab-rows";
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

/**
 * Retiring a test hides it from the entry form; its results and history stay. A pregnancy test added as a test
 * of its own (addedPregnancyTest) is not offered again.
 */
export async function setCatalogueTestActive(actor: AuditActor, labTestId: string, active: boolean) {
  assertMay(actor, "catalogue.manage");
  await db.$transaction(async (tx) => {
    const test = active ? await tx.labTest.findUnique({ where: { id: labTestId }, select: { analyte: true, code: true, name: true } }) : null;
    if (test && addedPregnancyTest(test)) throw refused(`${addedPregnancyTestText(test)} It is not offered again.`);
    const updated = await tx.labTest.updateMany({ where: { id: labTestId }, data: { active } });
    if (updated.count !== 1) throw notFound("test");
    await writeAudit(tx, actor, { action: active ? "catalogue.activate" : "catalogue.retire", entityType: "LabTest", entityId: labTestId });
  });
}
