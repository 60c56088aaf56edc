import "server-only";
import { randomUUID } from "node:crypto";
import { can } from "@/lib/auth/permissions";
import { isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError, confirmationsDue, invalidField, needsConfirmation, notFound, refused } from "@/lib/errors";
import type { RepeatsAfterCorrection } from "@/lib/domain/monitoring/repeat";
import { parseLabValue } from "@/lib/validation/lab";
import { writeAudit, type AuditActor, type AuditEntry, type SystemActor } from "./audit";
import { getThresholds } from "./config";
import { checkNotBeforeBirth } from "./date-of-birth-check";
import { copiesOf, recordsVoided } from "./lab-copies";
import { addedPregnancyTest, num, prepareLabRow, receivedRangeOf, resultKey } from "./lab-rows";
import { lockPatient } from "./locks";
import { refreshPatientMonitoring } from "./refresh-monitoring";
import { carryRepeatsToCorrection, repeatsLeftByVoid, type RepeatsMoved } from "./repeat-corrections";
import { promoteCopies, unusualCode } from "./save-lab-rows";
import { ALREADY_VOIDED } from "./void-entry";
import { assertMay } from "./viewer";

/**
 * Entered in error. Nothing is deleted: the entry keeps its values and is marked voided with who, when and
 * why; a correction is a new row the voided one names. Every read that computes anything leaves voided rows
 * out, and the figures derived from them are recomputed in the same transaction, with one audit row.
 */

/**
 * The void itself, only while the row is still current (a second void or a stale form changes nothing),
 * then, for a lab result, what becomes of its live copies (the same result recorded again, naming it): a
 * void takes that entry away, so its oldest copy takes its place (promoteCopies); a correction
 * (`replacedById`) replaces the result itself, so its copies are voided with it, for the same reason, by
 * the same actor (else the value corrected would come back as a copy's), as they are when the result goes
 * whole (`withCopies`: the laboratory retracted it, lib/data/lab-copies.ts), and the repeat tests asked for at
 * its review follow the correction while it is still abnormal (carryRepeatsToCorrection; `byLaboratory`: the
 * laboratory's corrected result), or, left on a voided result, list nothing (repeatsLeftByVoid). Then the derived
 * figures of the patient and the one audit row (with what the copies and the repeats did). A lab interface (a
 * laboratory's corrected result) voids lab results only, and is recorded as the interface, not a user. Returns
 * what became of the repeats (null: none named the result), for the answer to whoever corrected or voided it.
 */
export async function voidEntry(
  tx: Tx,
  actor: AuditActor | SystemActor,
  table: "lab_results" | "weight_measurements",
  entry: { id: string; patientId: string; reason: string; replacedById: string | null; withCopies?: boolean; byLaboratory?: boolean },
  refresh: (tx: Tx, patientId: string) => Promise<void>,
  audit: Omit<AuditEntry, "entityId" | "patientId" | "changes"> & { changes: Prisma.InputJsonObject },
) {
  if (actor.role === null && table !== "lab_results") throw new Error("Only lab results are voided by a lab interface.");
  const by = actor.role === null ? Prisma.sql`voided_by_interface_id = ${actor.id}::uuid` : Prisma.sql`voided_by_id = ${actor.id}::uuid`;
  const voided = await tx.$executeRaw`
    UPDATE ${Prisma.raw(`"${table}"`)} SET voided_at = now(), ${by}, void_reason = ${entry.reason},
      replaced_by_id = ${entry.replacedById}::uuid
    WHERE id = ${entry.id}::uuid AND voided_at IS NULL`;
  if (voided !== 1) throw refused(ALREADY_VOIDED);
  let copies: Prisma.InputJsonObject | null = null;
  let repeats: RepeatsMoved = null;
  let voidedIds = [entry.id];
  if (table === "lab_results" && entry.replacedById === null && !entry.withCopies) copies = await promoteCopies(tx, entry.id);
  else if (table === "lab_results") {
    const ids = (await tx.labResult.findMany({ where: copiesOf(entry.id), orderBy: [{ enteredAt: "asc" }, { id: "asc" }], select: { id: true } })).map(
      (c) => c.id,
    );
    if (ids.length) {
      await tx.$executeRaw`
        UPDATE "lab_results" SET voided_at = now(), ${by}, void_reason = ${entry.reason}
        WHERE id = ANY(${ids}::uuid[]) AND voided_at IS NULL`;
      copies = { voided: ids };
    }
    voidedIds = [entry.id, ...ids];
  }
  // The repeats asked for at the result's review: a correction takes them while still abnormal; those left on a
  // voided result list nothing: the answer says so (and a notice, for an open one, when no dermatologist is told here).
  if (table === "lab_results" && entry.replacedById !== null)
    repeats = await carryRepeatsToCorrection(tx, actor, voidedIds, entry.replacedById, entry.byLaboratory ? "LAB_CORRECTION" : "CORRECTION");
  else if (table === "lab_results") repeats = await repeatsLeftByVoid(tx, actor, voidedIds);
  await refresh(tx, entry.patientId);
  const changes = { ...audit.changes, ...(copies ? { copies } : {}), ...repeats?.audit };
  await writeAudit(tx, actor, { ...audit, changes, entityId: entry.id, patientId: entry.patientId });
  return { repeats: repeats?.outcome ?? null };
}

