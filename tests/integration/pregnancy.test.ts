import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startCourseAction, transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import { recordLabPanelAction, waiveItemAction } from "@/app/(portal)/patients/[patientId]/labs-actions";
import { correctLabResultAction } from "@/app/(portal)/patients/[patientId]/correction-actions";
import { changePregnancyCategoryAction, recordContraceptionAction, recordPregnancyDecisionAction } from "@/app/(portal)/patients/[patientId]/pregnancy-actions";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { updatePatientAction } from "@/app/(portal)/patients/actions";
import { GET as exportCsv } from "@/app/(portal)/monitoring/export/route";
import { saveClinicSettingsAction } from "@/app/(portal)/settings/actions";
import { addDays } from "@/lib/domain/dates";
import { DEFAULT_PREGNANCY_SETTINGS } from "@/lib/domain/pregnancy";
import { getPatientMonitoring, getWorklist } from "@/lib/data/monitoring";
import { getPregnancyOverview } from "@/lib/data/pregnancy-overview";
import { IDLE } from "@/lib/validation/action-result";
import { flatten } from "@/lib/validation/settings";
import { sendConfirmed, tokenFor } from "./confirmations";
import { actAs, callAction, CLINICIAN, form, makePatient, makeUser, pregnancyTest, testDb, TODAY } from "./helpers";
import { courseForm, fresh, patientOnCourse, prescriptionWrittenToday, rxForm, rxWrittenOn } from "./pregnancy-fixture";
import { restoreDefaultSettings, settingsForm } from "./jobs-helpers";

/** The pregnancy-prevention rules through the actions, on a real database (one fixed clock: today). */
const today = TODAY;

/** The dispense-by date office staff and a clinician see: each role's overview reads it in its own statement. */
const dispenseByShown = async (patientId: string) =>
  Promise.all([getPregnancyOverview({ role: "STAFF" }, patientId, today), getPregnancyOverview(CLINICIAN, patientId, today)]).then((views) =>
    views.map((v) => v!.dispenseBy),
  );
const RESULT_WORDS = /negative|positive|indeterminate/i;

