import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { Prisma } from "@/lib/generated/prisma/client";
import { clinicToday } from "@/lib/clinic";
import { db, IMPORT_TRANSACTION } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { AppError, conflict, invalidField, notFound } from "@/lib/errors";
import { formatCount } from "@/lib/format";
import { IMPORT_KINDS, TEMPLATES, type ImportKind } from "@/lib/import/templates";
import { MAX_FILE_BYTES, type CellProblem } from "@/lib/import/csv-file";
import { recordPatientsShown } from "./access-audit";
import { writeAudit, type AuditActor } from "./audit";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { warningsConfirmation } from "./import-confirmation";
import { planImport, type ImportPlan } from "./import-plan";
import { lockPatients } from "./locks";
import { insertPatient } from "./patients";
import { insertWeight } from "./record-weight";
import { insertPaperCourse } from "./record-paper-course";
import { saveImportedLabs } from "./import-labs-write";
import { queryRows } from "./query-rows";
import { assertCan, type Viewer } from "./viewer";

/**
 * Migration import in two steps. Upload stores the file and answers with its batch; the preview shows what
 * importing it would do; the import re-reads the stored file (never a second upload), draws the plan again
 * inside one transaction, and writes every row with its audit row or nothing. A file whose every row is
 * already present imports nothing: importing the same file twice changes nothing.
 */

function assertMayImport(actor: Viewer, kind: ImportKind): void {
  if (!can(actor.role, TEMPLATES[kind].permission))
    throw new AppError("FORBIDDEN", `You do not have permission to import ${TEMPLATES[kind].label.toLowerCase()}.`);
}

export async function stageImport(actor: AuditActor, input: { kind: ImportKind; fileName: string; bytes: Uint8Array }): Promise<string> {
  assertMayImport(actor, input.kind);
  if (input.bytes.length === 0) throw invalidField("file", "Choose a CSV file to upload.");
  if (input.bytes.length > MAX_FILE_BYTES)
    throw invalidField("file", `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB. Split it into smaller files.`);
  return db.$transaction(async (tx) => {
    const plan = await planImport(tx, actor, input.kind, input.bytes, clinicToday());
    if (plan.fileProblem) throw invalidField("file", plan.fileProblem);
    const batch = await tx.importBatch.create({
      data: {
        kind: input.kind,
        fileName: input.fileName.slice(0, 200),
        sha256: createHash("sha256").update(input.bytes).digest("hex"),
        content: Buffer.from(input.bytes),
        rowCount: plan.rowCount,
        createdById: actor.id,
      },
      select: { id: true },
    });
    await writeAudit(tx, actor, {
      action: "import.upload",
      entityType: "ImportBatch",
      entityId: batch.id,
      changes: { kind: input.kind, rows: plan.rowCount, problems: plan.problems.length },
    });
    return batch.id;
  });
}

export interface ImportPreview {
  id: string;
  kind: ImportKind;
  fileName: string;
  status: "PREVIEWED" | "IMPORTED" | "ABANDONED";
  createdAt: Date;
  importedAt: Date | null;
  importedCount: number | null;
  skippedCount: number | null;
  /** When the same file (by its SHA-256) was imported before. */
  importedBefore: Date | null;
  plan: ImportPlan;
  /** What the checkbox confirming the plan's unusual values sends (warningsConfirmation); null when there are none. */
  confirmation: string | null;
}

/**
 * Whether a batch is one the viewer uploaded, the only ones whose preview opens (getImportPreview): the portal
 * layout answers 404 for any other before the section's loading skeleton could start a 200.
 */
export async function isOwnImportBatch(viewer: AuditActor, batchId: string): Promise<boolean> {
  assertCan(viewer, "patients.write");
  return (await db.importBatch.count({ where: { id: batchId, createdById: viewer.id } })) === 1;
}

/** A batch as its uploader sees it: the plan drawn against the records as they are now. */
export async function getImportPreview(viewer: AuditActor, batchId: string): Promise<ImportPreview | null> {
  const batch = await db.importBatch.findUnique({ where: { id: batchId } });
  if (!batch || batch.createdById !== viewer.id) return null;
  const kind = batch.kind as ImportKind;
  assertCan(viewer, TEMPLATES[kind].permission);
  const earlier = await db.importBatch.findFirst({
    where: { kind, sha256: batch.sha256, status: "IMPORTED", id: { not: batch.id } },
    orderBy: { importedAt: "asc" },
    select: { importedAt: true },
  });
  const plan = await db.$transaction((tx) => planImport(tx, viewer, kind, batch.content, clinicToday()));
  // Access accounting: the preview says what is recorded for the registered patients its rows match.
  await recordPatientsShown(viewer, "import-preview", plan.patientIds, { batch: batch.id });
  return {
    id: batch.id,
    kind,
    fileName: batch.fileName,
    status: batch.status,
    createdAt: batch.createdAt,
    importedAt: batch.importedAt,
    importedCount: batch.importedCount,
    skippedCount: batch.skippedCount,
    importedBefore: earlier?.importedAt ?? null,
    plan,
    confirmation: warningsConfirmation(batch.id, plan),
  };
}

