import { describe, expect, it } from "vitest";
import { changeDoseAction, recordMissedDoseAction, transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addOutreachNoteAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import {
  reopenCourseAction,
  voidCourseEntryAction,
  voidOutreachNoteAction,
  voidWaiverAction,
} from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { formatDate } from "@/lib/format";
import { getPatientHeader } from "@/lib/data/patient-header";
import { startCourse } from "@/lib/data/start-course";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed, tokenFor, writtenPrescriptionToken } from "./confirmations";
import { actAs, CLINICIAN, countRows, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

const today = TODAY; // 2026-11-23
const db = () => testDb();
const VOIDED_TEXT = "Entry marked as entered in error; it stays in the history, struck through.";
const VOIDED = { status: "ok", message: VOIDED_TEXT };
const ALREADY = "This entry was already corrected or voided, perhaps by someone else. Reload the page to see the latest entries.";

/** 60 kg, 40 mg daily from today-20: 21 dosing days = 840 mg by hand. */
async function courseOf21Days() {
  const derm = await makeUser("DERMATOLOGIST");
  actAs(derm);
  const p = await makePatient();
  const courseId = await startCourse(
    { id: derm.id, role: "DERMATOLOGIST" },
    {
      patientId: p.id,
      indication: "ACNE_NODULAR",
      regimenIntent: "STANDARD",
      startDate: addDays(today, -20),
      targetMgPerKg: 120,
      startWeightGrams: 60_000,
      product: "CLARAVIS",
      capsuleStrengthMg: 20,
      daysSupply: 30,
      refills: 0,
      counseled: true,
      schedule: { mgPerIntake: 40, intakesPerDay: 1, pattern: { kind: "DAILY" } },
      ack: [],
    },
    today,
  );
  const course = await db().course.findUniqueOrThrow({ where: { id: courseId } });
  return { derm, p, course };
}

const storedTotal = async (courseId: string) => (await db().courseSummary.findUnique({ where: { courseId } }))?.totalMg ?? null;
const version = async (courseId: string) => String((await db().course.findUniqueOrThrow({ where: { id: courseId } })).version);

describe("course entries entered in error", () => {
  it("voiding a dose change restores the earlier regimen in the stored summary; the entry stays, struck through, and the trail holds both", async () => {
    const { derm, p, course } = await courseOf21Days();
    expect(await storedTotal(course.id)).toBe(840);
    const changed = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: await version(course.id),
        effectiveFrom: addDays(today, -10),
        reason: "Tolerating well",
        mgPerIntake: "60",
        pattern: "DAILY",
      }),
    );
    expect(changed).toMatchObject({ status: "ok" });
    // 10 days at 40 mg (today-20 .. today-11) + 11 days at 60 mg (today-10 .. today) = 400 + 660.
    expect(await storedTotal(course.id)).toBe(1060);
    const change = await db().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 60 } });

    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: change.id, reason: "Entered for the wrong patient" }))).toEqual(VOIDED);
    expect(await storedTotal(course.id)).toBe(840);
    expect(await db().doseChange.findUniqueOrThrow({ where: { id: change.id } })).toMatchObject({
      mgPerIntake: 60,
      voidedById: derm.id,
      voidReason: "Entered for the wrong patient",
    });
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.summary.totalMg).toBe(840);
    expect(t.courses[0]!.timeline.find((e) => e.id === change.id)).toMatchObject({ voided: { reason: "Entered for the wrong patient" } });
    const audits = await db().auditEvent.findMany({ where: { patientId: p.id, action: { in: ["dose.change", "dose.void"] } }, orderBy: { id: "asc" } });
    expect(audits.map((a) => [a.action, a.entityId])).toEqual([
      ["dose.change", change.id],
      ["dose.void", change.id],
    ]);
    expect(audits[1]!.changes).toEqual({
      courseId: course.id,
      reason: "Entered for the wrong patient",
      before: { effectiveFrom: addDays(today, -10), mgPerIntake: 60, intakesPerDay: 1, pattern: "DAILY" },
    });

    const before = await countRows();
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: change.id, reason: "Twice" }))).toMatchObject({ status: "error", message: ALREADY });
    // The starting regimen is corrected, never voided: the course would have no dose from its first day.
    const first = await db().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 40 } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: first.id, reason: "Wrong" }))).toMatchObject({
      status: "error",
      message: "A course needs a regimen from its first day: correct the starting regimen instead of voiding it.",
    });
    expect(await countRows()).toEqual(before);
  });

  it("a correction of the starting regimen takes effect on the course's first day; one dated later is refused and writes nothing", async () => {
    const { p, course } = await courseOf21Days();
    const first = await db().doseChange.findFirstOrThrow({ where: { courseId: course.id } });
    const correct = async (effectiveFrom: string) =>
      changeDoseAction(
        IDLE,
        form({
          courseId: course.id,
          version: await version(course.id),
          effectiveFrom,
          reason: "Entered 40, was 30",
          mgPerIntake: "30",
          pattern: "DAILY",
          supersedesId: first.id,
          // The course's prescription of 3 Nov was written for 40 mg daily.
          ack: writtenPrescriptionToken("3 Nov 2026", "2 Dec 2026", 40, 30),
        }),
      );
    const before = await countRows();
    // The form's date left at today: the 20 days before it would have had no regimen and counted 0 mg.
    expect(await correct(today)).toMatchObject({
      status: "error",
      fieldErrors: { effectiveFrom: ["This corrects the starting regimen: it takes effect on the course's first day, 3 Nov 2026."] },
    });
    expect(await countRows()).toEqual(before);
    expect(await storedTotal(course.id)).toBe(840);
    expect(await correct(addDays(today, -20))).toMatchObject({ status: "ok" });
    // 21 days x 30 mg.
    expect(await storedTotal(course.id)).toBe(630);
    expect((await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.summary.totalMg).toBe(630);
  });

  it("the starting regimen cannot be voided while the only other first-day version is one a correction replaced", async () => {
    const { course } = await courseOf21Days();
    const first = await db().doseChange.findFirstOrThrow({ where: { courseId: course.id } });
    const change = async (fields: Record<string, string>) =>
      changeDoseAction(IDLE, form({ courseId: course.id, version: await version(course.id), reason: "Titration", pattern: "DAILY", ...fields }));
    // A second first-day version (30 mg), then a correction of it dated today-10: 10 days x 40 mg, then 11 days x 30 mg.
    // The course's prescription of 3 Nov was written for 40 mg daily: confirmed. Moved later, the correction puts its 40 mg back.
    const ack = writtenPrescriptionToken("3 Nov 2026", "2 Dec 2026", 40, 30);
    expect(await change({ effectiveFrom: addDays(today, -20), mgPerIntake: "30", ack })).toMatchObject({ status: "ok" });
    const second = await db().doseChange.findFirstOrThrow({ where: { courseId: course.id, mgPerIntake: 30 } });
    expect(await change({ effectiveFrom: addDays(today, -10), mgPerIntake: "30", supersedesId: second.id })).toMatchObject({ status: "ok" });
    expect(await storedTotal(course.id)).toBe(730);
    // Voiding the first version would leave no regimen before today-10: its ten days would count nothing.
    const before = await countRows();
    expect(await voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: first.id, reason: "Wrong" }))).toMatchObject({
      status: "error",
      message: "A course needs a regimen from its first day: correct the starting regimen instead of voiding it.",
    });
    expect(await countRows()).toEqual(before);
    expect(await storedTotal(course.id)).toBe(730);
  });

  it("voiding a missed dose counts the day again, and the day can be recorded again", async () => {
    const { course } = await courseOf21Days();
    const missed = () => recordMissedDoseAction(IDLE, form({ courseId: course.id, version: "0", date: addDays(today, -5) }));
    const v = await version(course.id);
    expect(await recordMissedDoseAction(IDLE, form({ courseId: course.id, version: v, date: addDays(today, -5) }))).toMatchObject({ status: "ok" });
    expect(await storedTotal(course.id)).toBe(800);
    const row = await db().missedDose.findFirstOrThrow({ where: { courseId: course.id } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "MISSED", entryId: row.id, reason: "She took it after all" }))).toEqual(VOIDED);
    expect(await storedTotal(course.id)).toBe(840);
    // A form opened before the void is stale.
    expect(await missed()).toMatchObject({ status: "error" });
    expect(await recordMissedDoseAction(IDLE, form({ courseId: course.id, version: await version(course.id), date: addDays(today, -5) }))).toMatchObject({
      status: "ok",
    });
    expect(await db().missedDose.count({ where: { courseId: course.id } })).toBe(2);
    expect(await storedTotal(course.id)).toBe(800);
  });

  it("voiding an open pause makes the course active again and counts the paused days", async () => {
    const { course } = await courseOf21Days();
    expect(
      await transitionCourseAction(
        IDLE,
        form({ courseId: course.id, version: await version(course.id), transition: "PAUSE", date: addDays(today, -5), reason: "Dry lips" }),
      ),
    ).toMatchObject({ status: "ok" });
    // today-20 .. today-6 = 15 days at 40 mg.
    expect(await storedTotal(course.id)).toBe(600);
    const pause = await db().coursePause.findFirstOrThrow({ where: { courseId: course.id } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Pause recorded on the wrong course" }))).toEqual(VOIDED);
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("ACTIVE");
    expect(await storedTotal(course.id)).toBe(840);
  });

  it("voiding a prescription leaves it in the timeline, struck through, and out of every figure", async () => {
    const { p, course } = await courseOf21Days();
    const rx = await db().prescription.findFirstOrThrow({ where: { courseId: course.id } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Written on the wrong product" }))).toEqual(VOIDED);
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.timeline.find((e) => e.id === rx.id)).toMatchObject({ kind: "prescription", voided: { reason: "Written on the wrong product" } });
    expect(t.courses[0]!.latestPrescription).toBeNull();
    expect(await storedTotal(course.id)).toBe(840);
  });

  it("voiding a prescription that changed the dose says the dose change stands, to be voided too if it was in error", async () => {
    const { course } = await courseOf21Days();
    // 40 mg daily from the start; a prescription written today at 20 mg daily also changes the dose from today
    // (confirmed with its reason, as is the 9 days the first prescription still supplies).
    const written = await writePrescriptionAction(
      IDLE,
      form({
        courseId: course.id,
        version: await version(course.id),
        writtenOn: today,
        ...{ product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", mgPerIntake: "20", pattern: "DAILY", counseled: "on" },
        ack: [
          tokenFor(
            "PRESCRIPTION_CHANGES_REGIMEN",
            "This changes the dose from 40 mg daily to 20 mg daily from 23 Nov 2026: the cumulative dose and the projected target date follow it. Give the reason for the change.",
          ),
          tokenFor(
            "EARLIER_SUPPLY_OUTLASTS_START",
            "Supply from earlier prescriptions runs to 2 Dec 2026, 9 days after this prescription starts; with this one the patient is supplied through 1 Jan 2027.",
          ),
        ],
        reason: "Dry lips",
      }),
    );
    expect(written).toMatchObject({ status: "ok" });
    const rx = await db().prescription.findFirstOrThrow({ where: { courseId: course.id }, orderBy: { writtenOn: "desc" } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Written for the wrong patient" }))).toEqual({
      status: "ok",
      message: `${VOIDED_TEXT} The dose change this prescription made from ${formatDate(today)} still stands: void it too if it was entered in error.`,
    });
    // It does stand: 20 days at 40 mg and today at 20 mg.
    expect(await storedTotal(course.id)).toBe(820);
  });

  it.each(["NURSE", "STAFF", "ADMIN"] as const)("a %s cannot void a course entry or reopen a course; nothing is written", async (role) => {
    const { course } = await courseOf21Days();
    const rx = await db().prescription.findFirstOrThrow({ where: { courseId: course.id } });
    actAs(await makeUser(role));
    const before = await countRows();
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Not mine to void" }))).toMatchObject({ status: "error" });
    expect(await reopenCourseAction(IDLE, form({ courseId: course.id, version: "1", reason: "Not mine to reopen" }))).toMatchObject({ status: "error" });
    expect((await db().prescription.findUniqueOrThrow({ where: { id: rx.id } })).voidedAt).toBeNull();
    expect(await countRows()).toEqual(before);
  });
});

describe("waivers and outreach notes entered in error", () => {
  it("voiding a waiver opens the item again in the stored items; it can be waived anew", async () => {
    const { p, course } = await courseOf21Days();
    const key = `course:${course.id}:baseline-lipids`;
    const item = () => db().monitoringItemRow.findUniqueOrThrow({ where: { patientId_itemKey: { patientId: p.id, itemKey: key } } });
    expect((await item()).waived).toBe(false);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: key, reason: "Done at the outside lab" }))).toMatchObject({ status: "ok" });
    expect((await item()).waived).toBe(true);
    const waiver = await db().monitoringWaiver.findFirstOrThrow({ where: { patientId: p.id, itemKey: key } });
    expect(await voidWaiverAction(IDLE, form({ waiverId: waiver.id, reason: "The outside lab never drew lipids" }))).toEqual(VOIDED);
    expect((await item()).waived).toBe(false);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: key, reason: "Drawn at the outside lab on retry" }))).toMatchObject({ status: "ok" });
    expect((await item()).waived).toBe(true);
    expect(await db().monitoringWaiver.count({ where: { patientId: p.id } })).toBe(2);
    expect(await voidWaiverAction(IDLE, form({ waiverId: waiver.id, reason: "Again" }))).toMatchObject({ status: "error", message: ALREADY });
  });

  it("a voided outreach note is kept and no longer the latest attempt", async () => {
    const { p, course } = await courseOf21Days();
    const key = `course:${course.id}:baseline-lipids`;
    const staff = await makeUser("STAFF");
    actAs(staff);
    expect(await addOutreachNoteAction(IDLE, form({ patientId: p.id, itemKey: key, note: "Left a voicemail", outcome: "LEFT_MESSAGE" }))).toMatchObject({
      status: "ok",
    });
    const note = await db().outreachNote.findFirstOrThrow({ where: { patientId: p.id } });
    expect(await voidOutreachNoteAction(IDLE, form({ noteId: note.id, reason: "Called the wrong number" }))).toEqual(VOIDED);
    expect(await db().outreachNote.findUniqueOrThrow({ where: { id: note.id } })).toMatchObject({ note: "Left a voicemail", voidedById: staff.id });
    expect(await db().auditEvent.count({ where: { action: "monitoring.outreach_void", entityId: note.id } })).toBe(1);
  });
});

