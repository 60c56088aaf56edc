import "server-only";
import { isoFromDb } from "@/lib/clinic";
import { db, type Tx } from "@/lib/db";
import { addDays, maxDate, minDate, type IsoDate } from "@/lib/domain/dates";
import { confirmationsDue, needsConfirmation, notFound, refused, type Warning } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { PRESCRIPTION_DISPENSED_CODE } from "@/lib/validation/record-corrections";
import { writeAudit, type AuditActor } from "./audit";
import type { AuditAction } from "./audit-actions";
import { otherFirstDayVersions } from "./course-write-steps";
import { refreshCourseDerived } from "./derived";
import type { CourseEntryKind } from "@/lib/validation/record-corrections";
import { lockPatient } from "./locks";
import { assertCourseMayRestart } from "./pregnancy-check";
import { ALREADY_VOIDED, markVoided, type VoidableTable } from "./void-entry";
import { courseDoses, doseInForceToConfirm } from "./dose-in-force";
import { writtenPrescriptionsToConfirm } from "./written-prescriptions";
import { assertMay } from "./viewer";

/**
 * Entered in error, for a course's own entries: a dose version, a prescription, a pause, a missed dose.
 * The entry stays in the course history struck through; the cumulative dose, the stored course summary and
 * the monitoring items (pregnancy items follow prescriptions and pauses) are recomputed in the same
 * transaction, with one audit row holding what was voided and why. A correction is a void and a new entry
 * (a dose version is corrected in place by a new version that supersedes it). A prescription a pharmacy dispensed
 * is voided once it is confirmed that it stays dispensed and its pregnancy test used (dispensedPrescriptionVoid).
 */

interface Loaded {
  courseId: string;
  voided: boolean;
  /** What the audit row keeps of the entry. */
  before: Record<string, string | number | null>;
  /** What the void asks to be confirmed first, whatever else it asks (a prescription a pharmacy dispensed). */
  warning?: Warning;
  /** Kind-specific refusals and side effects, run under the patient lock before the void. */
  check?: (tx: Tx, course: { id: string; patientId: string; startDate: Date; endDate: Date | null; status: string }, today: IsoDate) => Promise<void>;
}