describe("a positive pregnancy test", () => {
  it("stops prescribing, replaces the routine items with one review that only clinical roles list, and only a decision clears it", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    // A negative urine test, then a positive serum test two days later (as in the field report), by a nurse.
    await pregnancyTest(p.id, addDays(today, -4), derm.id);
    actAs(await makeUser("NURSE"));
    const serum = (await testDb().labTest.findFirstOrThrow({ where: { code: "2118-8" } })).id;
    const recorded = await recordLabPanelAction(
      IDLE,
      form({ patientId: p.id, submissionId: randomUUID(), specimenDate: addDays(today, -2), pregnancyTestSetting: "LAB", [`value:${serum}`]: "POSITIVE" }),
    );
    expect(recorded).toMatchObject({ status: "ok" });
    const positive = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    actAs(derm);
    const refused = await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm));
    expect(refused).toMatchObject({
      status: "error",
      fieldErrors: { pregnancy: [expect.stringContaining("no documented dermatologist decision"), expect.stringContaining("No negative pregnancy test")] },
    });
    expect(await testDb().prescription.count({ where: { courseId: course.id } })).toBe(1);

    const items = await getPatientMonitoring(CLINICIAN, p.id, today);
    // The lab items stay; every routine pregnancy item gives way to the one review, and no renewal is offered.
    expect(items.map((i) => i.kind)).toEqual(["BASELINE_LIVER", "BASELINE_LIPIDS", "PEAK_LABS", "PREG_REVIEW"]);
    expect(items.at(-1)).toMatchObject({ status: "OVERDUE", dueDate: "2026-11-21" });
    // The dermatologist's worklist lists the review; office staff's never does, not even asked for by its kind.
    const row = (await getWorklist(CLINICIAN, today, { kind: "PREG_REVIEW", sort: "days" })).rows.find((r) => r.patientId === p.id)!;
    expect(row.item).toBe("Dermatologist review");
    expect(row.reason).not.toMatch(RESULT_WORDS);
    const staff = await makeUser("STAFF");
    actAs(staff);
    expect(await getWorklist(staff, today, { kind: "PREG_REVIEW", sort: "days" })).toEqual({ rows: [], total: 0 });
    const csv = await (await exportCsv(new Request("http://x/monitoring/export?kind=PREG_REVIEW"))).text();
    expect(csv).not.toContain("Dermatologist review");
    expect(csv).not.toContain(p.mrn);
    const staffView = await getPregnancyOverview({ role: "STAFF" }, p.id, today);
    expect(staffView).toMatchObject({ reviewNeeded: true, clinical: null });
    expect(JSON.stringify(staffView)).not.toMatch(RESULT_WORDS);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: row.itemKey, reason: "x" }))).toMatchObject({ status: "error" });

    actAs(derm);
    expect((await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!.undecidedTest).toMatchObject({ id: positive.id, result: "POSITIVE" });
    // A false positive needs a later negative test; a confirmed pregnancy needs the course stopped first.
    const decide = (outcome: string) =>
      recordPregnancyDecisionAction(IDLE, form({ patientId: p.id, labResultId: positive.id, outcome, reason: "Serum hCG repeated" }));
    expect(await decide("FALSE_POSITIVE")).toMatchObject({ fieldErrors: { outcome: [expect.stringContaining("negative test collected after it")] } });
    expect(await decide("PREGNANCY_CONFIRMED")).toMatchObject({ fieldErrors: { outcome: [expect.stringContaining("Stop or pause")] } });
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    expect(await decide("FALSE_POSITIVE")).toMatchObject({ status: "ok" });
    expect(await decide("FALSE_POSITIVE")).toMatchObject({ status: "error", message: "A decision on this test is already documented." });
    expect((await testDb().labResult.findUniqueOrThrow({ where: { id: positive.id } })).acknowledgedById).toBe(derm.id);
    expect((await getPatientMonitoring(CLINICIAN, p.id, today)).some((i) => i.kind === "PREG_REVIEW")).toBe(false);
    expect(await testDb().monitoringItemRow.count({ where: { patientId: p.id, kind: "PREG_REVIEW" } })).toBe(0);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "pregnancy.decision" } });
    expect(audit.changes).toMatchObject({ outcome: "FALSE_POSITIVE", labResultId: positive.id });
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
  });

  it("a test and a prescription at the same moment never pass each other unseen", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    await pregnancyTest(p.id, addDays(today, -3), derm.id);
    const nurse = await makeUser("NURSE");
    const hcg = (await testDb().labTest.findFirstOrThrow({ where: { code: "2118-8" } })).id;
    actAs(derm);
    const rx = writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm));
    actAs(nurse);
    const lab = recordLabPanelAction(
      IDLE,
      form({ patientId: p.id, submissionId: randomUUID(), specimenDate: today, pregnancyTestSetting: "LAB", [`value:${hcg}`]: "POSITIVE" }),
    );
    const [rxResult, labResult] = await Promise.all([rx, lab]);
    expect(labResult.status).toBe("ok");
    const written = await testDb().prescription.findFirst({ where: { courseId: course.id, writtenOn: new Date(`${today}T00:00:00Z`) } });
    const test = await testDb().labResult.findFirstOrThrow({ where: { patientId: p.id, valueQualitative: "POSITIVE" } });
    // Either the prescription was written before the test was recorded, or it was refused because of it.
    if (rxResult.status === "ok") expect(written!.createdAt.getTime()).toBeLessThanOrEqual(test.enteredAt.getTime());
    else {
      expect(rxResult).toMatchObject({ fieldErrors: { pregnancy: expect.arrayContaining([expect.stringContaining("positive")]) } });
      expect(written).toBeNull();
    }
  });
});

