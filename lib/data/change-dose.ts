import "server-only";
import { isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { countingRegimens } from "@/lib/domain/dosing/course-days";
import type { IsoDate } from "@/lib/domain/dates";
import { describeSchedule, type Schedule } from "@/lib/domain/dosing/schedule";
import { writeAudit, type AuditActor } from "./audit";
import { doseChangeSelect, regimensFromRows } from "./course-mapping";
import {
  assertWithinCourse,
  checkDoseWrite,
  claimCourse,
  courseChanged,
  createDoseVersion,
  getCourseForWrite,
  otherFirstDayVersions,
  weightOn,
  scheduleAudited,
} from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import { courseDoses, doseInForceToConfirm, versionToWrite } from "./dose-in-force";
import { lockPatient } from "./locks";
import { writtenPrescriptionsToConfirm } from "./written-prescriptions";
import { assertCourseMayRestart } from "./pregnancy-check";
import { invalidField, refused } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { assertMay } from "./viewer";

export interface DoseChangeInput {
  courseId: string;
  version: number;
  effectiveFrom: string;
  reason: string;
  supersedesId?: string;
  schedule: Schedule;
  ack: string[];
}

/**
 * A new regimen version from its effective date. Nothing is overwritten: a correction of an earlier entry
 * is a new version that names the one it supersedes. On a completed or stopped course (one entered from
 * paper records with dose periods included) only corrections are made, dated within the course. While a pregnancy
 * test stops prescribing, no dose takes effect from today, new or corrected (assertCourseMayRestart).
 */
export async function changeDose(actor: AuditActor, input: DoseChangeInput, today: IsoDate): Promise<void> {
  assertMay(actor, "doses.write");
  await db.$transaction(async (tx) => {
    const { patientId } = await getCourseForWrite(tx, input.courseId);
    // Course writes of this patient wait here (a void of a version among them); the course is read again
    // under the lock, so the versions checked below are the ones this write changes.
    await lockPatient(tx, patientId);
    const course = await getCourseForWrite(tx, input.courseId);
    // An ended course keeps its regimen: its versions are corrected (a new version naming the one it
    // supersedes, the same checks), which makes nothing active, so no pregnancy-prevention stop holds it.
    const ended = course.status === "COMPLETED" || course.status === "STOPPED";
    if (ended && !input.supersedesId) throw refused("This course has ended; its regimen can no longer change. Correct one of its entries instead.");
    assertWithinCourse(course, input.effectiveFrom, "effectiveFrom");
    // A dose from today while a pregnancy test stops prescribing, new or a correction dated from today: the course is
    // paused or stopped instead. A dose taken before today, and a correction dated before today, record what happened.
    if (input.effectiveFrom >= today)
      await assertCourseMayRestart(tx, patientId, "given a new dose from today (a dose taken before today is recorded with its own date)");
    let from = input.effectiveFrom;
    if (input.supersedesId) {
      const target = await tx.doseChange.findFirst({
        where: { id: input.supersedesId, courseId: course.id, voidedAt: null },
        select: { id: true, effectiveFrom: true, supersededBy: { select: { id: true } } },
      });
      if (!target) throw invalidField("supersedesId", "The entry to correct is not part of this course.");
      if (target.supersededBy) throw courseChanged();
      // The starting regimen's correction keeps a regimen from the first day, as a void of it must
      // (void-course-entry.ts): dated later, the days before it would count no dose.
      const start = isoFromDb(course.startDate);
      if (isoFromDb(target.effectiveFrom) === start && input.effectiveFrom !== start) {
        if (!(await otherFirstDayVersions(tx, course, target.id)))
          throw invalidField("effectiveFrom", `This corrects the starting regimen: it takes effect on the course's first day, ${formatDate(start)}.`);
      }
      await assertReplacesNoOther(tx, course.id, target.id, input.effectiveFrom);
      // Moved later, the correction puts the version before it back in force on the days between.
      if (isoFromDb(target.effectiveFrom) < from) from = isoFromDb(target.effectiveFrom);
    }
    const latestRx = await tx.prescription.findFirst({
      where: { courseId: course.id, voidedAt: null },
      orderBy: [{ writtenOn: "desc" }, { createdAt: "desc" }],
      select: { id: true, capsuleStrengthMg: true, product: true },
    });
    const weightGrams = await weightOn(tx, course, input.effectiveFrom);
    // Checked at its date's weight below, and dated back, at the weights measured since on the days it is in force.
    const before = await courseDoses(tx, course.id);
    const after = { ...before, regimens: [...before.regimens, versionToWrite(before, input)] };
    const inForce = await doseInForceToConfirm(tx, {
      patientId,
      before,
      after,
      from,
      today,
      checked: { schedule: input.schedule, weightGrams },
    });
    // A prescription whose supply lasts stays written for its dose: a change of the regimen on its start date asks first.
    const written = await writtenPrescriptionsToConfirm(tx, course.id, before.regimens, after.regimens, today);
    const { warnings } = await checkDoseWrite(tx, {
      schedule: input.schedule,
      weightGrams,
      capsuleStrengthMg: latestRx?.capsuleStrengthMg ?? null,
      product: latestRx?.product ?? null,
      ack: input.ack,
      extraWarnings: [inForce, written].filter((w) => w !== null),
    });
    await claimCourse(tx, course.id, input.version);
    const change = await createDoseVersion(tx, actor, {
      courseId: course.id,
      prescriptionId: latestRx?.id ?? null,
      effectiveFrom: input.effectiveFrom,
      schedule: input.schedule,
      reason: input.reason,
      supersedesId: input.supersedesId,
      warnings,
    });
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: input.supersedesId ? "dose.correct" : "dose.change",
      entityType: "DoseChange",
      entityId: change.id,
      patientId: course.patientId,
      changes: {
        courseId: course.id,
        effectiveFrom: input.effectiveFrom,
        schedule: scheduleAudited(input.schedule),
        supersedesId: input.supersedesId ?? null,
        acknowledgedWarnings: warnings,
      },
    });
  });
}

/**
 * A correction may carry another date than the entry it corrects (a mistyped date), but of versions effective
 * the same day only the later counts (countingRegimens): dated on the day of another version in force, it would
 * silently replace that one too, and the cumulative dose with it. Refused, naming that version.
 */
async function assertReplacesNoOther(tx: Tx, courseId: string, targetId: string, effectiveFrom: string) {
  const versions = regimensFromRows(await tx.doseChange.findMany({ where: { courseId, voidedAt: null }, select: doseChangeSelect }));
  const other = countingRegimens(versions).find((v) => v.effectiveFrom === effectiveFrom && v.id !== targetId);
  if (!other) return;
  throw invalidField(
    "effectiveFrom",
    `Another entry already takes effect on ${formatDate(effectiveFrom)} (${describeSchedule(other)}): a correction dated then would replace it too. ` +
      "Correct that entry, or choose the date the corrected dose took effect.",
  );
}
