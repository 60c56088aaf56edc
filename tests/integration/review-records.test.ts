import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recordWeightAction, transitionCourseAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { correctLabResultAction, correctWeightAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { recordLabPanelAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getLabAlerts } from "@/lib/data/labs";
import { addDays } from "@/lib/domain/dates";
import { IDLE } from "@/lib/validation/action-result";
import { startCourseFor } from "./course-fixture";
import { actAs, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { fresh, patientOnCourse } from "./pregnancy-fixture";
import { makeLabInterface, oru, postHl7, tg as tgObx } from "./hl7-helpers";

/**
 * Review of corrections and voids of clinical records (README "Lab results and weights entered in error",
 * "A result recorded twice counts once"; docs/DOMAIN.md "Course records: corrections and paper history").
 * Every expected figure below is worked out by hand in its comment.
 */
const today = TODAY; // 2026-11-23
const db = () => testDb();

async function labTestId(code: string) {
  return (await db().labTest.findFirstOrThrow({ where: { code } })).id;
}

describe("a lab correction that makes a result already on file", () => {
  it("counts once, as the same result entered again by hand does: one alert, not two", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await makePatient();
    const tg = await labTestId("2571-8");
    const specimen = addDays(today, -5);
    // TG 520 mg/dL is action-level (>= 500); the same report typed a second time as 502 (also action-level).
    for (const value of ["520", "502"]) {
      const r = await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: specimen, [`value:${tg}`]: value }));
      expect(r).toMatchObject({ status: "ok" });
    }
    const [first, typo] = await db().labResult.findMany({ where: { patientId: p.id }, orderBy: { enteredAt: "asc" } });
    const mine = async () => (await getLabAlerts(CLINICIAN, 10_000)).abnormal.filter((a) => a.patientId === p.id).map((a) => a.id);
    expect((await mine()).sort()).toEqual([first!.id, typo!.id].sort());

    // The typo corrected to what the report says: 520 on the same day, the result already on file.
    expect(await correctLabResultAction(IDLE, form({ labResultId: typo!.id, value: "520", reason: "Typing error, 520 on the report" }))).toMatchObject({
      status: "ok",
    });
    // Entered again by hand, the same result (TG, same day, 520) would name the first (duplicate_of_id) after a
    // confirmation, and count once. The correction is that same result: one alert, the first's.
    expect(await mine()).toEqual([first!.id]);
    const corrected = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, voidedAt: null, id: { not: first!.id } } });
    expect(corrected.duplicateOfId).toBe(first!.id);
  });
});

describe("a weight correction that moves an entry off the course's first day", () => {
  it("leaves the course's start weight as the entry still on that day records it", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    const start = addDays(today, -19);
    // 40 mg daily from start to today: 20 days, 800 mg, at 90 kg (recorded as the start day's measurement).
    await startCourseFor(p.id, { startDate: start, startWeightKg: "90", mgPerIntake: "40" });
    const course = await db().course.findFirstOrThrow({ where: { patientId: p.id } });
    const startEntry = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } });
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    // The nurse records 90 kg for the start day too; it was in fact 88 kg, measured the week before.
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: start, weightKg: "90" }))).toMatchObject({ status: "ok" });
    const twin = await db().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id, id: { not: startEntry.id } } });
    expect(
      await correctWeightAction(IDLE, form({ weightId: twin.id, weightKg: "88", measuredOn: addDays(start, -7), reason: "Measured the week before" })),
    ).toMatchObject({ status: "ok" });

    // The start day still records 90 kg (the course's own entry, untouched): the course divides by it.
    const live = await db().weightMeasurement.findMany({ where: { patientId: p.id, voidedAt: null }, orderBy: { measuredOn: "asc" } });
    expect(live.map((w) => [w.measuredOn.toISOString().slice(0, 10), w.weightGrams])).toEqual([
      [addDays(start, -7), 88_000],
      [start, 90_000],
    ]);
    expect((await db().course.findUniqueOrThrow({ where: { id: course.id } })).startWeightGrams).toBe(90_000);
    // 800 mg / 90 kg = 8.888...
    expect((await db().courseSummary.findUniqueOrThrow({ where: { courseId: course.id } })).mgPerKg).toBeCloseTo(800 / 90, 9);
  });
});