describe("a prescription written before prescribing stopped, or on a test voided since", () => {
  const ROLES = ["STAFF", "NURSE", "DERMATOLOGIST"] as const;
  const STOPPED = "Do not dispense: prescribing is stopped until a dermatologist's review";
  const VOIDED = "Do not dispense: the pregnancy test it relied on was entered in error";
  /** Written today on a negative laboratory test from two days ago: dispensable through 27 Nov (day 7 of the window). */
  async function writtenToday() {
    const written = await prescriptionWrittenToday();
    const { p, rx, request } = written;
    expect(await request()).toMatchObject({ status: "active", dispenseRequest: { validityPeriod: { start: today, end: "2026-11-27" } } });
    for (const role of ROLES)
      expect(await getPregnancyOverview({ role }, p.id, today), role).toMatchObject({
        dispenseBy: { prescriptionId: rx.id, date: "2026-11-27" },
        doNotDispense: null,
        summary: expect.stringContaining("dispense by 27 Nov 2026 (4 days left)"),
      });
    return written;
  }

  it("a positive test recorded after it: every role sees do not dispense instead of the countdown, staff without the result; the FHIR request is on hold", async () => {
    const { p, rx, request } = await writtenToday();
    // The field report: a nurse records a positive serum test collected today.
    actAs(await makeUser("NURSE"));
    const serum = (await testDb().labTest.findFirstOrThrow({ where: { code: "2118-8" } })).id;
    expect(
      await recordLabPanelAction(
        IDLE,
        form({ patientId: p.id, submissionId: randomUUID(), specimenDate: today, pregnancyTestSetting: "LAB", [`value:${serum}`]: "POSITIVE" }),
      ),
    ).toMatchObject({ status: "ok" });
    for (const role of ROLES) {
      const o = (await getPregnancyOverview({ role }, p.id, today))!;
      expect(o, role).toMatchObject({
        prescribingStopped: true,
        reviewNeeded: true,
        dispenseBy: null,
        doNotDispense: { prescriptionId: rx.id, reasons: ["PRESCRIBING_STOPPED"], text: STOPPED },
        summary: "Can become pregnant · prescribing stopped: dermatologist review",
      });
      // Office staff still get no result, and no record behind the status.
      if (role === "STAFF") expect(o.clinical).toBeNull();
      if (role === "STAFF") expect(JSON.stringify(o)).not.toMatch(RESULT_WORDS);
    }
    const held = await request();
    expect(held).toMatchObject({ status: "on-hold", statusReason: { text: STOPPED } });
    expect(held.dispenseRequest).toEqual({
      numberOfRepeatsAllowed: 0,
      // 40 mg daily on 20 mg capsules for 30 days: what it was written for, though not to be dispensed.
      quantity: { value: 60, unit: "capsule", system: "http://unitsofmeasure.org", code: "{capsule}" },
      expectedSupplyDuration: { value: 30, unit: "days", system: "http://unitsofmeasure.org", code: "d" },
    });
  });

  it("its negative test voided as entered in error: do not dispense and on hold, though nothing stops prescribing", async () => {
    const { derm, p, rx, negative, request } = await writtenToday();
    actAs(derm);
    expect(
      await correctLabResultAction(IDLE, form({ labResultId: negative.id, value: "", specimenDate: "", reason: "Sample of another patient" })),
    ).toMatchObject({
      status: "ok",
    });
    for (const role of ROLES) {
      const o = (await getPregnancyOverview({ role }, p.id, today))!;
      expect(o, role).toMatchObject({
        prescribingStopped: false,
        dispenseBy: null,
        doNotDispense: { prescriptionId: rx.id, reasons: ["PREGNANCY_TEST_VOIDED"], text: VOIDED },
      });
      expect(o.summary, role).not.toContain("dispense by");
    }
    const held = await request();
    expect(held).toMatchObject({ status: "on-hold", statusReason: { text: VOIDED } });
    expect(held.dispenseRequest.validityPeriod).toBeUndefined();
  });
});