describe("reopening a course", () => {
  it("a dermatologist reopens a completed course: active again, summarized again, the ending kept", async () => {
    const { derm, p, course } = await courseOf21Days();
    // 40 mg daily from today-20 to today-2 at 60 kg: 19 days, 760 mg, 12.7 mg/kg of 120 (11%).
    const belowTarget = tokenFor(
      "COMPLETED_BELOW_TARGET",
      `On its last day the patient is at 12.7 mg/kg of the 120 mg/kg target (11%), while "Complete" records the target as reached. Choose "Stop early" for a course ended before its target.`,
    );
    expect(
      await transitionCourseAction(
        IDLE,
        form({
          ack: belowTarget,
          courseId: course.id,
          version: await version(course.id),
          transition: "COMPLETE",
          date: addDays(today, -2),
          reason: "Clear skin",
        }),
      ),
    ).toMatchObject({ status: "ok" });
    expect(await storedTotal(course.id)).toBeNull();
    expect(await reopenCourseAction(IDLE, form({ courseId: course.id, version: await version(course.id), reason: "Completed on the wrong patient" }))).toEqual({
      status: "ok",
      message: "Course reopened.",
    });
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "ACTIVE", endDate: null, endReason: null });
    expect(await storedTotal(course.id)).toBe(840);
    const reopening = await db().courseReopening.findFirstOrThrow({ where: { courseId: course.id } });
    expect(reopening).toMatchObject({
      previousStatus: "COMPLETED",
      previousEndReason: "Clear skin",
      reason: "Completed on the wrong patient",
      reopenedById: derm.id,
    });
    expect(reopening.previousEndDate.toISOString().slice(0, 10)).toBe(addDays(today, -2));
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.timeline.find((e) => e.kind === "reopened")).toMatchObject({ date: addDays(today, -2), reason: "Completed on the wrong patient" });
    expect(await reopenCourseAction(IDLE, form({ courseId: course.id, version: await version(course.id), reason: "Again" }))).toMatchObject({
      status: "error",
      message: "Only a completed or stopped course can be reopened.",
    });
  });
  const transition = async (courseId: string, transition: string, date: string) => {
    const sent = await version(courseId);
    return sendConfirmed(
      (ack) => transitionCourseAction(IDLE, form({ ack, courseId, version: sent, transition, date, reason: "Clinical decision" })),
      ["COMPLETED_BELOW_TARGET"],
    );
  };
  const reopen = async (courseId: string) => reopenCourseAction(IDLE, form({ courseId, version: await version(courseId), reason: "Stop entered in error" }));

  it("a course stopped while paused comes back paused, its pause open again, and counts nothing after the pause until it is resumed", async () => {
    const { p, course } = await courseOf21Days();
    expect(await transition(course.id, "PAUSE", addDays(today, -10))).toMatchObject({ status: "ok" });
    expect(await transition(course.id, "STOP", addDays(today, -5))).toMatchObject({ status: "ok" });
    const pause = await db().coursePause.findFirstOrThrow({ where: { courseId: course.id } });
    // The stop closed the pause the day after the end date.
    expect(pause.resumeDate?.toISOString().slice(0, 10)).toBe(addDays(today, -4));

    const reopened = await reopen(course.id);
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "PAUSED", endDate: null, endReason: null });
    expect(reopened).toEqual({ status: "ok", message: "Course reopened, paused as it was when it ended." });
    expect(await db().coursePause.findUniqueOrThrow({ where: { id: pause.id } })).toMatchObject({ resumeDate: null, voidedAt: null });
    // 10 dosing days at 40 mg (today-20 .. today-11) = 400 mg; today-10 .. today paused: 0 mg. Total 400
    // (not 600: the 5 days today-4 .. today were never taken).
    expect(await storedTotal(course.id)).toBe(400);
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]).toMatchObject({ status: "PAUSED", summary: { totalMg: 400 } });
    expect((await getPatientHeader(CLINICIAN, p.id, today))!.clinical!.activeCourse).toMatchObject({ status: "PAUSED" });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "course.reopen", entityId: course.id } });
    expect(audit.changes).toMatchObject({
      before: { status: "STOPPED", endDate: addDays(today, -5) },
      restored: { status: "PAUSED", pause: { id: pause.id, startDate: addDays(today, -10), resumeDate: null, resumeDateBefore: addDays(today, -4) } },
    });

    // Resumed on today-2: 400 + 3 days at 40 mg (today-2 .. today) = 520 mg.
    expect(await transition(course.id, "RESUME", addDays(today, -2))).toMatchObject({ status: "ok" });
    expect(await storedTotal(course.id)).toBe(520);
  });

  it("a course stopped before its open pause began comes back paused, not active with the pause still open", async () => {
    const { course } = await courseOf21Days();
    expect(await transition(course.id, "PAUSE", addDays(today, -10))).toMatchObject({ status: "ok" });
    expect(await transition(course.id, "STOP", addDays(today, -12))).toMatchObject({ status: "ok" });
    expect(await db().coursePause.count({ where: { courseId: course.id, resumeDate: null } })).toBe(1);

    expect(await reopen(course.id)).toMatchObject({ status: "ok" });
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "PAUSED", endDate: null });
    // Reopened: today-20 .. today-11 at 40 mg = 400 mg, paused since today-10.
    expect(await storedTotal(course.id)).toBe(400);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "course.reopen", entityId: course.id } });
    expect(audit.changes).toMatchObject({
      restored: { status: "PAUSED", pause: { startDate: addDays(today, -10), resumeDate: null, resumeDateBefore: null } },
    });
    // Resumed on today-1: 400 + 2 days (today-1, today) at 40 mg = 480 mg.
    expect(await transition(course.id, "RESUME", addDays(today, -1))).toMatchObject({ status: "ok" });
    expect(await storedTotal(course.id)).toBe(480);
  });

  it("a course completed after a pause that had ended comes back active; the earlier pause stays closed", async () => {
    const { course } = await courseOf21Days();
    expect(await transition(course.id, "PAUSE", addDays(today, -10))).toMatchObject({ status: "ok" });
    expect(await transition(course.id, "RESUME", addDays(today, -5))).toMatchObject({ status: "ok" });
    // Completed the day before the resume: the pause's resume date is the day after the end, but no ending closed it.
    expect(await transition(course.id, "COMPLETE", addDays(today, -6))).toMatchObject({ status: "ok" });
    expect(await reopen(course.id)).toEqual({ status: "ok", message: "Course reopened." });
    expect(await db().course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "ACTIVE" });
    // today-20 .. today-11 = 400 mg, paused today-10 .. today-6, today-5 .. today = 6 days = 240 mg: 640 mg.
    expect(await storedTotal(course.id)).toBe(640);
  });
});
