import "server-only";
import { db } from "@/lib/db";
import type { ReviewAction } from "@/lib/generated/prisma/enums";
import { notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { recordsOf, resultOf } from "./lab-copies";
import { lockPatient } from "./locks";

export interface LabReview {
  labResultId: string;
  /** What was done about the result, optional; "other" needs a note. */
  reviewAction?: ReviewAction;
  note?: string;
}

const ALREADY_REVIEWED = "This result has been reviewed in the meantime; that review stands. Reload to see it.";

/**
 * A dermatologist's review of an abnormal or critical result, with an optional note of the action taken;
 * it leaves the alert lists, and its deliberate duplicates with it. A positive or indeterminate pregnancy
 * test is reviewed only through a documented decision.
 */
export async function acknowledgeLab(actor: AuditActor, input: LabReview | string) {
  const review = typeof input === "string" ? { labResultId: input } : input;
  if (review.reviewAction === "OTHER" && !review.note) throw refused("Describe the action taken.");
  await db.$transaction(async (tx) => {
    const owner = await tx.labResult.findUnique({ where: { id: review.labResultId }, select: { patientId: true } });
    if (!owner) throw notFound("result");
    // A void or correction of this result waits here (or this waits for it): it is read again under the lock.
    await lockPatient(tx, owner.patientId);
    const r = await tx.labResult.findUnique({
      where: { id: review.labResultId },
      select: {
        patientId: true,
        flag: true,
        acknowledgedAt: true,
        voidedAt: true,
        analyte: true,
        valueQualitative: true,
        duplicateOfId: true,
        pregnancyDecision: { select: { id: true } },
      },
    });
    if (!r) throw notFound("result");
    if (r.voidedAt) throw refused("This result was entered in error; it needs no review.");
    // Reviewed already: a bare acknowledgement has nothing to add; a review with an action or note is not
    // recorded over the earlier one.
    const alreadyReviewed = () => {
      if (review.reviewAction || review.note) throw refused(ALREADY_REVIEWED);
    };
    if (r.acknowledgedAt) return alreadyReviewed();
    if (r.analyte === "HCG" && r.valueQualitative !== "NEGATIVE" && !r.pregnancyDecision) {
      throw refused("A positive or indeterminate pregnancy test is reviewed by documenting a decision in the pregnancy-prevention section.");
    }
    const reviewed = { acknowledgedAt: new Date(), acknowledgedById: actor.id };
    // Only while still unreviewed: a review committed since the read above wins, and this one records nothing.
    const { count } = await tx.labResult.updateMany({
      where: { id: review.labResultId, acknowledgedAt: null },
      data: { ...reviewed, reviewAction: review.reviewAction ?? null, reviewNote: review.note ?? null },
    });
    if (count === 0) return alreadyReviewed();
    // The same result recorded again is one result: reviewing one record of it reviews every one.
    await tx.labResult.updateMany({
      where: { ...recordsOf(resultOf({ id: review.labResultId, duplicateOfId: r.duplicateOfId })), acknowledgedAt: null },
      data: reviewed,
    });
    await writeAudit(tx, actor, {
      action: "lab.acknowledge",
      entityType: "LabResult",
      entityId: review.labResultId,
      patientId: r.patientId,
      changes: { flag: r.flag, reviewAction: review.reviewAction, note: review.note },
    });
  });
}
