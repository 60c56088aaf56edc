import "server-only";
import { clinicToday, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import { REPEAT_DEFAULT_DAYS, repeatDueDate, repeatItemKey, repeatLabel, type RepeatWhen } from "@/lib/domain/monitoring/repeat";
import type { ReviewAction } from "@/lib/generated/prisma/enums";
import { invalidField, notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { recordsOf, resultOf } from "./lab-copies";
import { lockPatient } from "./locks";
import { refreshMonitoringFor } from "./refresh-monitoring";
import { assertCan, assertMay } from "./viewer";

export interface LabReview {
  labResultId: string;
  /** What was done about the result, optional; "other" needs a note. */
  reviewAction?: ReviewAction;
  note?: string;
  /** "Repeat test" only: when the repeat is due (14 days from the review when not given). */
  repeat?: RepeatWhen;
}

/** What a review recorded, for the message after it. */
export interface ReviewOutcome {
  patientId: string;
  /**
   * "Repeat test": the monitoring item it listed, by its label and due date, and the day of the later result
   * already on file that completes it (null: open); `alreadyListed`: the due date of the open repeat the
   * result already had, taken over from the result it corrects (lib/data/repeat-corrections.ts), which stays.
   */
  repeat: { label: string; dueDate: IsoDate; completedOn: IsoDate | null; alreadyListed: IsoDate | null } | null;
  /** "Dose reduced": the course in progress whose dose the dermatologist changes next (null: none). */
  doseCourse: { id: string; startDate: IsoDate } | null;
}

const ALREADY_REVIEWED = "This result has been reviewed in the meantime; that review stands. Reload to see it.";
const REVIEWED_AS_FIRST_RECORD = "This result is already reviewed where it was first recorded; that review stands.";

/** The patient's course in progress (recorded active or paused): the one whose dose a prescription changes. */
async function courseInProgress(tx: Tx, patientId: string) {
  const course = await tx.course.findFirst({
    where: { patientId, status: { in: ["ACTIVE", "PAUSED"] }, paperRecord: false },
    orderBy: { startDate: "desc" },
    select: { id: true, startDate: true },
  });
  return course ? { id: course.id, startDate: isoFromDb(course.startDate) } : null;
}

/**
 * The due date of the earliest repeat still open (not done, not waived) that a result has before its review:
 * one its correction took over from the result it corrects (lib/data/repeat-corrections.ts). A repeat asked for
 * at this review is listed beside it (the dermatologist may want it sooner, now that the value is corrected);
 * a later result of the test completes both.
 */
async function openRepeatOf(tx: Tx, patientId: string, resultId: string): Promise<IsoDate | null> {
  const requests = await tx.labRepeatRequest.findMany({ where: { labResultId: resultId }, select: { id: true } });
  if (requests.length === 0) return null;
  const item = await tx.monitoringItemRow.findFirst({
    where: { patientId, itemKey: { in: requests.map((q) => repeatItemKey(q.id)) }, completedOn: null, waived: false },
    orderBy: { dueDate: "asc" },
    select: { dueDate: true },
  });
  return item ? isoFromDb(item.dueDate) : null;
}

/**
 * A dermatologist's review of an abnormal or critical result, with an optional note of the action taken;
 * it leaves the alert lists, and its deliberate duplicates with it. A positive or indeterminate pregnancy
 * test is reviewed only through a documented decision. "Repeat test" stores a repeat request, listed as a
 * dated monitoring item (lib/domain/monitoring/repeat.ts) in the same transaction; "Dose reduced" changes
 * no dose (only a dermatologist's dose change or prescription does): the outcome names the course to change.
 */
export async function acknowledgeLab(actor: AuditActor, input: LabReview | string, asOf = clinicToday()): Promise<ReviewOutcome | null> {
  assertMay(actor, "labs.acknowledge");
  assertCan(actor, "labs.acknowledge");
  const review = typeof input === "string" ? { labResultId: input } : input;
  if (review.reviewAction === "OTHER" && !review.note) throw refused("Describe the action taken.");
  const repeatWhen = review.reviewAction === "REPEAT_TEST" ? (review.repeat ?? { inDays: REPEAT_DEFAULT_DAYS }) : null;
  const due = repeatWhen ? repeatDueDate(repeatWhen, asOf) : null;
  if (due && !due.ok) throw invalidField(repeatWhen && "on" in repeatWhen ? "repeatOn" : "repeatInDays", due.message);
  return db.$transaction(async (tx) => {
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
        specimenDate: true,
        valueQualitative: true,
        duplicateOfId: true,
        labTest: { select: { name: true } },
        pregnancyDecision: { select: { id: true } },
      },
    });
    if (!r) throw notFound("result");
    if (r.voidedAt) throw refused("This result was entered in error; it needs no review.");
    // Reviewed already: a bare acknowledgement has nothing to add; a review with an action or note is not
    // recorded over the earlier one.
    const alreadyReviewed = () => {
      if (review.reviewAction || review.note) throw refused(ALREADY_REVIEWED);
      return null;
    };
    if (r.acknowledgedAt) return alreadyReviewed();
    // A copy recorded after its result was reviewed is that result, reviewed: an action or note (a second
    // repeat request) is not recorded over that review; a bare acknowledgement still marks the copy.
    if (r.duplicateOfId && (review.reviewAction || review.note)) {
      const first = await tx.labResult.findUnique({ where: { id: r.duplicateOfId }, select: { acknowledgedAt: true } });
      if (first?.acknowledgedAt) throw refused(REVIEWED_AS_FIRST_RECORD);
    }
    if (r.analyte === "HCG" && r.valueQualitative !== "NEGATIVE" && !r.pregnancyDecision) {
      throw refused("A positive or indeterminate pregnancy test is reviewed by documenting a decision in the pregnancy-prevention section.");
    }
    if (r.analyte === "HCG" && due) throw refused("Pregnancy tests are followed by the pregnancy-prevention items, not a repeat request.");
    const reviewed = { acknowledgedAt: new Date(), acknowledgedById: actor.id };
    // Only while still unreviewed: a review committed since the read above wins, and this one records nothing.
    const { count } = await tx.labResult.updateMany({
      where: { id: review.labResultId, acknowledgedAt: null },
      data: { ...reviewed, reviewAction: review.reviewAction ?? null, reviewNote: review.note ?? null },
    });
    if (count === 0) return alreadyReviewed();
    // The same result recorded again is one result: reviewing one record of it reviews every one.
    const resultId = resultOf({ id: review.labResultId, duplicateOfId: r.duplicateOfId });
    await tx.labResult.updateMany({ where: { ...recordsOf(resultId), acknowledgedAt: null }, data: reviewed });
    const specimenDate = isoFromDb(r.specimenDate);
    let repeat: ReviewOutcome["repeat"] = null;
    let repeatRequestId: string | undefined;
    if (due?.ok) {
      const alreadyListed = await openRepeatOf(tx, r.patientId, resultId);
      // Asked for of the result, whichever record of it was reviewed: a copy voided alone leaves the result, and
      // the repeat, standing; the result voided hands both to its copy (promoteCopies).
      const request = await tx.labRepeatRequest.create({
        data: { patientId: r.patientId, labResultId: resultId, dueDate: new Date(`${due.dueDate}T00:00:00Z`), requestedById: actor.id },
        select: { id: true },
      });
      repeatRequestId = request.id;
      // Refreshed before the audit row: the audit insert takes the chain lock, held until commit.
      await refreshMonitoringFor(tx, [r.patientId], asOf);
      const item = await tx.monitoringItemRow.findUnique({
        where: { patientId_itemKey: { patientId: r.patientId, itemKey: repeatItemKey(request.id) } },
        select: { completedOn: true },
      });
      const completedOn = item?.completedOn ? isoFromDb(item.completedOn) : null;
      repeat = { label: repeatLabel({ analyte: r.analyte, testName: r.labTest.name, specimenDate }), dueDate: due.dueDate, completedOn, alreadyListed };
    }
    const doseCourse = review.reviewAction === "DOSE_REDUCED" ? await courseInProgress(tx, r.patientId) : null;
    await writeAudit(tx, actor, {
      action: "lab.acknowledge",
      entityType: "LabResult",
      entityId: review.labResultId,
      patientId: r.patientId,
      changes: { flag: r.flag, reviewAction: review.reviewAction, note: review.note, repeatDueDate: repeat?.dueDate, repeatRequestId },
    });
    return { patientId: r.patientId, repeat, doseCourse };
  });
}
