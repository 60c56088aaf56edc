import { expect } from "vitest";
import { commitImportAction, uploadImportAction } from "@/app/(portal)/patients/import/actions";
import type { AuditActor } from "@/lib/data/audit";
import { getImportPreview } from "@/lib/data/import-batches";
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

/** What the preview's checkbox confirming its unusual values sends, as the page renders it for this user now. */
export async function previewConfirmation(user: AuditActor, batchId: string): Promise<string> {
  const confirmation = (await getImportPreview(user, batchId))?.confirmation;
  expect(confirmation, "the preview lists unusual values to confirm").toMatch(/^[0-9a-f]{64}$/);
  return confirmation!;
}

/** Imports a previewed batch; `confirmWarnings` is the preview's checkbox (what previewConfirmation gives, when ticked). */
export function commit(batchId: string, confirmWarnings?: string) {
  const fd = new FormData();
  fd.append("batchId", batchId);
  if (confirmWarnings !== undefined) fd.append("confirmWarnings", confirmWarnings);
  return callAction(() => commitImportAction(IDLE, fd));
}
