import { isoFromDb } from "@/lib/clinic";
import { formatCount, formatDate } from "@/lib/format";
import { LAB_FLAG_LABELS, QUALITATIVE_RESULT_LABELS } from "@/lib/labels";
import type { LabFlag, QualitativeResult } from "@/lib/generated/prisma/enums";

/** What an import wrote, as the user reads it after the import and on the batch's page later. */
export function importedMessage(imported: number, skipped: number): string {
  const rows = (n: number) => formatCount(n, "row");
  return skipped ? `Imported ${rows(imported)}. Already recorded, left as they were: ${rows(skipped)}.` : `Imported ${rows(imported)}.`;
}

export interface LabPreviewRow {
  testName: string;
  data: {
    specimenDate: Date;
    valueNumeric: string | null;
    valueQualitative: QualitativeResult | null;
    unit: string | null;
    enteredValue: string | null;
    enteredUnit: string | null;
    flag: LabFlag;
  };
}

/** One lab row of the preview: the value as it will be stored (canonical unit), the value as the file gave it when converted, and the flag. */
export function describeLab({ testName, data }: LabPreviewRow): string {
  const stored =
    data.valueNumeric !== null ? `${data.valueNumeric} ${data.unit ?? ""}`.trim() : QUALITATIVE_RESULT_LABELS[data.valueQualitative!].toLowerCase();
  const entered = `${data.enteredValue ?? ""} ${data.enteredUnit ?? ""}`.trim();
  const converted = data.valueNumeric !== null && data.enteredUnit !== null && data.enteredUnit !== data.unit ? ` (${entered} in the file)` : "";
  const flag = data.flag === "NORMAL" ? "" : ` · ${LAB_FLAG_LABELS[data.flag]}`;
  return `${testName} ${stored}${converted} on ${formatDate(isoFromDb(data.specimenDate))}${flag}`;
}
