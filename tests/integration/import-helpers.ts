import { expect } from "vitest";
import { commitImportAction, uploadImportAction } from "@/app/(portal)/patients/import/actions";
import { IDLE } from "@/lib/validation/action-result";
import { callAction } from "./helpers";

/** Uploads and imports through the server actions, as the import page does. */
export function csvFile(text: string | Uint8Array<ArrayBuffer>, name = "file.csv") {
  return new File([typeof text === "string" ? new TextEncoder().encode(text) : text], name, { type: "text/csv" });
}

export async function upload(kind: string, file: File | null) {
  const fd = new FormData();
  fd.append("kind", kind);
  if (file) fd.append("file", file);
  return callAction(() => uploadImportAction(IDLE, fd));
}

/** Uploads a file that must be accepted for preview; returns its batch id. */
export async function staged(kind: string, text: string) {
  const result = await upload(kind, csvFile(text));
  expect(result, JSON.stringify(result)).toHaveProperty("redirect");
  const match = /^\/patients\/import\/([0-9a-f-]{36})$/.exec((result as { redirect: string }).redirect);
  expect(match).not.toBeNull();
  return match![1]!;
}

/** Imports a previewed batch; `confirmWarnings` is the preview's checkbox (the number of unusual values it covers). */
export function commit(batchId: string, confirmWarnings?: string) {
  const fd = new FormData();
  fd.append("batchId", batchId);
  if (confirmWarnings !== undefined) fd.append("confirmWarnings", confirmWarnings);
  return callAction(() => commitImportAction(IDLE, fd));
}