describe("the category and the records behind a prescription", () => {
  it("only a dermatologist changes the category, with a reason, a confirmation during a course, and the old and new value audited", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(today, -10));
    const staff = await makeUser("STAFF");
    actAs(staff);
    // The demographics form no longer carries the category: a staff edit leaves it alone.
    const patient = await testDb().patient.findUniqueOrThrow({ where: { id: p.id } });
    const edit = {
      patientId: p.id,
      version: String(patient.version),
      mrn: patient.mrn,
      firstName: "Test",
      lastName: "Patient",
      dateOfBirth: "2000-01-01",
      sexAtBirth: "FEMALE",
      indication: "ACNE_NODULAR",
    };
    expect(await callAction(() => updatePatientAction(IDLE, form({ ...edit, pregnancyCategory: "CANNOT_BECOME_PREGNANT" })))).toEqual({
      redirect: `/patients/${p.id}`,
    });
    expect((await testDb().patient.findUniqueOrThrow({ where: { id: p.id } })).pregnancyCategory).toBe("CAN_BECOME_PREGNANT");
    const change = (over: Record<string, string> = {}) =>
      changePregnancyCategoryAction(IDLE, form({ patientId: p.id, category: "CANNOT_BECOME_PREGNANT", reason: "Hysterectomy documented", ...over }));
    expect(await change()).toEqual({ status: "error", message: "You do not have permission to do this." });
    actAs(await makeUser("NURSE"));
    expect(await change()).toEqual({ status: "error", message: "You do not have permission to do this." });
    actAs(derm);
    expect(await change({ reason: "" })).toMatchObject({ fieldErrors: { reason: expect.any(Array) } });
    expect(await change()).toMatchObject({ status: "confirm", warnings: [{ code: "CATEGORY_CHANGE_DURING_COURSE" }] });
    expect(
      await change({
        ack: tokenFor("CATEGORY_CHANGE_DURING_COURSE", "A course is in progress: the pregnancy-prevention rules that apply to it change from today."),
      }),
    ).toMatchObject({ status: "ok" });
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { patientId: p.id, action: "pregnancy.category" } });
    expect(audit.changes).toMatchObject({
      pregnancyCategory: { from: "CAN_BECOME_PREGNANT", to: "CANNOT_BECOME_PREGNANT" },
      reason: "Hysterectomy documented",
      courseInProgress: true,
      acknowledgedWarnings: ["CATEGORY_CHANGE_DURING_COURSE"],
    });
    expect((await getPatientMonitoring(CLINICIAN, p.id, today)).filter((i) => i.kind.startsWith("PREG_"))).toEqual([]);
    expect(course.status).toBe("ACTIVE");
  });

  it("contraception is required from the lead time before the first prescription, and a new record ends the one in use", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    await pregnancyTest(p.id, addDays(today, -25), nurse.id);
    await pregnancyTest(p.id, addDays(today, -1), nurse.id);
    actAs(nurse);
    const twoMethods = (firstMethod: string, secondMethod: string) =>
      recordContraceptionAction(IDLE, form({ patientId: p.id, method: "TWO_METHODS", firstMethod, secondMethod, startDate: addDays(today, -20) }));
    expect(await twoMethods("", "")).toMatchObject({ fieldErrors: { firstMethod: ["Choose the first method from the list."] } });
    expect(await twoMethods("COMBINED_PILL", "MALE_CONDOM")).toMatchObject({ status: "ok" });
    const confirm = { confirmedContraceptionId: (await testDb().contraceptionRecord.findFirstOrThrow({ where: { patientId: p.id } })).id };
    actAs(derm);
    const r = await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, confirm)));
    expect(r).toMatchObject({ state: { fieldErrors: { pregnancy: [expect.stringContaining(`it is documented only from`)] } } });
    actAs(nurse);
    expect(await recordContraceptionAction(IDLE, form({ patientId: p.id, method: "ABSTINENCE", startDate: addDays(today, -40) }))).toMatchObject({
      fieldErrors: { startDate: [expect.stringContaining("already starts")] },
    });
    await testDb().contraceptionRecord.updateMany({ where: { patientId: p.id }, data: { startDate: new Date(`${addDays(today, -35)}T00:00:00Z`) } });
    actAs(derm);
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, confirm)))).toEqual({ redirect: `/patients/${p.id}` });
  });
});

