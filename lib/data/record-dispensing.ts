import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import { confirmationsDue, invalidField, needsConfirmation, notFound, refused } from "@/lib/errors";
import { writeAudit, type AuditActor } from "./audit";
import { claimCourse, getCourseForWrite } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { lockPatient } from "./locks";
import { dispensingToConfirm } from "./record-dispensing-checks";
import { dispensingChain } from "./record-dispensing-rows";
import { assertMay } from "./viewer";

export interface DispensingInput {
  courseId: string;
  /** The course's version the form showed (optimistic concurrency, as every course write). */
  version: number;
  prescriptionId: string;
  dispensedOn: IsoDate;
  /** Why a date recorded before is corrected: required then, not asked for the first. */
  reason?: string;
  ack: string[];
}

/** The date recorded, and the one it replaced (a correction), or null when it is the first recorded. */
export interface DispensingRecorded {
  dispensedOn: IsoDate;
  replaced: IsoDate | null;
}

export const VOIDED_NOT_DISPENSED = "This prescription was voided as entered in error: its dispensing cannot be recorded or corrected.";
export const DISPENSED_BEFORE_WRITTEN = "A prescription is dispensed on or after the day it is written.";
export const DISPENSED_IN_FUTURE = "The dispensed date cannot be in the future.";
export const SAME_DISPENSED_DATE = "This is the dispensed date already recorded: enter the corrected date.";
export const CORRECTION_REASON = "Enter the reason for correcting the dispensed date.";

/**
 * Records the day the pharmacy dispensed a prescription (its first fill), learned after it was written, or corrects
 * the date recorded before, with a reason: a dermatologist or a nurse (`dispensing.record`). The date falls between
 * the day the prescription was written and today (the clinic's), and a prescription voided as entered in error takes
 * none. A date after its last day to be dispensed, after its course's last day, or on a day a hold reached it is
 * recorded once confirmed (record-dispensing-checks.ts), the warnings confirmed kept on the row and in the audit row.
 * Nothing is replaced: each date recorded is a row of prescription_dispensings (a correction names the row it
 * corrects), and the prescription's dispensedOn holds the current one, written in the same transaction with the
 * audit row. The supply counts from the dispensed date (docs/DOMAIN.md "Supply"), so the patient's course summaries
 * and monitoring items are refreshed in it too. The course's version is claimed: of two people recording at once,
 * one succeeds and the other is told the course changed.
 */
export async function recordDispensing(actor: AuditActor, input: DispensingInput, today: IsoDate): Promise<DispensingRecorded> {
  assertMay(actor, "dispensing.record");
  return db.$transaction(async (tx) => {
    const { patientId } = await getCourseForWrite(tx, input.courseId);
    // Course writes of this patient wait here; the course and its prescription are read again under the lock.
    await lockPatient(tx, patientId);
    const course = await getCourseForWrite(tx, input.courseId);
    // A form opened before another write to the course (a date recorded meanwhile, a void) is stale, whatever it says.
    await claimCourse(tx, course.id, input.version);
    const rx = await tx.prescription.findFirst({
      where: { id: input.prescriptionId, courseId: course.id },
      select: { id: true, writtenOn: true, dispenseBy: true, dispensedOn: true, voidedAt: true, prescriberId: true, createdAt: true },
    });
    if (!rx) throw notFound("prescription");
    if (rx.voidedAt) throw refused(VOIDED_NOT_DISPENSED);
    if (input.dispensedOn < isoFromDb(rx.writtenOn)) throw invalidField("dispensedOn", DISPENSED_BEFORE_WRITTEN);
    if (input.dispensedOn > today) throw invalidField("dispensedOn", DISPENSED_IN_FUTURE);
    const before = rx.dispensedOn ? isoFromDb(rx.dispensedOn) : null;
    if (before === input.dispensedOn) throw invalidField("dispensedOn", SAME_DISPENSED_DATE);
    const reason = before === null ? null : (input.reason ?? null);
    if (before !== null && reason === null) throw invalidField("reason", CORRECTION_REASON);
    const { pending, acknowledged } = confirmationsDue(await dispensingToConfirm(tx, rx, course, input.dispensedOn, today), input.ack);
    if (pending.length) throw needsConfirmation("Check the dispensed date, then confirm to record it.", pending);
    const supersedes = before === null ? null : await currentDispensing(tx, rx, before);
    const row = await tx.prescriptionDispensing.create({
      data: {
        prescriptionId: rx.id,
        dispensedOn: dbDate(input.dispensedOn),
        supersedesId: supersedes,
        reason,
        acknowledgedWarnings: acknowledged,
        recordedById: actor.id,
      },
      select: { id: true },
    });
    await tx.prescription.update({ where: { id: rx.id }, data: { dispensedOn: dbDate(input.dispensedOn) } });
    await refreshCourseDerived(tx, patientId);
    await writeAudit(tx, actor, {
      action: before === null ? "prescription.dispense" : "prescription.dispense_correct",
      entityType: "Prescription",
      entityId: rx.id,
      patientId,
      changes: {
        courseId: course.id,
        dispensingId: row.id,
        dispensedOn: input.dispensedOn,
        ...(before === null ? {} : { before: { dispensedOn: before }, reason }),
        acknowledgedWarnings: acknowledged,
      },
    });
    return { dispensedOn: input.dispensedOn, replaced: before };
  });
}

/**
 * The row a correction corrects: the prescription's current one (corrected by none). A date stored without its
 * rows (written outside the portal) is first kept as its first row, recorded by its prescriber when it was
 * written, as the migration that brought in the rows did (20270210000000_prescription_dispensings).
 */
async function currentDispensing(tx: Tx, rx: { id: string; prescriberId: string; createdAt: Date }, current: IsoDate): Promise<string> {
  const rows = await tx.prescriptionDispensing.findMany({ where: { prescriptionId: rx.id }, select: { id: true, supersedesId: true, recordedAt: true } });
  const last = dispensingChain(rows).at(-1);
  if (last) return last.id;
  const first = await tx.prescriptionDispensing.create({
    data: { prescriptionId: rx.id, dispensedOn: dbDate(current), acknowledgedWarnings: [], recordedById: rx.prescriberId, recordedAt: rx.createdAt },
    select: { id: true },
  });
  return first.id;
}