const KINDS: Record<CourseEntryKind, { table: VoidableTable; action: AuditAction; entityType: string; load: (tx: Tx, id: string) => Promise<Loaded | null> }> =
  {
    DOSE: {
      table: "dose_changes",
      action: "dose.void",
      entityType: "DoseChange",
      load: async (tx, id) => {
        const d = await tx.doseChange.findUnique({ where: { id }, include: { supersededBy: { select: { id: true } } } });
        if (!d) return null;
        return {
          courseId: d.courseId,
          voided: d.voidedAt !== null || d.supersededBy !== null,
          before: { effectiveFrom: isoFromDb(d.effectiveFrom), mgPerIntake: d.mgPerIntake, intakesPerDay: d.intakesPerDay, pattern: d.pattern },
          check: async (tx2, course) => {
            if (d.supersedesId) throw refused("This entry corrects an earlier one: correct it again instead of voiding it.");
            if (d.effectiveFrom.getTime() === course.startDate.getTime()) {
              if (!(await otherFirstDayVersions(tx2, course, d.id)))
                throw refused("A course needs a regimen from its first day: correct the starting regimen instead of voiding it.");
            }
          },
        };
      },
    },
    PRESCRIPTION: {
      table: "prescriptions",
      action: "prescription.void",
      entityType: "Prescription",
      load: async (tx, id) => {
        const p = await tx.prescription.findUnique({ where: { id } });
        if (!p) return null;
        const dispensedOn = p.dispensedOn ? isoFromDb(p.dispensedOn) : null;
        return {
          courseId: p.courseId,
          voided: p.voidedAt !== null,
          before: {
            writtenOn: isoFromDb(p.writtenOn),
            product: p.product,
            capsuleStrengthMg: p.capsuleStrengthMg,
            daysSupply: p.daysSupply,
            refills: p.refills,
            dispensedOn,
          },
          ...(dispensedOn ? { warning: dispensedPrescriptionVoid(dispensedOn, p.pregnancyTestId ? { writtenOn: isoFromDb(p.writtenOn) } : null) } : {}),
        };
      },
    },
    PAUSE: {
      table: "course_pauses",
      action: "course.pause_void",
      entityType: "CoursePause",
      load: async (tx, id) => {
        const p = await tx.coursePause.findUnique({ where: { id } });
        if (!p) return null;
        return {
          courseId: p.courseId,
          voided: p.voidedAt !== null,
          before: { startDate: isoFromDb(p.startDate), resumeDate: p.resumeDate ? isoFromDb(p.resumeDate) : null, reason: p.reason },
          // A pause that holds the course off therapy today or later (a day from today on that it covers, up to
          // the day before its resumption, within the course: up to its last day once ended): without it those
          // days are doses again, which a pregnancy test that stops prescribing forbids. One that holds no such
          // day (resumed by today, or covering only days after the course's last day, past or ahead) makes
          // nothing active. Without a pause still open the course is active again.
          check: async (tx2, course, today) => {
            const beforeResume = p.resumeDate ? addDays(isoFromDb(p.resumeDate), -1) : null;
            const lastDay = course.endDate ? isoFromDb(course.endDate) : null;
            const lastHeld = beforeResume && lastDay ? minDate(beforeResume, lastDay) : (beforeResume ?? lastDay);
            if (lastHeld !== null && lastHeld < maxDate(isoFromDb(p.startDate), today)) return;
            await assertCourseMayRestart(tx2, course.patientId, "made active again by voiding its pause");
            if (p.resumeDate === null && course.status === "PAUSED") await tx2.course.update({ where: { id: course.id }, data: { status: "ACTIVE" } });
          },
        };
      },
    },
    MISSED: {
      table: "missed_doses",
      action: "dose.missed_void",
      entityType: "MissedDose",
      load: async (tx, id) => {
        const m = await tx.missedDose.findUnique({ where: { id } });
        if (!m) return null;
        return { courseId: m.courseId, voided: m.voidedAt !== null, before: { date: isoFromDb(m.date), note: m.note } };
      },
    },
  };

/**
 * Voids one course entry. Returns, for a prescription whose writing also changed the dose (after the course's
 * first day), the day of that dose change still standing (versionSetStanding): voiding the prescription leaves it (the
 * dose may have been right), and the dermatologist is told so, to void it too if it was entered in error.
 */
export async function voidCourseEntry(
  actor: AuditActor,
  input: { kind: CourseEntryKind; entryId: string; reason: string; ack?: string[] },
  today: IsoDate,
): Promise<{ doseChangeStands: string | null }> {
  assertMay(actor, "doses.write");
  const kind = KINDS[input.kind];
  return db.$transaction(async (tx) => {
    const found = await kind.load(tx, input.entryId);
    if (!found) throw notFound("entry");
    const patient = await tx.course.findUniqueOrThrow({ where: { id: found.courseId }, select: { patientId: true } });
    // Course writes of this patient wait here; the entry and its course are read again under the lock.
    await lockPatient(tx, patient.patientId);
    const entry = (await kind.load(tx, input.entryId))!;
    const course = await tx.course.findUniqueOrThrow({
      where: { id: entry.courseId },
      select: { id: true, patientId: true, startDate: true, endDate: true, status: true },
    });
    if (entry.voided) throw refused(ALREADY_VOIDED);
    await entry.check?.(tx, course, today);
    // A dose version voided puts the one before it back in force from its date: that dose is checked at the
    // weights in force on those days, and the void waits for the confirmation when it is above a limit.
    // A prescription a pharmacy dispensed is voided once it is confirmed that it stays dispensed, its test used.
    const acknowledged =
      input.kind === "DOSE" ? await confirmDoseVoid(tx, course, input.entryId, input.ack ?? [], today) : confirmVoid(entry.warning ?? null, input.ack ?? []);
    await markVoided(tx, actor, kind.table, input.entryId, input.reason);
    // Forms opened before the void are stale: their next save is a conflict, not a silent overwrite.
    await tx.course.update({ where: { id: course.id }, data: { version: { increment: 1 } } });
    await refreshCourseDerived(tx, course.patientId);
    await writeAudit(tx, actor, {
      action: kind.action,
      entityType: kind.entityType,
      entityId: input.entryId,
      patientId: course.patientId,
      changes: { courseId: course.id, reason: input.reason, before: entry.before, ...(acknowledged.length ? { acknowledgedWarnings: acknowledged } : {}) },
    });
    if (input.kind !== "PRESCRIPTION") return { doseChangeStands: null };
    return { doseChangeStands: await versionSetStanding(tx, input.entryId, course.startDate) };
  });
}