/** A corrected date (a specimen or a measurement) cannot be after today. */
export function checkDate(field: string, date: string, today: string) {
  if (date > today) throw invalidField(field, "The date cannot be in the future.");
}

/** A lab result as an audit row's before and after name it. */
export const labValue = (r: { specimenDate: Date; valueNumeric: { toString(): string } | null; valueQualitative: string | null; flag: string }) => ({
  specimenDate: isoFromDb(r.specimenDate),
  value: num(r.valueNumeric) ?? r.valueQualitative!,
  flag: r.flag,
});

export const PREGNANCY_TEST_ROLE = "Only a dermatologist can void or correct a pregnancy test result.";

export interface LabCorrection {
  labResultId: string;
  /** The corrected value; absent to void the result. */
  value?: string;
  /** A corrected specimen date; absent to keep the entry's. */
  specimenDate?: string;
  reason: string;
  /** The confirmations sent: an unusual (but possible) corrected value is saved once confirmed as shown (lib/errors.ts). */
  ack?: string[];
}

/**
 * A corrected value is typed by hand, so an unusual one needs the confirmation hand entry asks for
 * (docs/DOMAIN.md "Plausibility limits"), under the same code, for the value's own message.
 */
const unusualWarning = (test: { id: string; name: string }, message: string) => ({ code: unusualCode(test.id), message: `${test.name}: ${message}` });

/**
 * A corrected date with no value: refused, not made a void (the date typed lost) nor a correction built from
 * the value on file (a correction is the result as read again from the report, judged and flagged anew).
 */
const DATE_ONLY = "To correct the date, enter the value again; to void the result, leave the date empty too.";

const DECIDED = "A decision is documented on this pregnancy test, so it cannot be voided or corrected.";

/**
 * The result already on file that a corrected value repeats, as entry finds one (findDuplicates): a current
 * result of the patient naming none, with the same analyte, specimen date and value (resultKey), other than
 * the result corrected (its copies name it, so they are not candidates either; all are voided by the
 * correction). The correction names it (duplicate_of_id), as a repeat confirmed on entry does, and counts once.
 */
async function repeatedResult(
  tx: Tx,
  row: { patientId: string; analyte: string; specimenDate: Date; valueNumeric: string | null; valueQualitative: string | null },
  corrected: string,
): Promise<string | null> {
  const candidates = await tx.labResult.findMany({
    where: { patientId: row.patientId, analyte: row.analyte, specimenDate: row.specimenDate, voidedAt: null, duplicateOfId: null, id: { not: corrected } },
    orderBy: [{ enteredAt: "asc" }, { id: "asc" }],
    select: { id: true, analyte: true, specimenDate: true, valueNumeric: true, valueQualitative: true },
  });
  return candidates.find((c) => resultKey(c) === resultKey(row))?.id ?? null;
}

/**
 * Voids or corrects a lab result, under the patient lock (the one prescribing, pregnancy decisions and the
 * recording of a repeated result take), the result read again once it is held. A pregnancy test is voided
 * or corrected only by a role that decides on pregnancy tests, and never once a decision rests on it. The
 * live copies of a voided result (the same result recorded again) take its place; a correction, made on the
 * result or on any copy of it, replaces the result, every record of it voided (recordsVoided, voidEntry), as
 * is a result the laboratory retracted. A corrected value that repeats a result on file names it (repeatedResult).
 * The repeat tests asked for at the result's review follow a correction that is still abnormal, and list nothing
 * after a normal one or a void that no copy survives (voidEntry): the answer says what became of them.
 */
