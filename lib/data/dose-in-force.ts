import "server-only";
import { daysFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import type { RegimenVersion } from "@/lib/domain/dosing/course-input";
import { doseInForceFindings, doseInForceWarning, NEW_VERSION_ID, refusedAboveMaximum, type CourseDoses } from "@/lib/domain/dosing/dose-in-force-limits";
import type { Schedule } from "@/lib/domain/dosing/schedule";
import { confirmationsDue, invalidField, needsConfirmation, type Warning } from "@/lib/errors";
import { doseChangeSelect, regimensFromRows } from "./course-mapping";
import { liveWeights } from "./weight-dose-limits";

/**
 * The dose a course write leaves in force, checked against the dose limits on the days it changes, at the
 * weights in force then (lib/domain/dosing/dose-in-force-limits.ts): a void of a dose version, a reopening, a
 * dose change, prescription or course start dated back. Read in the write's transaction, under the patient's
 * lock, so that the weights and versions checked are the ones the write changes.
 */

/** A course's days, start weight and live dose versions, as they stand in the transaction. */
export async function courseDoses(tx: Tx, courseId: string): Promise<CourseDoses> {
  const c = await tx.course.findUniqueOrThrow({
    where: { id: courseId },
    select: { startDate: true, endDate: true, startWeightGrams: true, doseChanges: { select: doseChangeSelect } },
  });
  return {
    ...daysFromDb(c),
    startWeightGrams: c.startWeightGrams,
    regimens: regimensFromRows(c.doseChanges),
  };
}

/** A version about to be written, as the dose engine will count it: the latest created. */
export function versionToWrite(course: CourseDoses, v: { effectiveFrom: IsoDate; schedule: Schedule; supersedesId?: string | null }): RegimenVersion {
  const sequence = course.regimens.reduce((max, r) => Math.max(max, r.sequence + 1), 0);
  return { ...v.schedule, id: NEW_VERSION_ID, effectiveFrom: v.effectiveFrom, supersedesId: v.supersedesId ?? null, sequence };
}

export interface DoseInForceCheck {
  patientId: string;
  before: CourseDoses | null;
  after: CourseDoses;
  /** The write's date: the first day it may change the dose in force. */
  from: IsoDate;
  today: IsoDate;
  /** The dose and weight the write's own dose check asks about (checkDoseWrite), not asked twice. */
  checked?: { schedule: Schedule; weightGrams: number };
}

/**
 * The confirmation the write needs for the dose it leaves in force; null when that dose is above no limit on any
 * day it changes. A dose the write itself puts in force (its version NEW_VERSION_ID) above the label maximum on one
 * of those days is refused, on the dose field, as the dose check refuses it at the write's own date's weight.
 */
export async function doseInForceToConfirm(tx: Tx, check: DoseInForceCheck): Promise<Warning | null> {
  const weights = (await liveWeights(tx, check.patientId)).map((w) => ({ date: w.date, grams: w.grams }));
  const findings = doseInForceFindings({ ...check, weights });
  const refusal = refusedAboveMaximum(findings);
  if (refusal) throw invalidField("mgPerIntake", refusal);
  return doseInForceWarning(findings);
}

/**
 * For a write with no dose check of its own (a void, a reopening): refused with the question until it is
 * confirmed (`ack`); returns the codes its audit row records.
 */
export async function confirmDoseInForce(tx: Tx, check: DoseInForceCheck, ack: readonly string[], message: string): Promise<string[]> {
  const { pending, acknowledged } = confirmationsDue([await doseInForceToConfirm(tx, check)], ack);
  if (pending.length) throw needsConfirmation(message, pending);
  return acknowledged;
}