/**
 * The rows the plan refuses, by number and column, without their values: the preview, drawn again as the
 * records are now (a course entered meanwhile, say), says why.
 */
function problemRowsMessage(problems: CellProblem[]): string {
  const byRow = new Map<number, Set<string>>();
  for (const p of problems) byRow.set(p.row, (byRow.get(p.row) ?? new Set()).add(p.column));
  const cells = [...byRow].map(([row, columns]) => `${row} (${[...columns].join(", ")})`);
  const shown = cells.length > 5 ? [...cells.slice(0, 5), `${cells.length - 5} more`] : cells;
  const list = shown.length > 1 ? `${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}` : shown[0];
  return `${cells.length > 1 ? "Rows" : "Row"} ${list} cannot be imported as the records are now (the preview says why): nothing was imported. Correct the file and upload it again.`;
}

/** Why the confirmation sent does not cover the warnings the plan finds now. */
function unconfirmedMessage(plan: ImportPlan, confirmation: string | null): string {
  if (!plan.warnings.length) return "The preview has changed: reload the page. Nothing was imported.";
  if (confirmation) return "The file's warnings changed since the preview: review them again. Nothing was imported.";
  return `Confirm the ${formatCount(plan.warnings.length, "unusual value", "unusual values")} listed above: nothing was imported.`;
}

/** The batch row as the import locks it. */
const lockedBatch = z.object({ kind: z.enum(IMPORT_KINDS), status: z.string(), created_by_id: z.string(), content: z.instanceof(Uint8Array) });

/**
 * Writes every new row of a previewed batch, or nothing. Returns how many rows were written and skipped.
 * `confirmation` is what the preview's checkbox sent (warningsConfirmation of the unusual values it listed):
 * the import goes ahead only when the plan drawn now has exactly those warnings, whatever their number.
 */
export async function commitImport(actor: AuditActor, batchId: string, confirmation: string | null = null): Promise<{ imported: number; skipped: number }> {
  return db.$transaction(async (tx) => {
    // The batch row is locked for the transaction: a second click waits, then finds it imported.
    const [batch] = await queryRows(
      tx,
      lockedBatch,
      Prisma.sql`SELECT kind, status::text AS status, created_by_id::text AS created_by_id, content FROM import_batches WHERE id = ${batchId}::uuid FOR UPDATE`,
    );
    if (!batch || batch.created_by_id !== actor.id) throw notFound("import");
    if (batch.status !== "PREVIEWED") throw conflict("This file has already been imported. Upload it again to check it against the records as they are now.");
    const kind = batch.kind;
    assertMayImport(actor, kind);
    const today = clinicToday();
    // Drawn under the locks of every patient the file names: what it decides holds until the import commits.
    const plan = await planImport(tx, actor, kind, batch.content, today, { lock: true });
    if (plan.fileProblem) throw conflict("The file has problems (see the preview): nothing was imported. Correct the file and upload it again.");
    if (plan.problems.length) throw conflict(problemRowsMessage(plan.problems));
    const now = warningsConfirmation(batchId, plan);
    if (now !== confirmation) throw invalidField("confirmWarnings", unconfirmedMessage(plan, confirmation));
    // Held since the plan (lockFileRecords); a patient registered under one of the file's MRNs since then is locked here.
    await lockPatients(
      tx,
      plan.steps.flatMap((s) => (s.kind === "patients" ? [] : [s.patientId])),
    );
    const context = { importBatchId: batchId };
    const touched = new Set<string>();
    for (const step of plan.steps) {
      if (step.kind === "patients") await insertPatient(tx, actor, step.input, context);
      else if (step.kind === "weights") {
        // A weight that puts a course's current dose above a limit was confirmed with the file's unusual values.
        await insertWeight(
          tx,
          actor,
          { patientId: step.patientId, ...step.input },
          step.acknowledged ? { ...context, acknowledgedWarnings: step.acknowledged } : context,
        );
        touched.add(step.patientId);
      } else if (step.kind === "courses") await insertPaperCourse(tx, actor, step.input, today, context);
    }
    await saveImportedLabs(
      tx,
      actor,
      batchId,
      plan.steps.flatMap((s) => (s.kind === "labs" ? [s.input] : [])),
    );
    for (const patientId of touched) await refreshPatientCourseSummaries(tx, patientId);
    const result = { imported: plan.steps.length, skipped: plan.present };
    await tx.importBatch.update({
      where: { id: batchId },
      data: { status: "IMPORTED", importedAt: new Date(), importedCount: result.imported, skippedCount: result.skipped },
    });
    await writeAudit(tx, actor, {
      action: "import.commit",
      entityType: "ImportBatch",
      entityId: batchId,
      changes: { kind, ...result, confirmedWarnings: plan.warnings.length || undefined },
    });
    return result;
  }, IMPORT_TRANSACTION);
}

/** The viewer's own recent uploads, newest first. */
export async function listOwnImports(viewer: AuditActor) {
  return db.importBatch.findMany({
    where: { createdById: viewer.id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, kind: true, fileName: true, rowCount: true, status: true, createdAt: true, importedCount: true, skippedCount: true },
  });
}
