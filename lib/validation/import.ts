import { z } from "zod";
import { MAX_ROWS } from "@/lib/import/csv-file";
import { IMPORT_KINDS } from "@/lib/import/templates";
import { uuid } from "./common";

export const uploadImportSchema = z.object({ kind: z.enum(IMPORT_KINDS, { error: "Choose what the file holds." }) });
/** The checkbox confirming the preview's unusual values carries their number, so it covers exactly those. */
export const commitImportSchema = z.object({
  batchId: uuid,
  confirmWarnings: z.preprocess(
    (v) => (v === undefined || v === "" ? 0 : v),
    z.coerce.number({ error: "Reload the page." }).int("Reload the page.").min(0, "Reload the page.").max(MAX_ROWS, "Reload the page."),
  ),
});
