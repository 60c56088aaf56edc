import "server-only";
import { isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { Warning } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import type { AuditAction } from "./audit-actions";
import { writeAudit, type AuditWriter } from "./audit";
import { resultKey, type prepareLabRow } from "./lab-rows";
import { lockPatient } from "./locks";
import { refreshPatientMonitoring } from "./refresh-monitoring";

export type LabRowData = Extract<ReturnType<typeof prepareLabRow>, { ok: true }>["row"] & { id?: string; duplicateOfId?: string | null };

/** The confirmation code a deliberate duplicate of a test's result needs. */
export const duplicateCode = (labTestId: string) => `DUPLICATE:${labTestId}`;
/** The confirmation code an unusual (but possible) value of a test needs. */
export const unusualCode = (labTestId: string) => `UNUSUAL:${labTestId}`;

/**
 * One row among those saved together: its submission and test, which no other row shares (the table's unique
 * key). A message's results each have a submission of their own, so one test may appear in it several times.
 */
const rowKey = (r: { submissionId: string; labTestId: string }) => `${r.submissionId}|${r.labTestId}`;

/**
 * Results already recorded for this patient with the same analyte, specimen date and value (other than
 * those of this very submission, which a resubmission may repeat): each needs a "record again"
 * confirmation, and the new row then names the one it repeats, so that alerts count it once. `copyOf` answers
 * each of these rows by the row itself (rowKey): of two results of one test (two dates, two values), only the
 * one that repeats a result on file names it. A row that repeats an earlier one of these rows inserted with
 * its id (a laboratory's message with an OBX segment sent twice) names that row, as it would once on file.
 */
export async function findDuplicates(tx: Tx, patientId: string, rows: LabRowData[], names: Map<string, string>) {
  const duplicateOf = new Map<string, string>();
  const copyOf = (r: { submissionId: string; labTestId: string }): string | null => duplicateOf.get(rowKey(r)) ?? null;
  if (rows.length === 0) return { warnings: [] as Warning[], copyOf };
  const existing = await tx.labResult.findMany({
    where: {
      patientId,
      voidedAt: null,
      duplicateOfId: null,
      OR: rows.map((r) => ({ analyte: r.analyte, specimenDate: r.specimenDate, submissionId: { not: r.submissionId } })),
    },
    select: { id: true, analyte: true, specimenDate: true, valueNumeric: true, valueQualitative: true },
  });
  const warnings: Warning[] = [];
  /** The first of these rows, by its id, to record each result not on file. */
  const firstOf = new Map<string, string>();
  for (const r of rows) {
    const same = existing.find((e) => resultKey(e) === resultKey(r));
    if (!same) {
      const first = firstOf.get(resultKey(r));
      if (first) duplicateOf.set(rowKey(r), first);
      else if (r.id) firstOf.set(resultKey(r), r.id);
      continue;
    }
    duplicateOf.set(rowKey(r), same.id);
    const value = r.valueNumeric !== null ? `${r.valueNumeric} ${r.unit ?? ""}`.trim() : (r.valueQualitative ?? "").toLowerCase();
    warnings.push({
      code: duplicateCode(r.labTestId),
      message: `${names.get(r.labTestId) ?? r.code}: the same result (${value}, ${formatDate(isoFromDb(same.specimenDate))}) is already recorded. Record it again?`,
    });
  }
  return { warnings, copyOf };
}

/**
 * A live result counts unless it repeats another live result. When the result that copies name is voided
 * (or corrected), inside the same transaction and under the patient lock: its oldest live copy becomes the
 * result and the other live copies name that one. A review of the voided result stays with the result:
 * copies not reviewed themselves take it over (who, when, the action and note), so the same result does
 * not come back to the alert lists, and the repeat tests asked for at that review follow the copy that takes
 * its place (their items stay listed, waivers included). Returns what the void's audit row records, or null
 * when no live copy named it.
 */
export async function promoteCopies(tx: Tx, voidedId: string) {
  const copies = await tx.labResult.findMany({
    where: { duplicateOfId: voidedId, voidedAt: null },
    orderBy: [{ enteredAt: "asc" }, { id: "asc" }],
    select: { id: true, acknowledgedAt: true },
  });
  const [original, ...others] = copies;
  if (!original) return null;
  const voided = await tx.labResult.findUniqueOrThrow({
    where: { id: voidedId },
    select: { acknowledgedAt: true, acknowledgedById: true, reviewAction: true, reviewNote: true },
  });
  const unreviewed = copies.filter((c) => c.acknowledgedAt === null).map((c) => c.id);
  const reviewCarriedOver = voided.acknowledgedAt !== null && unreviewed.length > 0;
  if (reviewCarriedOver) {
    await tx.labResult.updateMany({ where: { id: { in: unreviewed }, acknowledgedAt: null }, data: voided });
  }
  await tx.labResult.update({ where: { id: original.id }, data: { duplicateOfId: null } });
  const repointed = others.map((c) => c.id);
  if (repointed.length) await tx.labResult.updateMany({ where: { id: { in: repointed } }, data: { duplicateOfId: original.id } });
  const repeats = await tx.labRepeatRequest.updateMany({ where: { labResultId: voidedId }, data: { labResultId: original.id } });
  return { original: original.id, repointed, reviewCarriedOver, ...(repeats.count ? { repeatsCarriedOver: repeats.count } : {}) };
}

/**
 * Inserts results for one patient inside the caller's transaction, under the patient lock, which every
 * caller takes before it looks for repeats of these results (so another entry of them waits, and is seen);
 * a prescription never passes a pregnancy test unseen (lib/data/pregnancy-check.ts), and a void of a
 * result a row repeats never passes it unseen (the result it names is read again here). Refreshes the
 * stored monitoring items and writes one audit row. Resubmitted rows (same submission and test) are
 * skipped; the count inserted is returned.
 */
export async function saveLabRows(
  tx: Tx,
  actor: AuditWriter,
  patientId: string,
  found: LabRowData[],
  audit: { action: AuditAction; entityId: string; changes: Record<string, unknown> },
) {
  let rows = found;
  const copies = found.filter((r) => r.duplicateOfId);
  await lockPatient(tx, patientId);
  if (copies.length) {
    // Voided meanwhile, the result a copy named has handed its place to its own oldest copy, or to none; a
    // copy of a row saved with it still names that row.
    const { copyOf } = await findDuplicates(tx, patientId, found, new Map());
    rows = found.map((r) => (r.duplicateOfId ? { ...r, duplicateOfId: copyOf(r) } : r));
  }
  const created = await tx.labResult.createMany({ data: rows, skipDuplicates: true });
  if (created.count > 0) {
    await refreshPatientMonitoring(tx, patientId);
    await writeAudit(tx, actor, {
      action: audit.action,
      entityType: "LabResult",
      entityId: audit.entityId,
      patientId,
      changes: {
        ...audit.changes,
        results: rows.map((r) => ({
          code: r.code,
          value: r.valueNumeric ?? r.valueQualitative,
          unit: r.unit,
          entered: r.enteredValue === null ? undefined : `${r.enteredValue} ${r.enteredUnit ?? ""}`.trim(),
          flag: r.flag,
          duplicateOf: r.duplicateOfId ?? undefined,
        })),
        inserted: created.count,
      },
    });
  }
  return created.count;
}