describe("a laboratory's corrected result (OBX-11 C) of a result recorded twice", () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await makeLabInterface(await makeUser("ADMIN"), `Review lab ${randomUUID().slice(0, 8)}`));
  });

  it("replaces that one result, as it replaces a result recorded once: the corrected value is current and alerts", async () => {
    const nurse = await makeUser("NURSE");
    actAs(nurse);
    const p = await makePatient();
    const tg = await labTestId("2571-8");
    // The faxed report typed in by hand, then the same result received from the laboratory: one result, the
    // laboratory's row naming the hand entry (README "A result recorded twice counts once").
    const typed = await recordLabPanelAction(IDLE, form({ patientId: p.id, submissionId: randomUUID(), specimenDate: "2026-11-22", [`value:${tg}`]: "180" }));
    expect(typed).toMatchObject({ status: "ok" });
    const hand = await db().labResult.findFirstOrThrow({ where: { patientId: p.id } });
    await postHl7(token, oru(`RR-${randomUUID().slice(0, 8)}`, p.mrn, [tgObx(180, "F")]));
    const copy = await db().labResult.findFirstOrThrow({ where: { patientId: p.id, id: { not: hand.id } } });
    expect(copy.duplicateOfId).toBe(hand.id);

    // The laboratory corrects it to 850 mg/dL: critical (>= 800).
    await postHl7(token, oru(`RR-${randomUUID().slice(0, 8)}`, p.mrn, [tgObx(850, "C")]));
    const live = await db().labResult.findMany({ where: { patientId: p.id, voidedAt: null } });
    expect(live.map((r) => [Number(r.valueNumeric), r.flag])).toEqual([[850, "CRITICAL"]]);
    expect((await getLabAlerts(CLINICIAN, 10_000)).critical.filter((a) => a.patientId === p.id)).toHaveLength(1);
    expect(await db().hl7QueueEntry.count({ where: { patientId: p.id } })).toBe(0);
  });
});

describe("voiding a pause of a stopped course that begins after its last day", () => {
  it("makes nothing active, so a positive pregnancy test awaiting a decision does not hold it", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(today, -20));
    const transition = async (transition: string, date: string) =>
      transitionCourseAction(
        IDLE,
        form({ courseId: course.id, version: String((await fresh(course.id)).version), transition, date, reason: "Clinical decision" }),
      );
    // Paused from today-3 (recorded first), then stopped with today-5 as its last day: the pause begins after
    // the end, so the ending leaves it open (DOMAIN "Course records").
    expect(await transition("PAUSE", addDays(today, -3))).toMatchObject({ status: "ok" });
    expect(await transition("STOP", addDays(today, -5))).toMatchObject({ status: "ok" });
    const pause = await db().coursePause.findFirstOrThrow({ where: { courseId: course.id } });
    expect([pause.resumeDate, (await fresh(course.id)).status]).toEqual([null, "STOPPED"]);
    // A positive test yesterday, no decision yet: prescribing is stopped, no course may be made active again.
    await pregnancyTest(p.id, addDays(today, -1), derm.id, "POSITIVE");

    // The pause was entered in error. Voiding it doses no day: the course's last day was today-5. DOMAIN: on an
    // ended course "nothing there makes the course active, so a pregnancy test that stops prescribing does not
    // hold it, except voiding a pause that still holds it off therapy today or later (one the end closed on a
    // last day still ahead)".
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Pause recorded on the wrong course" }))).toEqual({
      status: "ok",
      message: "Entry marked as entered in error; it stays in the history, struck through.",
    });
    expect((await fresh(course.id)).status).toBe("STOPPED");
  });
});
