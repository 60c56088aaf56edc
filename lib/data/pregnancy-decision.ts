import "server-only";
import { can } from "@/lib/auth/permissions";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { dosesAfter } from "@/lib/domain/dosing/course-status";
import { AppError, invalidField, notFound, refused } from "@/lib/errors";
import type { PregnancyDecisionOutcome } from "@/lib/generated/prisma/enums";
import type { AuditActor } from "./audit";
import { recordsOf, resultOf } from "./lab-copies";
import { inPatientTransaction, inProgressOn } from "./pregnancy-records";

export interface DecisionInput {
  patientId: string;
  labResultId: string;
  outcome: PregnancyDecisionOutcome;
  reason: string;
}

export const DECISION_ROLE = "Only a dermatologist can document a decision on a pregnancy test.";
export const ALREADY_DECIDED = "A decision on this test is already documented.";
/** A record of a result (lib/data/lab-copies.ts) whose result is decided through another of its records. */
export const DECIDED_ON_ANOTHER_RECORD =
  "This test was recorded more than once and a decision on it is already documented on its other record; that decision stands.";

/**
 * The dermatologist's documented decision on a positive or indeterminate test, the only way its review
 * closes. A false positive needs a negative test collected on a later day; a confirmed pregnancy needs
 * the course stopped or paused first. Prescribing stays stopped until a later negative test either way.
 *
 * A test recorded twice is one result (lib/data/lab-copies.ts): the decision is on the result, whichever of
 * its records the form named (a copy's id documents the decision on the result it copies), and one decision
 * on any record of it decides it (a second one would open its follow-ups twice), as a lab review stays with
 * the result (lib/data/review-lab.ts). Reviewing the decision reviews every record of the result.
 */
export async function recordPregnancyDecision(actor: AuditActor, input: DecisionInput, today: string): Promise<void> {
  if (!can(actor.role, "pregnancy.decide")) throw new AppError("FORBIDDEN", DECISION_ROLE);
  await inPatientTransaction(actor, input.patientId, async (tx) => {
    const named = await tx.labResult.findFirst({
      where: { id: input.labResultId, patientId: input.patientId, analyte: "HCG", voidedAt: null, valueQualitative: { in: ["POSITIVE", "INDETERMINATE"] } },
      select: { id: true, duplicateOfId: true },
    });
    if (!named) throw notFound("pregnancy test");
    const resultId = resultOf(named);
    // Read under the patient's lock, which a lab void takes too: the result a copy names is live (a voided one hands its place to a copy).
    const records = await tx.labResult.findMany({
      where: { ...recordsOf(resultId), patientId: input.patientId },
      select: { id: true, specimenDate: true, pregnancyDecision: { select: { id: true } } },
    });
    const test = records.find((r) => r.id === resultId);
    if (!test) throw notFound("pregnancy test");
    const decided = records.filter((r) => r.pregnancyDecision);
    if (decided.length) throw refused(decided.some((r) => r.id === named.id) ? ALREADY_DECIDED : DECIDED_ON_ANOTHER_RECORD);
    if (input.outcome === "FALSE_POSITIVE") {
      const later = await tx.labResult.count({
        where: {
          patientId: input.patientId,
          analyte: "HCG",
          valueQualitative: "NEGATIVE",
          voidedAt: null,
          specimenDate: { gt: test.specimenDate },
          pregnancyTestSetting: { in: ["LAB", "OFFICE"] },
        },
      });
      if (!later)
        throw invalidField(
          "outcome",
          "A false positive needs a negative test collected after it in a laboratory or the clinic (a serum test is preferred). Record that test first.",
        );
    } else {
      // As recorded, no course may dose after today: a pause or stop dated ahead leaves doses until then.
      const courses = await tx.course.findMany({
        where: { patientId: input.patientId, ...inProgressOn(today) },
        select: { startDate: true, status: true, endDate: true, pauses: { where: { voidedAt: null }, select: { startDate: true, resumeDate: true } } },
      });
      const dosing = courses.some((c) =>
        dosesAfter(
          {
            startDate: isoFromDb(c.startDate),
            status: c.status,
            endDate: c.endDate ? isoFromDb(c.endDate) : null,
            pauses: c.pauses.map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null })),
          },
          today,
        ),
      );
      if (dosing) {
        throw invalidField(
          "outcome",
          "Stop or pause the course before documenting a confirmed pregnancy: as recorded, doses continue after today. Pause it from today or tomorrow with no resumption (a course not started yet, from its first day), or stop it with today or an earlier day as its last day.",
        );
      }
    }
    const decision = await tx.pregnancyDecision.create({
      data: {
        patientId: input.patientId,
        labResultId: resultId,
        outcome: input.outcome,
        reason: input.reason,
        decidedOn: dbDate(today),
        decidedById: actor.id,
      },
      select: { id: true },
    });
    // Reviewing the decision reviews the result, every record of it: it leaves the dashboard's critical alerts.
    await tx.labResult.updateMany({
      where: { ...recordsOf(resultId), acknowledgedAt: null },
      data: { acknowledgedAt: new Date(), acknowledgedById: actor.id },
    });
    return {
      action: "pregnancy.decision",
      entityType: "PregnancyDecision",
      entityId: decision.id,
      patientId: input.patientId,
      changes: { labResultId: resultId, outcome: input.outcome, reason: input.reason, ...(named.id !== resultId ? { openedCopy: named.id } : {}) },
    };
  });
}