describe("pauses, waivers and the clinic's window", () => {
  it("a pause dated ahead keeps today's items; a waiver skips one monthly test and the next is due", async () => {
    const { derm, p, course } = await patientOnCourse(addDays(today, -40));
    const before = (await getPatientMonitoring(CLINICIAN, p.id, today)).filter((i) => i.kind.startsWith("PREG_")).map((i) => i.key);
    expect(
      await transitionCourseAction(
        IDLE,
        form({ courseId: course.id, version: String(course.version), transition: "PAUSE", date: addDays(today, 20), reason: "Travel" }),
      ),
    ).toMatchObject({ status: "ok" });
    const after = (await getPatientMonitoring(CLINICIAN, p.id, today)).filter((i) => i.kind.startsWith("PREG_"));
    expect(after.map((i) => i.key).filter((k) => before.includes(k))).toEqual(before);
    // The pause starts 2026-12-13; its test is due 30 days after the last dose on 2026-12-12.
    expect(after.find((i) => i.kind === "PREG_POST_PAUSE")).toMatchObject({ dueDate: "2027-01-11", status: "NOT_DUE" });
    // The first monthly test (30 days after the test 2 days before the start) is overdue; waive it.
    const monthly = after.find((i) => i.kind === "PREG_MONTHLY")!;
    expect([monthly.dueDate, monthly.status]).toEqual(["2026-11-11", "OVERDUE"]);
    actAs(derm);
    expect(await waiveItemAction(IDLE, form({ patientId: p.id, itemKey: monthly.key, reason: "Tested at an outside lab" }))).toMatchObject({ status: "ok" });
    const next = (await getPatientMonitoring(CLINICIAN, p.id, today)).filter((i) => i.kind === "PREG_MONTHLY");
    expect(next.map((i) => [i.dueDate, i.status])).toEqual([
      ["2026-11-11", "WAIVED"],
      ["2026-12-11", "NOT_DUE"],
    ]);
    expect((await testDb().monitoringItemRow.findMany({ where: { patientId: p.id, kind: "PREG_MONTHLY" } })).length).toBe(2);
  });

  it("a clinic window of 3 days is obeyed by prescribing and monitoring alike; a looser one is refused", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    await pregnancyTest(p.id, addDays(today, -4), derm.id); // day 5 before today
    actAs(derm);
    const save = async (over: Record<string, string>) =>
      saveClinicSettingsAction(
        IDLE,
        await settingsForm({ kind: "PREGNANCY_PREVENTION", effectiveFrom: today, ...flatten(DEFAULT_PREGNANCY_SETTINGS), homeTestsOptIn: "false", ...over }),
      );
    expect(await save({ prescriptionWindowDays: "8" })).toMatchObject({ fieldErrors: { prescriptionWindowDays: expect.any(Array) } });
    expect(await save({ prescriptionWindowDays: "3" })).toMatchObject({ status: "ok" });
    try {
      const r = await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm));
      expect(r).toMatchObject({ fieldErrors: { pregnancy: [expect.stringContaining("(3-day window from the specimen date")] } });
      await pregnancyTest(p.id, addDays(today, -2), derm.id);
      expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
      const rxItem = (await getPatientMonitoring(CLINICIAN, p.id, today)).find((i) => i.kind === "PREG_PRESCRIPTION" && i.dueDate === today)!;
      expect(rxItem).toMatchObject({ status: "COMPLETED", completedOn: "2026-11-21" });
    } finally {
      await restoreDefaultSettings();
    }
  });
});

