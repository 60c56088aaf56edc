import { describe, expect, it } from "vitest";
import { startCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { changePregnancyCategoryAction, recordContraceptionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { addDays } from "@/lib/domain/dates";
import { getPatientMonitoring } from "@/lib/data/monitoring";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE, type ActionState } from "@/lib/validation/action-result";
import { sendConfirmed, tokenFor } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, pregnancyTest, readyForFirstPrescription, testDb, TODAY } from "./helpers";
import { courseForm, fresh, patientOnCourse, rxForm, rxWrittenOn } from "./pregnancy-fixture";

/**
 * The pregnancy-prevention gate for a patient who can become pregnant, through the actions on a real database
 * (today is 23 Nov 2026): each prescription rests on a test of its own, the first prescription written while
 * the patient can become pregnant is checked as a first one, and nothing is dispensed after its dispense-by date.
 */
const today = TODAY;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const RESULT_WORDS = /negative|positive|indeterminate/i;
/** A refusal's message and field errors, without the form values it echoes. */
const reasons = (s: ActionState) => (s.status === "error" ? { message: s.message, fieldErrors: s.fieldErrors } : s);
const itemsOf = async (patientId: string, kind: string) => (await getPatientMonitoring(CLINICIAN, patientId, today)).filter((i) => i.kind === kind);

describe("each prescription rests on a pregnancy test of its own", () => {
  it("refuses a second prescription on the test the first one used, today or later; a void frees the test", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    const test = await pregnancyTest(p.id, addDays(today, -1), derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
    const first = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    expect(first.pregnancyTestId).toBe(test.id);

    const reused = "Each prescription needs a new negative pregnancy test: the latest one (22 Nov 2026) was already used for the prescription of 23 Nov 2026.";
    for (const writtenOn of [today, addDays(today, 5)]) {
      expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), writtenOn, confirm))).toMatchObject({
        status: "error",
        fieldErrors: { pregnancy: [reused] },
      });
    }
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(2);
    const audits = await testDb().auditEvent.count({ where: { patientId: p.id, action: "prescription.create" } });
    expect(audits).toBe(1);

    // The supply: 30 days from 30 days ago, then 30 from today; the renewal is due on day 31 from today, not 91.
    expect((await itemsOf(p.id, "RX_RENEWAL")).map((i) => i.dueDate)).toEqual([addDays(today, 30)]);
    expect((await itemsOf(p.id, "PREG_PRESCRIPTION")).map((i) => [i.dueDate, i.status, i.completedOn])).toEqual([
      [addDays(today, -30), "COMPLETED", addDays(today, -32)],
      [today, "COMPLETED", addDays(today, -1)],
    ]);
    // The banner no longer shows an open prescription window on a test already used.
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.windowClosesOn).toBeNull();

    // Entered in error: once voided, its test may back the prescription that replaces it.
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: first.id, reason: "Wrong product" }))).toMatchObject({ status: "ok" });
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
    const replacement = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today), voidedAt: null } });
    expect(replacement.pregnancyTestId).toBe(test.id);
  });

  it("a prescription that rests on a test already used (old data) shows its test as not done, naming the reuse", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    const test = await pregnancyTest(p.id, addDays(today, -1), derm.id);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
    // Written before the gate refused it: the same test, five days on.
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id, writtenOn: day(today) } });
    const { id: _id, createdAt: _c, writtenOn: _w, startDate: _s, ...same } = rx;
    const old = await testDb().prescription.create({ data: { ...same, writtenOn: day(addDays(today, 5)), startDate: day(addDays(today, 5)) } });
    expect(old.pregnancyTestId).toBe(test.id);

    const items = await itemsOf(p.id, "PREG_PRESCRIPTION");
    expect(items.map((i) => [i.dueDate, i.status, i.completedOn])).toEqual([
      [addDays(today, -30), "COMPLETED", addDays(today, -32)],
      [today, "COMPLETED", addDays(today, -1)],
      [addDays(today, 5), "DUE_SOON", null],
    ]);
    expect(items[2]!.reason).toBe(
      "A new pregnancy test was due within 7 days before the prescription of 28 Nov 2026: the test of 22 Nov 2026 was already used " +
        "for the prescription of 23 Nov 2026; none recorded since.",
    );
    expect(items[2]!.reason).not.toMatch(RESULT_WORDS);
  });
});

