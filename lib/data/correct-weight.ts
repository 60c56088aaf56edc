import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { confirmationsDue, invalidField, needsConfirmation, notFound, refused } from "@/lib/errors";
import type { AuditActor } from "./audit";
import { checkDate, voidEntry } from "./correct-records";
import { checkNotBeforeBirth } from "./date-of-birth-check";
import { lockPatient } from "./locks";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { assertMayWriteWeights, weightToConfirm } from "./weight-checks";
import { weightDoseLimitToConfirm } from "./weight-dose-limits";
import { ALREADY_VOIDED } from "./void-entry";

export interface WeightCorrection {
  weightId: string;
  /** The corrected weight; absent to void the measurement. */
  weightGrams?: number;
  /** A corrected measurement date; absent to keep the entry's. */
  measuredOn?: string;
  reason: string;
  /**
   * The confirmations given: a corrected weight far from the patient's other weights, and a correction or
   * void that puts a course's current dose above a dose limit (weight-dose-limits.ts).
   */
  ack?: string[];
}

/** Voids or corrects a weight; the course summaries (mg/kg) are recomputed with the remaining weights. */
export async function correctWeight(actor: AuditActor, input: WeightCorrection, today: string): Promise<"voided" | "corrected"> {
  assertMayWriteWeights(actor);
  return db.$transaction((tx: Tx) => correctWeightIn(tx, actor, input, today));
}

/**
 * correctWeight inside the caller's transaction (a new weight for a day that has one, replacing it), with
 * what the caller adds to the audit row (`audited`); `sameDayEntry: true` there says the weight was entered
 * again for its day, whose far-weight check then is a re-weighing's (weight-checks.ts).
 */
export async function correctWeightIn(
  tx: Tx,
  actor: AuditActor,
  input: WeightCorrection,
  today: string,
  audited: Record<string, string | boolean> = {},
): Promise<"voided" | "corrected"> {
  assertMayWriteWeights(actor);
  const found = await tx.weightMeasurement.findUnique({ where: { id: input.weightId }, select: { patientId: true } });
  if (!found) throw notFound("weight");
  // A course starting meanwhile waits here (or this waits for it): the course whose start weight this
  // entry is, is seen, and the entry is read again under the lock.
  await lockPatient(tx, found.patientId);
  const old = await tx.weightMeasurement.findUnique({ where: { id: input.weightId } });
  if (!old) throw notFound("weight");
  if (old.voidedAt) throw refused(ALREADY_VOIDED);
  const before = { measuredOn: isoFromDb(old.measuredOn), weightGrams: old.weightGrams };
  let after: { id: string; measuredOn: string; weightGrams: number } | null = null;
  const ack = input.ack ?? [];
  let confirmed: string[] = [];
  if (input.weightGrams !== undefined) {
    const measuredOn = input.measuredOn ?? before.measuredOn;
    checkDate("measuredOn", measuredOn, today);
    // The corrected entry is a new one: its date, kept or corrected, is after the patient's birth.
    await checkNotBeforeBirth(tx, old.patientId, "measuredOn", measuredOn);
    const entry = { date: measuredOn, grams: input.weightGrams };
    // Compared with the last weight before its day, not with the entry it corrects (which may be the mistake
    // put right), unless it is the day's weight entered again and no other is recorded (weight-checks.ts); and
    // the current dose at the weight the dose check then uses (a course's start weight corrected included).
    const replacing = { id: old.id, reEntered: audited.sameDayEntry === true };
    const { pending, acknowledged } = confirmationsDue(
      [
        await weightToConfirm(tx, old.patientId, entry, replacing),
        await weightDoseLimitToConfirm(tx, old.patientId, { removeId: old.id, add: [entry] }, today),
      ],
      ack,
    );
    if (pending.length) throw needsConfirmation("Check this weight, then confirm to save it.", pending);
    confirmed = acknowledged;
    if (measuredOn !== before.measuredOn && (await isOnlyStartWeight(tx, old)))
      throw invalidField("measuredOn", "This is the start weight of a course, measured on its first day: correct the weight, not its date.");
    // A day has one weight (lib/domain/weight-entry.ts): an entry is not moved onto a day that has another.
    if (
      measuredOn !== before.measuredOn &&
      (await tx.weightMeasurement.count({ where: { patientId: old.patientId, measuredOn: dbDate(measuredOn), voidedAt: null } }))
    )
      throw invalidField("measuredOn", "Another weight is already recorded for that day: correct that entry instead.");
    // The start weight a course took from this entry follows its correction (mg/kg divides by it), unless
    // another live entry of that day still records it: the course keeps it, as a void would leave it.
    const followsCorrection = measuredOn === before.measuredOn && (await isOnlyStartWeight(tx, old));
    const created = await tx.weightMeasurement.create({
      data: { patientId: old.patientId, measuredOn: dbDate(measuredOn), weightGrams: input.weightGrams, enteredById: actor.id },
      select: { id: true },
    });
    after = { id: created.id, measuredOn, weightGrams: input.weightGrams };
    if (followsCorrection)
      await tx.course.updateMany({
        where: { patientId: old.patientId, startDate: old.measuredOn, startWeightGrams: old.weightGrams, paperRecord: false },
        data: { startWeightGrams: input.weightGrams, version: { increment: 1 } },
      });
  } else if (input.measuredOn !== undefined) {
    // Neither a void (the date typed lost) nor a correction made up from the weight on file: the weight is asked for.
    throw invalidField("weightKg", "To correct the date, enter the weight again; to void the entry, leave the date empty too.");
  } else if (await isOnlyStartWeight(tx, old)) {
    throw invalidField("weightKg", "This is the start weight of a course, which its mg/kg divides by: enter the right weight to correct it instead.");
  } else {
    // Voided, the entry no longer counts: the dose check may then read another weight.
    const { pending, acknowledged } = confirmationsDue([await weightDoseLimitToConfirm(tx, old.patientId, { removeId: old.id }, today)], ack);
    if (pending.length) throw needsConfirmation("Check what voiding this weight does, then confirm to void it.", pending);
    confirmed = acknowledged;
  }
  const entry = { id: old.id, patientId: old.patientId, reason: input.reason, replacedById: after?.id ?? null };
  await voidEntry(tx, actor, "weight_measurements", entry, refreshPatientCourseSummaries, {
    action: after ? "weight.correct" : "weight.void",
    entityType: "WeightMeasurement",
    changes: {
      reason: input.reason,
      before,
      ...(after ? { after, replacedById: after.id } : {}),
      ...(confirmed.length ? { acknowledgedWarnings: confirmed } : {}),
      ...audited,
    },
  });
  return after ? "corrected" : "voided";
}

/**
 * A course took its start weight from this entry and no other live entry of that day has the same value:
 * voiding it (or moving it to another day) would leave the course dividing by a weight no longer on the
 * chart, so it is corrected instead, and a correction of its weight on that day is the course's start weight.
 */
async function isOnlyStartWeight(tx: Tx, w: { id: string; patientId: string; measuredOn: Date; weightGrams: number }): Promise<boolean> {
  const [courses, twins] = await Promise.all([
    tx.course.count({ where: { patientId: w.patientId, startDate: w.measuredOn, startWeightGrams: w.weightGrams, paperRecord: false } }),
    tx.weightMeasurement.count({
      where: { patientId: w.patientId, measuredOn: w.measuredOn, weightGrams: w.weightGrams, voidedAt: null, id: { not: w.id } },
    }),
  ]);
  return courses > 0 && twins === 0;
}
