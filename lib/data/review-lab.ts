import "server-only";
import { db } from "@/lib/db";
import type { ReviewAction } from "@/lib/generated/prisma/enums";
import { notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";

export interface LabReview {
  labResultId: string;
  /** What was done about the result, optional; "other" needs a note. */
  reviewAction?: ReviewAction;
  note?: string;
}

/**
 * A dermatologist's review of an abnormal or critical result, with an optional note of the action taken;
 * it leaves the alert lists, and its deliberate duplicates with it. A positive or indeterminate pregnancy
 * test is reviewed only through a documented decision.
 */
export async function acknowledgeLab(actor: AuditActor, input: LabReview | string) {
  const review = typeof input === "string" ? { labResultId: input } : input;
  if (review.reviewAction === "OTHER" && !review.note) throw refused("Describe the action taken.");
  await db.$transaction(async (tx) => {
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
    if (r.acknowledgedAt) return;
    if (r.analyte === "HCG" && r.valueQualitative !== "NEGATIVE" && !r.pregnancyDecision) {
      throw refused("A positive or indeterminate pregnancy test is reviewed by documenting a decision in the pregnancy-prevention section.");
    }
    const reviewed = { acknowledgedAt: new Date(), acknowledgedById: actor.id };
    await tx.labResult.update({
      where: { id: review.labResultId },
      data: { ...reviewed, reviewAction: review.reviewAction ?? null, reviewNote: review.note ?? null },
    });
    // The same result recorded again is one result: reviewing one reviews both.
    const original = r.duplicateOfId ?? review.labResultId;
    await tx.labResult.updateMany({
      where: { OR: [{ id: original }, { duplicateOfId: original }], acknowledgedAt: null, voidedAt: null },
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