/**
 * The day of the dose change a prescription set (recorded on it: setsRegimen), as it stands now (its latest
 * correction), when that is not voided and takes effect after the course's first day (the starting regimen a course's
 * first prescription sets is corrected, never voided). A dose change made later and merely based on the prescription
 * is not one it set.
 */
async function versionSetStanding(tx: Tx, prescriptionId: string, courseStart: Date): Promise<string | null> {
  const rx = await tx.prescription.findUniqueOrThrow({ where: { id: prescriptionId }, select: { setsRegimen: true, writtenForId: true } });
  let id = rx.setsRegimen ? rx.writtenForId : null;
  while (id) {
    const v: { effectiveFrom: Date; voidedAt: Date | null; supersededBy: { id: string } | null } = await tx.doseChange.findUniqueOrThrow({
      where: { id },
      select: { effectiveFrom: true, voidedAt: true, supersededBy: { select: { id: true } } },
    });
    if (v.supersededBy) id = v.supersededBy.id;
    else return !v.voidedAt && v.effectiveFrom.getTime() > courseStart.getTime() ? isoFromDb(v.effectiveFrom) : null;
  }
  return null;
}

/**
 * A prescription dispensed (its dispensed date recorded) and then voided as entered in error: the fill happened, so it
 * stays in the history as dispensed and, when it rested on a pregnancy test, that test stays used (a new prescription
 * needs a new negative test: lib/domain/pregnancy/used-tests.ts). Said before the void, to be confirmed.
 */
function dispensedPrescriptionVoid(dispensedOn: IsoDate, test: { writtenOn: IsoDate } | null): Warning {
  const used = test
    ? `, and its pregnancy test stays used: a new prescription needs a negative pregnancy test collected after ${formatDate(test.writtenOn)}`
    : "";
  return {
    code: PRESCRIPTION_DISPENSED_CODE,
    message: `This prescription was dispensed on ${formatDate(dispensedOn)}: voided as entered in error, it stays in the history as dispensed${used}.`,
  };
}

/** One warning a void asks to be confirmed, or none; the codes confirmed, for the audit row. */
function confirmVoid(warning: Warning | null, ack: readonly string[]): string[] {
  const { pending, acknowledged } = confirmationsDue([warning], ack);
  if (pending.length) throw needsConfirmation("Check what voiding this entry leaves, then confirm to void it.", pending);
  return acknowledged;
}

/** The dose a void of this version leaves in force, confirmed when above a limit (lib/data/dose-in-force.ts). */
async function confirmDoseVoid(
  tx: Tx,
  course: { id: string; patientId: string },
  versionId: string,
  ack: readonly string[],
  today: IsoDate,
): Promise<string[]> {
  const before = await courseDoses(tx, course.id);
  const voided = before.regimens.find((r) => r.id === versionId);
  if (!voided) return [];
  const after = { ...before, regimens: before.regimens.filter((r) => r.id !== versionId) };
  const check = { patientId: course.patientId, before, after, from: voided.effectiveFrom, today };
  // A prescription whose supply lasts stays written for its dose: a change of the regimen on its start date asks first.
  const written = await writtenPrescriptionsToConfirm(tx, course.id, before.regimens, after.regimens, today);
  const { pending, acknowledged } = confirmationsDue([await doseInForceToConfirm(tx, check), written], ack);
  if (pending.length) throw needsConfirmation("Check the dose this void leaves in force, then confirm to void the entry.", pending);
  return acknowledged;
}