describe("the pregnancy overview's records, for clinical roles", () => {
  it("shows the dispense-by date of the latest prescription written, and none once it has passed", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    // The course's first prescription (30 days ago) is past its dispense-by date.
    const before = await getPregnancyOverview(CLINICIAN, p.id, today);
    expect(before!.category).toBe("CAN_BECOME_PREGNANT");
    expect(before!.dispenseBy).toBeNull();
    await pregnancyTest(p.id, addDays(today, -2), derm.id);
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, confirm))).toMatchObject({ status: "ok" });
    const latest = await rxWrittenOn(course.id, today);
    // Written today after a test two days ago: the 7-day window counts the specimen day as its first.
    expect(latest.dispenseBy).toBe(addDays(today, 4));
    const overview = await getPregnancyOverview({ role: "STAFF" }, p.id, today);
    expect(overview!.dispenseBy).toEqual({ prescriptionId: latest.id, date: addDays(today, 4) });
    expect(overview!.clinical).toBeNull();
    // A clinician's overview reads the date with the records, in the other statement: the same date.
    const clinical = await getPregnancyOverview(CLINICIAN, p.id, today);
    expect(clinical!.dispenseBy).toEqual({ prescriptionId: latest.id, date: addDays(today, 4) });
    expect(clinical!.clinical!.contraception.length).toBeGreaterThan(0);
  });

  it("shows the dispense-by date of the second course's latest prescription, not the ended first course's, though that one's has not passed", async () => {
    const { derm, p, course: first, confirm } = await patientOnCourse(addDays(today, -30));
    await pregnancyTest(p.id, addDays(today, -4), derm.id);
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(first.id), addDays(today, -3), confirm))).toMatchObject({ status: "ok" });
    const firstLast = await rxWrittenOn(first.id, addDays(today, -3));
    // The test 4 days ago is day 1 of its 7-day window: the first course's last prescription may be dispensed through today+2.
    expect(firstLast.dispenseBy).toBe(addDays(today, 2));
    expect(
      await transitionCourseAction(
        IDLE,
        form({ courseId: first.id, version: String((await fresh(first.id)).version), transition: "STOP", date: addDays(today, -3), reason: "Travel abroad" }),
      ),
    ).toMatchObject({ status: "ok" });
    // The course has ended, but its last prescription can still be dispensed: the overview shows it.
    expect(await dispenseByShown(p.id)).toEqual([
      { prescriptionId: firstLast.id, date: addDays(today, 2) },
      { prescriptionId: firstLast.id, date: addDays(today, 2) },
    ]);

    // A second course from today. The tests 55 and 32 days ago screen it (19 days or more before the confirmation
    // test, within 60 days); the test yesterday confirms it and opens the window of its first prescription.
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    expect(await callAction(() => startCourseAction(IDLE, courseForm(p.id, today, confirm)))).toEqual({ redirect: `/patients/${p.id}` });
    const second = await testDb().course.findFirstOrThrow({ where: { patientId: p.id, status: "ACTIVE" } });
    expect(second.id).not.toBe(first.id);
    const secondLast = await rxWrittenOn(second.id, today);
    // Yesterday's test is day 1: dispense through today+5.
    expect(secondLast.dispenseBy).toBe(addDays(today, 5));
    // Both courses' latest prescriptions are still current (today+2 and today+5): the one written last is shown, not
    // the first course's (nor whichever course's row the database returns first).
    expect(await dispenseByShown(p.id)).toEqual([
      { prescriptionId: secondLast.id, date: addDays(today, 5) },
      { prescriptionId: secondLast.id, date: addDays(today, 5) },
    ]);
  });

  it("no longer shows a voided prescription's dispense-by date: the previous prescription's while it is current, then none", async () => {
    const { derm, p, course, confirm } = await patientOnCourse(addDays(today, -30));
    await pregnancyTest(p.id, addDays(today, -4), derm.id);
    actAs(derm);
    expect(await writePrescriptionAction(IDLE, rxForm(await fresh(course.id), addDays(today, -3), confirm))).toMatchObject({ status: "ok" });
    await pregnancyTest(p.id, addDays(today, -1), derm.id);
    // The one written 3 days ago supplies 27 days past today: confirmed (lib/domain/dosing/prescription-checks.ts).
    const renewed = await sendConfirmed(
      async (ack) => writePrescriptionAction(IDLE, rxForm(await fresh(course.id), today, { ack, ...confirm })),
      ["EARLIER_SUPPLY_OUTLASTS_START"],
    );
    expect(renewed).toMatchObject({ status: "ok" });
    const earlier = await rxWrittenOn(course.id, addDays(today, -3));
    const latest = await rxWrittenOn(course.id, today);
    // Each window counts its test's specimen day as day 1 of 7: the test 4 days ago gives today+2, yesterday's today+5.
    expect([earlier.dispenseBy, latest.dispenseBy]).toEqual([addDays(today, 2), addDays(today, 5)]);
    expect(await dispenseByShown(p.id)).toEqual([
      { prescriptionId: latest.id, date: addDays(today, 5) },
      { prescriptionId: latest.id, date: addDays(today, 5) },
    ]);

    const voided = { status: "ok", message: "Entry marked as entered in error; it stays in the history, struck through." };
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: latest.id, reason: "Written for the wrong patient" }))).toEqual(voided);
    // The voided prescription keeps its date in the history; the one before it, still current, is shown.
    expect((await rxWrittenOn(course.id, today)).dispenseBy).toBe(addDays(today, 5));
    expect(await dispenseByShown(p.id)).toEqual([
      { prescriptionId: earlier.id, date: addDays(today, 2) },
      { prescriptionId: earlier.id, date: addDays(today, 2) },
    ]);
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: earlier.id, reason: "Duplicate entry" }))).toEqual(voided);
    // Left: the course's first prescription, 30 days ago after a test 32 days ago, dispensable through today-26: none.
    expect((await rxWrittenOn(course.id, addDays(today, -30))).dispenseBy).toBe(addDays(today, -26));
    expect(await dispenseByShown(p.id)).toEqual([null, null]);
  });

  it("lists contraception, counseling (the latest 12) and category changes newest first, with who recorded each", async () => {
    const nurse = await makeUser("NURSE");
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const db = testDb();
    const day = (n: number) => new Date(`${addDays(today, n)}T00:00:00Z`);
    await db.contraceptionRecord.createMany({
      data: [
        { patientId: p.id, method: "TWO_METHODS", methods: "Pill and condoms", startDate: day(-200), endDate: day(-100), recordedById: nurse.id },
        { patientId: p.id, method: "TWO_METHODS", methods: "IUD and condoms", startDate: day(-99), recordedById: nurse.id },
      ],
    });
    await db.pregnancyCounseling.createMany({
      data: Array.from({ length: 13 }, (_, i) => ({ patientId: p.id, counseledOn: day(-30 * i), confirmationNumber: `C-${i}`, recordedById: nurse.id })),
    });
    await db.pregnancyCategoryChange.create({
      data: { patientId: p.id, category: "CANNOT_BECOME_PREGNANT", effectiveFrom: day(-10), reason: "Hysterectomy", changedById: nurse.id },
    });

    const clinical = (await getPregnancyOverview(CLINICIAN, p.id, today))!.clinical!;
    expect(clinical.contraception.map((c) => [c.methods, c.startDate, c.endDate, c.by])).toEqual([
      ["IUD and condoms", addDays(today, -99), null, "Test NURSE"],
      ["Pill and condoms", addDays(today, -200), addDays(today, -100), "Test NURSE"],
    ]);
    expect(clinical.counseling.map((c) => c.confirmationNumber)).toEqual([
      "C-0",
      "C-1",
      "C-2",
      "C-3",
      "C-4",
      "C-5",
      "C-6",
      "C-7",
      "C-8",
      "C-9",
      "C-10",
      "C-11",
    ]);
    expect(clinical.categoryHistory[0]).toMatchObject({
      category: "CANNOT_BECOME_PREGNANT",
      effectiveFrom: addDays(today, -10),
      reason: "Hysterectomy",
      by: "Test NURSE",
    });
    expect(clinical.decisions).toEqual([]);
    expect(await getPregnancyOverview(CLINICIAN, randomUUID(), today)).toBeNull();
  });
});
