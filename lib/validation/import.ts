import { z } from "zod";
import { IMPORT_KINDS } from "@/lib/import/templates";
import { uuid } from "./common";

export const uploadImportSchema = z.object({ kind: z.enum(IMPORT_KINDS, { error: "Choose what the file holds." }) });
/**
 * The checkbox confirming the preview's unusual values carries their digest (lib/data/import-confirmation.ts),
 * so it covers exactly the warnings shown, not merely as many; unticked, it sends nothing.
 */
export const commitImportSchema = z.object({
  batchId: uuid,
  confirmWarnings: z.preprocess(
    (v) => (v === undefined || v === "" ? null : v),
    z
      .string({ error: "Reload the page." })
      .regex(/^[0-9a-f]{64}$/, "Reload the page.")
      .nullable(),
  ),
});
