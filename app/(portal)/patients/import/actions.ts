"use server";

import { defineAction, redirectTo } from "@/lib/actions/client";
import { commitImport, stageImport } from "@/lib/data/import-batches";
import { importedMessage } from "@/lib/import/summary";
import { commitImportSchema, uploadImportSchema } from "@/lib/validation/import";

/** Stores the file and opens its preview; nothing clinical is written until the import is confirmed there. */
export const uploadImportAction = defineAction({
  permission: "patients.write",
  schema: uploadImportSchema,
  run: async (input, { user, files }) => {
    const file = files.file ?? { name: "", bytes: new Uint8Array() };
    const batchId = await stageImport(user, { kind: input.kind, fileName: file.name, bytes: file.bytes });
    return redirectTo(`/patients/import/${batchId}`);
  },
});

export const commitImportAction = defineAction({
  permission: "patients.write",
  schema: commitImportSchema,
  revalidate: (input) => [`/patients/import/${input.batchId}`, "/patients"],
  run: async (input, { user }) => {
    const { imported, skipped } = await commitImport(user, input.batchId, input.confirmWarnings);
    return importedMessage(imported, skipped);
  },
});
