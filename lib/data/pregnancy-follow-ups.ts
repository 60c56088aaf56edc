import "server-only";
import { can } from "@/lib/auth/permissions";
import { clinicToday, dbDate, isoFromDb } from "@/lib/clinic";
import { db } from "@/lib/db";
import { itemStatus, type ItemStatus } from "@/lib/domain/monitoring/items";
import { AppError, invalidField, refused } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import type { PregnancyFollowUpKind } from "@/lib/generated/prisma/enums";
import { PREGNANCY_FOLLOW_UP_LABELS } from "@/lib/labels";
import type { AuditActor } from "./audit";
import type { VoidInfo } from "./course-timeline";
import { getPregnancyRules } from "./pregnancy-history";
import { inPatientTransaction } from "./pregnancy-records";
import { assertCan, type Viewer } from "./viewer";

/**
 * The follow-up after a confirmed pregnancy (lib/domain/pregnancy/follow-ups.ts): a dermatologist records
 * each follow-up the rule set asks for (the referral; under iPLEDGE, the report to the REMS program) on the
 * day it was done, with a short note if wanted. Each write runs as every pregnancy-prevention write does
 * (inPatientTransaction): under the patient lock, the monitoring items refreshed and the audit row written in
 * the same transaction. A record entered in error is voided (lib/data/void-pregnancy-record.ts), never deleted.
 */

export const FOLLOW_UP_ROLE = "Only a dermatologist can record a follow-up after a confirmed pregnancy.";
const NOT_ON_FILE = "That confirmed pregnancy is not on this patient's file. Reload the page to see the latest entries.";

export interface FollowUpInput {
  patientId: string;
  decisionId: string;
  kind: PregnancyFollowUpKind;
  doneOn: string;
  note?: string;
}

export async function recordPregnancyFollowUp(actor: AuditActor, input: FollowUpInput, today: string): Promise<void> {
  if (!can(actor.role, "pregnancy.decide")) throw new AppError("FORBIDDEN", FOLLOW_UP_ROLE);
  if (input.doneOn > today) throw invalidField("doneOn", "The date it was done cannot be in the future.");
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const decision = await tx.pregnancyDecision.findFirst({
      where: { id: input.decisionId, patientId: input.patientId, outcome: "PREGNANCY_CONFIRMED" },
      select: { id: true, decidedOn: true, labResult: { select: { specimenDate: true } } },
    });
    if (!decision) throw new AppError("NOT_FOUND", NOT_ON_FILE);
    const rules = (await getPregnancyRules(tx))(isoFromDb(decision.decidedOn));
    if (!rules.confirmedPregnancyFollowUps.includes(input.kind)) {
      throw invalidField("kind", `"${PREGNANCY_FOLLOW_UP_LABELS[input.kind]}" is not asked for under ${rules.name}.`);
    }
    const testDate = isoFromDb(decision.labResult.specimenDate);
    if (input.doneOn < testDate) throw invalidField("doneOn", `The follow-up cannot have been done before the test of ${formatDate(testDate)}.`);
    const current = await tx.pregnancyFollowUp.findFirst({
      where: { decisionId: decision.id, kind: input.kind, voidedAt: null },
      select: { doneOn: true },
    });
    if (current) {
      throw refused(
        `This follow-up is already recorded, as done on ${formatDate(isoFromDb(current.doneOn))}. To correct it, mark that record as entered in error and record it again.`,
      );
    }
    const created = await tx.pregnancyFollowUp.create({
      data: {
        patientId: input.patientId,
        decisionId: decision.id,
        kind: input.kind,
        doneOn: dbDate(input.doneOn),
        note: input.note ?? null,
        recordedById: actor.id,
      },
      select: { id: true },
    });
    return {
      action: "pregnancy.follow_up",
      entityType: "PregnancyFollowUp",
      entityId: created.id,
      patientId: input.patientId,
      changes: { decisionId: decision.id, kind: input.kind, doneOn: input.doneOn, note: input.note ?? null },
    };
  });
}

export interface FollowUpRecordView {
  id: string;
  kind: PregnancyFollowUpKind;
  doneOn: string;
  note: string | null;
  by: string;
  /** Entered in error: who voided it, when and why (it stays in the history and counts for nothing). */
  voided: VoidInfo | null;
}

export interface ConfirmedPregnancyFollowUps {
  decisionId: string;
  decidedOn: string;
  testDate: string;
  ruleSetName: string;
  /** What the rule set in force on the decision's day asks for, each with its status today and its current record. */
  due: { kind: PregnancyFollowUpKind; dueDate: string; status: ItemStatus; record: FollowUpRecordView | null }[];
  /** Every record, voided ones included, in the order recorded. */
  records: FollowUpRecordView[];
}

/** The follow-ups of a patient's confirmed pregnancies, latest decision first. Clinical roles only. */
export async function getPregnancyFollowUps(viewer: Viewer, patientId: string, asOf: string): Promise<ConfirmedPregnancyFollowUps[]> {
  assertCan(viewer, "labs.read");
  const [decisions, rulesOn] = await Promise.all([
    db.pregnancyDecision.findMany({
      where: { patientId, outcome: "PREGNANCY_CONFIRMED" },
      orderBy: { decidedAt: "desc" },
      select: {
        id: true,
        decidedOn: true,
        labResult: { select: { specimenDate: true } },
        followUps: {
          orderBy: { recordedAt: "asc" },
          select: {
            id: true,
            kind: true,
            doneOn: true,
            note: true,
            recordedBy: { select: { name: true } },
            voidedAt: true,
            voidReason: true,
            voidedBy: { select: { name: true } },
          },
        },
      },
    }),
    getPregnancyRules(),
  ]);
  return decisions.map((d) => {
    const decidedOn = isoFromDb(d.decidedOn);
    const rules = rulesOn(decidedOn);
    const records: FollowUpRecordView[] = d.followUps.map((f) => ({
      id: f.id,
      kind: f.kind,
      doneOn: isoFromDb(f.doneOn),
      note: f.note,
      by: f.recordedBy.name,
      voided: f.voidedAt ? { on: clinicToday(f.voidedAt), by: f.voidedBy?.name ?? "", reason: f.voidReason ?? "" } : null,
    }));
    return {
      decisionId: d.id,
      decidedOn,
      testDate: isoFromDb(d.labResult.specimenDate),
      ruleSetName: rules.name,
      due: rules.confirmedPregnancyFollowUps.map((kind) => {
        const record = records.find((r) => r.kind === kind && !r.voided) ?? null;
        const status = itemStatus(decidedOn, asOf, record !== null, false, rules.dueSoonDays, rules.followUpOverdueAfterDays);
        return { kind, dueDate: decidedOn, status, record };
      }),
      records,
    };
  });
}
