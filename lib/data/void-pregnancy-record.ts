import "server-only";
import { can, type Permission } from "@/lib/auth/permissions";
import { dbDate, isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import { addDays } from "@/lib/domain/dates";
import { AppError, refused } from "@/lib/errors";
import type { AuditActor } from "./audit";
import { inPatientTransaction } from "./pregnancy-records";
import { ALREADY_VOIDED } from "./void-entry";

/**
 * Entered in error, for the pregnancy-prevention records: a contraception record (the wrong start date,
 * methods or patient), a counseling that did not happen (or with the wrong REMS confirmation number), or a
 * follow-up after a confirmed pregnancy recorded in error (its item opens again).
 * Nothing is deleted: the record keeps every value, marked voided with who, when and why, and counts for
 * nothing from then on (the prescribing check, the pregnancy status and the monitoring items all leave it
 * out: lib/data/pregnancy-history.ts); a correction is a void and a new record. Each void runs as every
 * pregnancy-prevention write does (inPatientTransaction): under the patient lock, so a prescription being
 * written sees the record or its void, never half of it; the monitoring items refreshed and the audit row
 * written in the same transaction.
 *
 * Who may void a record is who may record it: nurses and dermatologists contraception, only the prescriber
 * (a dermatologist) counseling, which iPLEDGE makes the prescriber's own duty, and a follow-up.
 */

export interface VoidPregnancyRecordInput {
  patientId: string;
  recordId: string;
  reason: string;
}

const ROLE_REFUSALS: Record<"contraception" | "counseling" | "followUp", { permission: Permission; message: string }> = {
  contraception: { permission: "pregnancy.record", message: "Only a nurse or a dermatologist can void a contraception record." },
  counseling: { permission: "pregnancy.decide", message: "Only a dermatologist can void a counseling record." },
  followUp: { permission: "pregnancy.decide", message: "Only a dermatologist can void a follow-up record." },
};

function assertMayVoid(actor: AuditActor, kind: keyof typeof ROLE_REFUSALS) {
  const { permission, message } = ROLE_REFUSALS[kind];
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", message);
}

const notOnFile = (what: string) => new AppError("NOT_FOUND", `That ${what} is not on this patient's file. Reload the page to see the latest entries.`);

/** The void itself, only while the row is still current: a second void, or a stale form, changes nothing. */
async function markVoided(
  tx: Tx,
  table: "contraceptionRecord" | "pregnancyCounseling" | "pregnancyFollowUp",
  actor: AuditActor,
  input: VoidPregnancyRecordInput,
) {
  const where = { id: input.recordId, patientId: input.patientId, voidedAt: null };
  const data = { voidedAt: new Date(), voidedById: actor.id, voidReason: input.reason };
  const { count } =
    table === "contraceptionRecord"
      ? await tx.contraceptionRecord.updateMany({ where, data })
      : table === "pregnancyCounseling"
        ? await tx.pregnancyCounseling.updateMany({ where, data })
        : await tx.pregnancyFollowUp.updateMany({ where, data });
  if (count !== 1) throw refused(ALREADY_VOIDED);
}

/**
 * Voids a contraception record. Recording it ended the record in use the day before it started
 * (recordContraception); voided, it never replaced that one, so the records it ended take its own end back
 * (open again, when it was still in use; else ended when it ended), as if it had never been recorded. The
 * audit row keeps what was voided and every end date given back. Returns how many records were given back.
 */
export async function voidContraceptionRecord(actor: AuditActor, input: VoidPregnancyRecordInput): Promise<{ givenBack: number }> {
  assertMayVoid(actor, "contraception");
  let givenBack = 0;
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const r = await tx.contraceptionRecord.findFirst({
      where: { id: input.recordId, patientId: input.patientId },
      select: { id: true, method: true, startDate: true, endDate: true, voidedAt: true },
    });
    if (!r) throw notOnFile("contraception record");
    if (r.voidedAt) throw refused(ALREADY_VOIDED);
    await markVoided(tx, "contraceptionRecord", actor, input);
    const startDate = isoFromDb(r.startDate);
    const endDate = r.endDate ? isoFromDb(r.endDate) : null;
    // Only the recording of a later record ends one, on the day before that one starts: a current record
    // ended the day before this one started is one this record ended.
    const ended = await tx.contraceptionRecord.findMany({
      where: { patientId: input.patientId, voidedAt: null, endDate: dbDate(addDays(startDate, -1)) },
      select: { id: true },
    });
    if (ended.length) {
      await tx.contraceptionRecord.updateMany({ where: { id: { in: ended.map((e) => e.id) } }, data: { endDate: r.endDate } });
    }
    givenBack = ended.length;
    return {
      action: "pregnancy.contraception_void",
      entityType: "ContraceptionRecord",
      entityId: r.id,
      changes: {
        reason: input.reason,
        before: { method: r.method, startDate, endDate },
        endsGivenBack: ended.map((e) => ({ id: e.id, endDate: { from: addDays(startDate, -1), to: endDate } })),
      },
    };
  });
  return { givenBack };
}

/**
 * Voids a counseling record (entered outside a prescription or with one: the prescription already written
 * stays, held from dispensing when the counseling left no longer meets its day's check (dispensing.ts); the
 * next one needs this month's counseling again, where the rules ask for it). The audit row repeats the
 * contraception record it confirmed, if any: that confirmation counts for nothing from then on.
 */
export async function voidCounselingRecord(actor: AuditActor, input: VoidPregnancyRecordInput): Promise<void> {
  assertMayVoid(actor, "counseling");
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const k = await tx.pregnancyCounseling.findFirst({
      where: { id: input.recordId, patientId: input.patientId },
      select: { id: true, counseledOn: true, confirmedContraceptionId: true, voidedAt: true },
    });
    if (!k) throw notOnFile("counseling record");
    if (k.voidedAt) throw refused(ALREADY_VOIDED);
    await markVoided(tx, "pregnancyCounseling", actor, input);
    return {
      action: "pregnancy.counseling_void",
      entityType: "PregnancyCounseling",
      entityId: k.id,
      // With the record it confirmed (null: none), whose confirmation the void takes away.
      changes: { reason: input.reason, before: { counseledOn: isoFromDb(k.counseledOn), confirmedContraceptionId: k.confirmedContraceptionId } },
    };
  });
}

/**
 * Voids a follow-up recorded after a confirmed pregnancy (the wrong patient, follow-up or date): its item is
 * open again (due on the decision's day, so usually overdue) until it is recorded anew.
 */
export async function voidPregnancyFollowUp(actor: AuditActor, input: VoidPregnancyRecordInput): Promise<void> {
  assertMayVoid(actor, "followUp");
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const f = await tx.pregnancyFollowUp.findFirst({
      where: { id: input.recordId, patientId: input.patientId },
      select: { id: true, decisionId: true, kind: true, doneOn: true, note: true, voidedAt: true },
    });
    if (!f) throw notOnFile("follow-up record");
    if (f.voidedAt) throw refused(ALREADY_VOIDED);
    await markVoided(tx, "pregnancyFollowUp", actor, input);
    return {
      action: "pregnancy.follow_up_void",
      entityType: "PregnancyFollowUp",
      entityId: f.id,
      changes: { reason: input.reason, before: { decisionId: f.decisionId, kind: f.kind, doneOn: isoFromDb(f.doneOn), note: f.note } },
    };
  });
}
