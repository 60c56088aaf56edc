import "server-only";
import { dbDate } from "@/lib/clinic";
import type { db } from "@/lib/db";
import { flagResult } from "@/lib/domain/monitoring/flags";
import type { PregnancyTestSetting, QualitativeResult } from "@/lib/generated/prisma/enums";
import type { getThresholds } from "./config";

export const num = (d: { toString(): string } | null) => (d === null ? null : Number(d.toString()));

type CatalogueTest = Awaited<ReturnType<typeof db.labTest.findMany>>[number];

/** One result row as stored: the test's code, unit and reference range in force, and its flag from the thresholds. */
export function labRow(
  test: CatalogueTest,
  parsed: { numeric: string | null; qualitative: QualitativeResult | null },
  thresholds: Awaited<ReturnType<typeof getThresholds>>,
  entry: { patientId: string; specimenDate: string; pregnancyTestSetting: PregnancyTestSetting | null; submissionId: string; enteredById: string },
) {
  const f = flagResult(
    {
      analyte: test.analyte,
      valueNumeric: parsed.numeric === null ? null : Number(parsed.numeric),
      valueQualitative: parsed.qualitative,
      refLow: num(test.refLow),
      refHigh: num(test.refHigh),
    },
    thresholds,
  );
  return {
    patientId: entry.patientId,
    labTestId: test.id,
    code: test.code,
    codeSystem: test.codeSystem,
    analyte: test.analyte,
    specimenDate: dbDate(entry.specimenDate),
    valueNumeric: parsed.numeric,
    valueQualitative: parsed.qualitative,
    unit: test.unit,
    refLow: test.refLow,
    refHigh: test.refHigh,
    flag: f.flag,
    flagReason: f.reason,
    pregnancyTestSetting: test.analyte === "HCG" ? entry.pregnancyTestSetting : null,
    submissionId: entry.submissionId,
    enteredById: entry.enteredById,
  };
}