describe("a patient who becomes able to become pregnant during a course", () => {
  it("gets the first-prescription checks at her next prescription, as at a course start, and the screening item agrees", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const nurse = await makeUser("NURSE");
    actAs(derm);
    // Registered as cannot become pregnant, with the category row registration writes.
    const p = await makePatient();
    await testDb().pregnancyCategoryChange.create({
      data: { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day("2000-01-01"), reason: "Recorded at registration", changedById: derm.id },
    });
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, addDays(today, -20))))).toEqual({ redirect: `/patients/${p.id}` });
    const course = await testDb().course.findFirstOrThrow({ where: { patientId: p.id } });
    const change = (over: Record<string, string> = {}) =>
      changePregnancyCategoryAction(IDLE, form({ patientId: p.id, category: "CAN_BECOME_PREGNANT", reason: "Documented in error", ...over }));
    expect(await change()).toMatchObject({
      status: "confirm",
      warnings: [
        {
          code: "CATEGORY_CHANGE_DURING_COURSE",
          message: expect.stringContaining("The next prescription needs the screening tests and the contraception lead time of a first prescription."),
        },
      ],
    });
    // A confirmation of the change's warning as it reads for another category is not one of this one.
    const rules = "A course is in progress: the pregnancy-prevention rules that apply to it change from today.";
    expect(await change({ ack: tokenFor("CATEGORY_CHANGE_DURING_COURSE", rules) })).toMatchObject({ status: "confirm" });
    const firstChecks = " The next prescription needs the screening tests and the contraception lead time of a first prescription.";
    expect(await change({ ack: tokenFor("CATEGORY_CHANGE_DURING_COURSE", rules + firstChecks) })).toMatchObject({ status: "ok" });

    // One negative test today and contraception from today, for her and for a new patient starting a course today.
    const newcomer = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    for (const id of [p.id, newcomer.id]) {
      await pregnancyTest(id, today, nurse.id);
      actAs(nurse);
      const contraception = form({ patientId: id, method: "TWO_METHODS", firstMethod: "IUD", secondMethod: "MALE_CONDOM", startDate: today });
      expect(await recordContraceptionAction(IDLE, contraception)).toMatchObject({ status: "ok" });
    }
    actAs(derm);
    // Each counseling with the prescription confirms the patient's contraception.
    const confirmOf = async (patientId: string) => ({
      confirmedContraceptionId: (await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId } })).id,
    });
    const started = await callAction(async () => startCourseAction(IDLE, courseForm(newcomer.id, today, await confirmOf(newcomer.id))));
    const midCourse = await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, await confirmOf(p.id)));
    expect(midCourse).toMatchObject({
      status: "error",
      fieldErrors: {
        pregnancy: [
          expect.stringContaining("2 negative tests are needed before the first prescription"),
          expect.stringContaining("it is documented only from 23 Nov 2026"),
        ],
      },
    });
    // The same reasons, word for word, as for a course started today on the same records.
    expect("state" in started && reasons(started.state)).toEqual(reasons(midCourse));

    // Her screening is due before that prescription, today: not overdue since the course started as she could not.
    const screening = await itemsOf(p.id, "PREG_SCREENING");
    expect(screening.map((i) => [i.dueDate, i.status])).toEqual([[today, "DUE"]]);
    // No test was due for the prescription written while she could not become pregnant.
    expect(await itemsOf(p.id, "PREG_PRESCRIPTION")).toEqual([]);

    // Screened 25 days ago, contraception for 45 days: the prescription is written and the screening item closes.
    await pregnancyTest(p.id, addDays(today, -25), nurse.id);
    await testDb().contraceptionRecord.updateMany({ where: { patientId: p.id }, data: { startDate: day(addDays(today, -45)) } });
    // The first prescription still supplies 9 days past today: confirmed (lib/domain/dosing/prescription-checks.ts).
    const confirmed = await confirmOf(p.id);
    const written = await sendConfirmed(
      async (ack) => writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, { ack, ...confirmed })),
      ["EARLIER_SUPPLY_OUTLASTS_START"],
    );
    expect(written).toMatchObject({ status: "ok" });
    expect((await itemsOf(p.id, "PREG_SCREENING")).map((i) => [i.dueDate, i.status, i.completedOn])).toEqual([[today, "COMPLETED", today]]);
    expect((await itemsOf(p.id, "PREG_PRESCRIPTION")).map((i) => [i.dueDate, i.status, i.completedOn])).toEqual([[today, "COMPLETED", today]]);
  });
});

describe("a prescription is dispensed by its dispense-by date", () => {
  it("refuses a dispensed date after the prescription's own dispense-by date", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -60));
    await pregnancyTest(p.id, addDays(today, -36), derm.id);
    const writtenOn = addDays(today, -35); // 19 Oct: the test of 18 Oct is day 1 of 7, dispense by 24 Oct
    const closed =
      "The window to dispense this prescription closed on 24 Oct 2026 (its dispense-by date): write a new prescription, with a new negative pregnancy test.";
    for (const dispensedOn of [today, "2026-10-25"]) {
      expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), writtenOn, { ...confirm, dispensedOn }))).toMatchObject({
        status: "error",
        fieldErrors: { dispensedOn: [closed] },
      });
    }
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), writtenOn, { ...confirm, dispensedOn: "2026-10-24" }))).toMatchObject({
      status: "ok",
    });
    expect(await rxWrittenOn(course.id, writtenOn)).toMatchObject({ dispenseBy: "2026-10-24" });
  });

  it("refuses it on the first prescription of a course start too, and starts nothing", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const start = addDays(today, -10); // tests on 29 Oct and 11 Nov: dispense by 17 Nov
    const confirm = await readyForFirstPrescription(p.id, start, derm.id);
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start, { ...confirm, dispensedOn: today })))).toMatchObject({
      state: {
        status: "error",
        fieldErrors: {
          dispensedOn: [
            "The window to dispense this prescription closed on 17 Nov 2026 (its dispense-by date): write a new prescription, with a new negative pregnancy test.",
          ],
        },
      },
    });
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(0);
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, start, { ...confirm, dispensedOn: addDays(today, -6) })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
  });
});
