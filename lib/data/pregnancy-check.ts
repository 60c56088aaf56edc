import "server-only";
import { clinicToday, dbDate } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { checkPrescription, courseRestartRefusal, type CourseRestart, type PrescribingDecision } from "@/lib/domain/pregnancy";
import type { AuditActor } from "./audit";
import { AppError, notFound, refused } from "@/lib/errors";
import { assertConfirmable } from "./contraception-confirmation";
import { lockPatient } from "./locks";
import { getPregnancyRules, loadPregnancyHistory } from "./pregnancy-history";

export interface PrescriptionPregnancyContext {
  patientId: string;
  /** null for the first prescription of a course being started. */
  courseId: string | null;
  date: string;
  daysSupply: number;
  refills: number;
  /** The prescriber records this month's counseling with the prescription, and the contraception record confirmed there. */
  counseling: { confirmationNumber: string | null; confirmedContraceptionId: string | null } | null;
}

/** The counseling recorded with the prescription, as the check reads it before its row is written. */
const WITH_THIS_PRESCRIPTION = "with-this-prescription";

/** The patient's pregnancy-prevention history and rules, read in the transaction once the patient row is locked. */
async function historyUnderLock(tx: Tx, patientId: string) {
  await lockPatient(tx, patientId);
  const [history, rulesOn] = await Promise.all([loadPregnancyHistory(tx, patientId), getPregnancyRules(tx)]);
  if (!history) throw notFound("patient");
  return { history, rulesOn };
}

/** The refusals that name a field of the prescription form rather than the pregnancy rules' list. */
const FIELD_OF_REFUSAL: Partial<Record<string, "daysSupply" | "refills">> = { SUPPLY_TOO_LONG: "daysSupply", REFILLS_NOT_ALLOWED: "refills" };

/**
 * The pregnancy-prevention decision for a prescription, inside the writing transaction. The patient row
 * is locked first, as every pregnancy test write locks it, so a test recorded at the same moment is
 * either seen here or recorded after the prescription: never missed. A refusal lists every reason;
 * what needs confirmation is returned as warnings for the prescriber's acknowledgement.
 */
export async function decidePrescription(tx: Tx, ctx: PrescriptionPregnancyContext): Promise<PrescribingDecision> {
  const { history, rulesOn } = await historyUnderLock(tx, ctx.patientId);
  const confirmed = ctx.counseling?.confirmedContraceptionId ?? null;
  if (confirmed) await assertConfirmable(tx, ctx.patientId, confirmed, ctx.date);
  if (ctx.counseling) history.counseling.push({ id: WITH_THIS_PRESCRIPTION, date: ctx.date, confirmedContraceptionId: confirmed });
  const decision = checkPrescription(
    history,
    { courseId: ctx.courseId ?? "new-course", date: ctx.date, recordedOn: clinicToday(), daysSupply: ctx.daysSupply, refills: ctx.refills },
    rulesOn,
  );
  if (decision.outcome === "REFUSED") {
    // The supply and refill limits on the fields the prescriber changes; every other reason with the pregnancy rules.
    const fields: Record<string, string[]> = {};
    for (const r of decision.refusals) (fields[FIELD_OF_REFUSAL[r.code] ?? "pregnancy"] ??= []).push(r.message);
    throw new AppError("REFUSED", `This prescription cannot be written under ${decision.ruleSetName}.`, { fields });
  }
  return decision;
}

/**
 * Refuses a write that would make a course active again (resuming it, reopening it, voiding the pause that
 * holds it) while a positive or indeterminate test stops prescribing, with the tests that stop it named.
 * Inside the writing transaction, with the patient row locked first as every pregnancy test and decision
 * write locks it: a test or a decision recorded at the same moment is seen here, or sees the active course.
 */
export async function assertCourseMayRestart(tx: Tx, patientId: string, restart: CourseRestart): Promise<void> {
  const { history, rulesOn } = await historyUnderLock(tx, patientId);
  const refusal = courseRestartRefusal(history, clinicToday(), rulesOn, restart);
  if (refusal) throw refused(refusal);
}

/**
 * This month's counseling, recorded with the prescription it allows, with the contraception record confirmed
 * there (checked by decidePrescription, earlier in the same transaction).
 */
export async function recordCounselingWithPrescription(tx: Tx, actor: AuditActor, ctx: PrescriptionPregnancyContext) {
  if (!ctx.counseling) return null;
  const { confirmationNumber, confirmedContraceptionId } = ctx.counseling;
  return tx.pregnancyCounseling.create({
    data: { patientId: ctx.patientId, counseledOn: dbDate(ctx.date), confirmationNumber, confirmedContraceptionId, recordedById: actor.id },
    select: { id: true, confirmedContraceptionId: true },
  });
}

/**
 * The stored id of the counseling whose confirmation of the contraception in use the prescription rests on
 * (PrescribingDecision.confirmingCounseling): an earlier counseling's, or the one recorded with it once written
 * (`recorded`); null when none was asked (a patient who cannot become pregnant).
 */
export function confirmingCounselingId(pregnancy: PrescribingDecision | null, recorded: { id: string } | null): string | null {
  const k = pregnancy?.confirmingCounseling;
  if (!k) return null;
  return k.id === WITH_THIS_PRESCRIPTION ? (recorded?.id ?? null) : k.id;
}
