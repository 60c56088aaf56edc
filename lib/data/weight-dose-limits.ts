import "server-only";
import { dbDate, isoFromDb } from "@/lib/clinic";
import type { Tx } from "@/lib/db";
import type { IsoDate } from "@/lib/domain/dates";
import { courseStatusOn } from "@/lib/domain/dosing/course-status";
import { courseWeightOn, dosesAhead, dosesByDay, newDoseLimitFindings, weightDoseLimitWarning, type DosesAhead } from "@/lib/domain/dosing/weight-dose-limits";
import { doseChangeSelect, regimensFromRows } from "./course-mapping";

/**
 * A weight written (entered, corrected, voided, or replacing a course's start weight) moves the mg/kg of the
 * dose in force and of the dose changes scheduled ahead (no weight is dated ahead, so the latest divides them):
 * the paths that write one ask for a confirmation when it newly puts a course's current dose, or a dose change
 * dated after today, above a dose limit (lib/domain/dosing/weight-dose-limits.ts). Read under the patient's lock.
 */

/** A course in progress, with its regimen in force today and the dose changes dated after today (dosesAhead). */
export interface CourseInProgress extends DosesAhead {
  id: string;
  startDate: IsoDate;
  startWeightGrams: number;
}

/** The patient's live weights in the order entered (the order the dose check reads a day's entries in). */
export interface LiveWeight {
  id: string;
  date: IsoDate;
  grams: number;
}

/** The courses of these patients in progress today that have a regimen in force today or scheduled after it, by patient. */
export async function coursesInProgress(tx: Tx, patientIds: string[], today: IsoDate): Promise<Map<string, CourseInProgress[]>> {
  const rows = await tx.course.findMany({
    // Recorded as in progress, or ended on a day still ahead (courseStatusOn decides the day's status).
    where: { patientId: { in: patientIds }, paperRecord: false, OR: [{ status: { in: ["ACTIVE", "PAUSED"] } }, { endDate: { gt: dbDate(today) } }] },
    select: {
      id: true,
      patientId: true,
      status: true,
      startDate: true,
      endDate: true,
      startWeightGrams: true,
      doseChanges: { select: doseChangeSelect },
      pauses: { where: { voidedAt: null }, select: { startDate: true, resumeDate: true } },
    },
  });
  const out = new Map<string, CourseInProgress[]>();
  for (const c of rows) {
    const startDate = isoFromDb(c.startDate);
    const endDate = c.endDate ? isoFromDb(c.endDate) : null;
    const pauses = c.pauses.map((p) => ({ startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null }));
    const status = courseStatusOn({ status: c.status, endDate, pauses }, today);
    if (status !== "ACTIVE" && status !== "PAUSED") continue;
    const { schedule, scheduled } = dosesAhead({ startDate, endDate, regimens: regimensFromRows(c.doseChanges) }, today);
    if (schedule || scheduled.length)
      out.set(c.patientId, [...(out.get(c.patientId) ?? []), { id: c.id, startDate, startWeightGrams: c.startWeightGrams, schedule, scheduled }]);
  }
  return out;
}

/** The patient's weights not entered in error, in the order entered. */
export async function liveWeights(tx: Tx, patientId: string): Promise<LiveWeight[]> {
  const rows = await tx.weightMeasurement.findMany({
    where: { patientId, voidedAt: null },
    orderBy: [{ measuredOn: "asc" }, { enteredAt: "asc" }, { id: "asc" }],
    select: { id: true, measuredOn: true, weightGrams: true },
  });
  return rows.map((w) => ({ id: w.id, date: isoFromDb(w.measuredOn), grams: w.weightGrams }));
}

/**
 * A weight write as the dose check sees it: entries added (each the latest entered of its day) and an entry
 * taken away (voided, or replaced by its correction). A correction of a course's start weight is of the entry
 * of its first day, which the dose check reads before the course's copy of it, so the entries say it all.
 */
export interface WeightChange {
  add?: readonly { date: IsoDate; grams: number }[];
  removeId?: string;
}

/** The confirmation the change needs for these courses, with these weights before it; null when it newly breaks no limit. */
export function doseLimitWarningFor(courses: readonly CourseInProgress[], weights: readonly LiveWeight[], change: WeightChange, today: IsoDate) {
  if (!courses.length) return null;
  const after = [...weights.filter((w) => w.id !== change.removeId), ...(change.add ?? [])];
  return weightDoseLimitWarning(
    newDoseLimitFindings(
      courses.flatMap((c) =>
        dosesByDay(c, today).map(({ schedule, day, from }) => ({
          courseId: c.id,
          schedule,
          ...(from ? { from } : {}),
          gramsBefore: courseWeightOn(weights, c, day),
          gramsAfter: courseWeightOn(after, c, day),
        })),
      ),
    ),
  );
}

/** The confirmation a weight write of this patient needs (read in the write's transaction, under the patient's lock), or null. */
export async function weightDoseLimitToConfirm(tx: Tx, patientId: string, change: WeightChange, today: IsoDate) {
  const courses = (await coursesInProgress(tx, [patientId], today)).get(patientId) ?? [];
  return courses.length ? doseLimitWarningFor(courses, await liveWeights(tx, patientId), change, today) : null;
}