export async function correctLabResult(
  actor: AuditActor,
  input: LabCorrection,
  today: string,
): Promise<{ kind: "voided" | "corrected"; repeats: RepeatsAfterCorrection | null }> {
  assertMay(actor, "labs.write");
  return db.$transaction(async (tx) => {
    const found = await tx.labResult.findUnique({
      where: { id: input.labResultId },
      select: { patientId: true, analyte: true, labTest: { select: { analyte: true, code: true, name: true } } },
    });
    if (!found) throw notFound("result");
    // A result under a pregnancy test the catalogue holds as a test of its own stops prescribing until voided.
    if ((found.analyte === "HCG" || addedPregnancyTest(found.labTest)) && !can(actor.role, "pregnancy.decide")) {
      throw new AppError("FORBIDDEN", PREGNANCY_TEST_ROLE);
    }
    await lockPatient(tx, found.patientId);
    // Read again under the lock: a decision documented or a void committed meanwhile is seen.
    const old = await tx.labResult.findUniqueOrThrow({
      where: { id: input.labResultId },
      include: { labTest: true, pregnancyDecision: { select: { id: true } } },
    });
    if (old.voidedAt) throw refused(ALREADY_VOIDED);
    if (old.pregnancyDecision) throw refused(DECIDED);
    // What goes: this record, or the result with every record of it, none of which a decision may rest on.
    const voids = await recordsVoided(tx, old, input.value !== undefined);
    if (voids.decided) throw refused(DECIDED);
    const before = labValue(old);
    let after: { id: string; specimenDate: string; value: number | string; flag: string; duplicateOf?: string } | null = null;
    let confirmed = false;
    if (input.value !== undefined) {
      const parsed = parseLabValue(old.labTest.kind, input.value);
      if (!parsed.ok) throw invalidField("value", parsed.message);
      const specimenDate = input.specimenDate ?? before.specimenDate;
      checkDate("specimenDate", specimenDate, today);
      await checkNotBeforeBirth(tx, old.patientId, "specimenDate", specimenDate);
      const prepared = prepareLabRow(
        old.labTest,
        parsed,
        await getThresholds(specimenDate, tx),
        {
          patientId: old.patientId,
          specimenDate,
          pregnancyTestSetting: old.pregnancyTestSetting,
          submissionId: randomUUID(),
          enteredById: actor.id,
        },
        old.enteredUnit,
        receivedRangeOf(old),
      );
      if (!prepared.ok) throw invalidField("value", prepared.message);
      if (prepared.plausibility.kind === "UNUSUAL") {
        const { pending } = confirmationsDue([unusualWarning(old.labTest, prepared.plausibility.message)], input.ack ?? []);
        if (pending.length) throw needsConfirmation("This value is unusual: check it against the report, then confirm it to save it.", pending);
        confirmed = true;
      }
      const { row } = prepared;
      const duplicateOfId = await repeatedResult(tx, row, voids.id);
      const created = await tx.labResult.create({ data: { ...row, duplicateOfId }, select: { id: true } });
      after = {
        id: created.id,
        specimenDate,
        value: parsed.numeric !== null ? Number(parsed.numeric) : parsed.qualitative!,
        flag: row.flag,
        ...(duplicateOfId ? { duplicateOf: duplicateOfId } : {}),
      };
    } else if (input.specimenDate !== undefined) throw invalidField("value", DATE_ONLY);
    const { repeats } = await voidEntry(
      tx,
      actor,
      "lab_results",
      { id: voids.id, patientId: old.patientId, reason: input.reason, replacedById: after?.id ?? null, withCopies: voids.whole },
      refreshPatientMonitoring,
      {
        action: after ? "lab.correct" : "lab.void",
        entityType: "LabResult",
        changes: {
          reason: input.reason,
          code: old.code,
          before,
          ...(after ? { after, replacedById: after.id } : {}),
          ...(confirmed ? { confirmed: ["UNUSUAL"] } : {}),
          // The copy opened, when the result it records went (ids only).
          ...(voids.id !== old.id ? { openedCopy: old.id } : {}),
          ...(voids.retractions.length ? { retractions: voids.retractions } : {}),
        },
      },
    );
    return { kind: after ? "corrected" : "voided", repeats };
  });
}
