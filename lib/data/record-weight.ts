import "server-only";
import { clinicToday, dbDate } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { confirmationsDue, invalidField, needsConfirmation } from "@/lib/errors";
import { formatDate, formatKg } from "@/lib/format";
import { replaceWeightCode, sameDayDecision } from "@/lib/domain/weight-entry";
import { writeAudit, type AuditActor } from "./audit";
import { correctWeightIn } from "./correct-weight";
import { checkDate } from "./correct-records";
import { refreshPatientCourseSummaries } from "./course-summaries";
import { checkNotBeforeBirth } from "./date-of-birth-check";
import { lockDerivedData, lockPatient } from "./locks";
import { weightDoseLimitToConfirm } from "./weight-dose-limits";
import { assertMayWriteWeights, weightToConfirm } from "./weight-checks";
import { assertCan, type Viewer } from "./viewer";

// Importers of these from here before they had a module of their own (start-course, import-plan).
export { weightToConfirm, weightWarning } from "./weight-checks";

interface WeightInput {
  patientId: string;
  measuredOn: string;
  weightGrams: number;
}

export interface WeightEntry extends WeightInput {
  /** The confirmations the form sends back: a weight far from the recorded ones, the day's weight it replaces. */
  ack?: string[];
  /** Why the day's weight is replaced, when it is ("Re-weighed the same day"). */
  reason?: string;
}

/** "A weight of 67 kg is already recorded for 15 Nov 2026. Replace it?" */
export const sameDayQuestion = (grams: number, day: string) => `A weight of ${formatKg(grams)} is already recorded for ${formatDate(day)}. Replace it?`;

/**
 * A weight, with its patient's derived data refreshed. One far from the patient's nearest recorded weight
 * (more than a fifth: a weight typed in pounds, say; a replacement of the day's weight, from the last weight
 * before the day) is saved only once the form confirms it (`ack`), and so
 * is one that puts a course's current dose above a dose limit (weight-dose-limits.ts); the audit row records
 * the confirmations given. A day that already has a weight is asked about first (lib/domain/weight-entry.ts):
 * once the form names the entry it was asked about, the new weight replaces it as a correction, with the
 * reason given (correct-weight.ts), in this transaction. The day is read under the patient's lock, so of two
 * entries for one day made at once, the second is asked. A day in the future or before the patient's date of
 * birth is refused. Returns the weight replaced, if any.
 */
export async function recordWeight(actor: AuditActor, input: WeightEntry, today: string = clinicToday()): Promise<{ replacedGrams: number | null }> {
  assertMayWriteWeights(actor);
  checkDate("measuredOn", input.measuredOn, today);
  return db.$transaction(async (tx) => {
    // The patient's row before the refresh's derived-data lock and the audit row's chain lock (lib/data/locks.ts).
    await lockPatient(tx, input.patientId);
    await checkNotBeforeBirth(tx, input.patientId, "measuredOn", input.measuredOn);
    const entry = { date: input.measuredOn, grams: input.weightGrams };
    const ack = input.ack ?? [];
    const dayWeights = await tx.weightMeasurement.findMany({
      where: { patientId: input.patientId, measuredOn: dbDate(input.measuredOn), voidedAt: null },
      orderBy: [{ enteredAt: "asc" }, { id: "asc" }],
      select: { id: true, weightGrams: true },
    });
    const decision = sameDayDecision(
      dayWeights.map((w) => ({ id: w.id, grams: w.weightGrams })),
      ack,
    );
    if (decision.kind === "record") {
      await lockDerivedData(tx, [input.patientId]);
      // Asked together: a weight far from the recorded ones, and one that puts the current dose above a limit.
      const { pending, acknowledged } = confirmationsDue(
        [await weightToConfirm(tx, input.patientId, entry), await weightDoseLimitToConfirm(tx, input.patientId, { add: [entry] }, today)],
        ack,
      );
      if (pending.length) throw needsConfirmation("Check this weight, then confirm to save it.", pending);
      await insertWeight(tx, actor, input, acknowledged.length ? { acknowledgedWarnings: acknowledged } : {});
      // Weight changes mg/kg (per-day policy) and the weight-change alert.
      await refreshPatientCourseSummaries(tx, input.patientId);
      return { replacedGrams: null };
    }
    // Compared with the last weight before the day, not the one it replaces, as the correction it becomes is
    // (weight-checks.ts); asked together with the question (asked again while a confirmation is missing, so the
    // form keeps offering the replacement), and each asked again with a question asked anew: the form shows
    // only the confirmations it is asked for.
    const { pending } = confirmationsDue(
      [
        await weightToConfirm(tx, input.patientId, entry, { id: decision.recorded.id, reEntered: true }),
        await weightDoseLimitToConfirm(tx, input.patientId, { removeId: decision.recorded.id, add: [entry] }, today),
      ],
      decision.kind === "ask" ? [] : ack,
    );
    if (decision.kind === "ask" || pending.length) {
      const question = { code: replaceWeightCode(decision.recorded.id), message: sameDayQuestion(decision.recorded.grams, input.measuredOn) };
      throw needsConfirmation("This day already has a weight: replace it, or change the date.", [question, ...pending]);
    }
    const reason = input.reason?.trim();
    if (!reason) throw invalidField("reason", "Enter the reason for replacing the weight.");
    await correctWeightIn(tx, actor, { weightId: decision.recorded.id, weightGrams: input.weightGrams, reason, ack }, today, { sameDayEntry: true });
    return { replacedGrams: decision.recorded.grams };
  });
}

/**
 * The weight and its audit row, inside the caller's transaction, with what the caller adds to the audit row
 * (the confirmations given, an import's batch); the caller refreshes the patient's summaries.
 */
export async function insertWeight(tx: Tx, actor: AuditActor, input: WeightInput, context: Record<string, string | string[]> = {}): Promise<void> {
  const w = await tx.weightMeasurement.create({
    data: { patientId: input.patientId, measuredOn: dbDate(input.measuredOn), weightGrams: input.weightGrams, enteredById: actor.id },
    select: { id: true },
  });
  await writeAudit(tx, actor, {
    action: "weight.record",
    entityType: "WeightMeasurement",
    entityId: w.id,
    patientId: input.patientId,
    changes: { measuredOn: input.measuredOn, weightGrams: input.weightGrams, ...context },
  });
}

/**
 * The patient's latest weight still in force (entries voided as in error are skipped), for a form's default;
 * for roles that read treatment (courses.read), refused to others.
 */
export async function latestWeight(viewer: Viewer, patientId: string): Promise<{ weightGrams: number } | null> {
  assertCan(viewer, "courses.read");
  return db.weightMeasurement.findFirst({ where: { patientId, voidedAt: null }, orderBy: { measuredOn: "desc" }, select: { weightGrams: true } });
}
