import { z } from "zod";
import { IMPORT_KINDS } from "@/lib/import/templates";
import { uuid } from "./common";

export const uploadImportSchema = z.object({ kind: z.enum(IMPORT_KINDS, { error: "Choose what the file holds." }) });
export const commitImportSchema = z.object({ batchId: uuid });
