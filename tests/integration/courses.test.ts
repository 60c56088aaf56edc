import { describe, expect, it } from "vitest";
import {
  changeDoseAction,
  recordMissedDoseAction,
  recordWeightAction,
  startCourseAction,
  transitionCourseAction,
  writePrescriptionAction,
} from "@/app/(portal)/patients/[patientId]/courses/actions";
import { addDays } from "@/lib/domain/dates";
import { getPatientTreatment } from "@/lib/data/treatment";
import { IDLE } from "@/lib/validation/action-result";
import { sendConfirmed, tokenFor } from "./confirmations";
import { actAs, callAction, readyForFirstPrescription, countRows, form, makePatient, makeUser, testDb, TODAY, CLINICIAN } from "./helpers";

const today = TODAY;

function startForm(patientId: string, over: Record<string, string | string[]> = {}) {
  return form({
    patientId,
    indication: "ACNE_NODULAR",
    regimenIntent: "MICRO_DOSE",
    startDate: addDays(today, -70),
    targetMgPerKg: "120",
    startWeightKg: "60",
    product: "ISOTRETINOIN_5MG",
    capsuleStrengthMg: "5",
    daysSupply: "30",
    refills: "0",
    mgPerIntake: "5",
    intakesPerDay: "1",
    pattern: "DAILY",
    counseled: "on",
    ...over,
  });
}

async function startCourse(patientId: string, over: Record<string, string | string[]> = {}) {
  const result = await callAction(() => startCourseAction(IDLE, startForm(patientId, over)));
  expect(result).toEqual({ redirect: `/patients/${patientId}` });
  return testDb().course.findFirstOrThrow({ where: { patientId }, orderBy: { createdAt: "desc" } });
}

describe("course actions", () => {
  it("a dermatologist enters a back-dated micro-dose course; the engine counts it", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    const course = await startCourse(p.id);
    expect(course.startWeightGrams).toBe(60_000);
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    // 5 mg daily from today-70 to today inclusive = 71 days = 355 mg
    expect(t.courses[0]!.summary.totalMg).toBe(355);
    const audit = await testDb().auditEvent.findFirstOrThrow({ where: { action: "course.start", entityId: course.id } });
    expect(audit.actorId).toBe(derm.id);
  });

  it.each(["NURSE", "STAFF", "ADMIN"] as const)("a %s cannot prescribe or change a dose, and nothing is written", async (role) => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient();
    const course = await startCourse(p.id);
    actAs(await makeUser(role));
    const before = await countRows();
    const attempts = [
      () => startCourseAction(IDLE, startForm(p.id)),
      () =>
        changeDoseAction(
          IDLE,
          form({ courseId: course.id, version: String(course.version), effectiveFrom: today, reason: "x", mgPerIntake: "10", pattern: "DAILY" }),
        ),
      () =>
        writePrescriptionAction(
          IDLE,
          form({
            courseId: course.id,
            version: String(course.version),
            writtenOn: today,
            product: "CLARAVIS",
            capsuleStrengthMg: "10",
            daysSupply: "30",
            mgPerIntake: "10",
            pattern: "DAILY",
          }),
        ),
      () => transitionCourseAction(IDLE, form({ courseId: course.id, version: String(course.version), transition: "STOP", date: today, reason: "x" })),
      () => recordMissedDoseAction(IDLE, form({ courseId: course.id, version: String(course.version), date: today })),
    ];
    for (const attempt of attempts)
      expect(await callAction(attempt)).toEqual({ state: { status: "error", message: "You do not have permission to do this." } });
    expect(await countRows()).toEqual(before);
  });

  it("refuses above 2 mg/kg/day, asks confirmation above 1, and records the confirmation", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const base = { product: "CLARAVIS", capsuleStrengthMg: "40", regimenIntent: "STANDARD" };
    expect(await callAction(() => startCourseAction(IDLE, startForm(p.id, { ...base, mgPerIntake: "160" })))).toMatchObject({
      state: { status: "error", fieldErrors: { mgPerIntake: [expect.stringContaining("above 2 mg/kg/day")] } },
    });
    expect(await callAction(() => startCourseAction(IDLE, startForm(p.id, { ...base, mgPerIntake: "80" })))).toMatchObject({
      state: { status: "confirm", warnings: [{ code: "DAILY_EQUIVALENT_ABOVE_1_MG_KG" }] },
    });
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(0);
    // 80 mg daily at 60 kg.
    const course = await startCourse(p.id, {
      ...base,
      mgPerIntake: "80",
      ack: tokenFor("DAILY_EQUIVALENT_ABOVE_1_MG_KG", "Daily-equivalent dose is 1.33 mg/kg/day, above 1 mg/kg/day."),
    });
    const dc = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id } });
    expect(dc.acknowledgedWarnings).toEqual(["DAILY_EQUIVALENT_ABOVE_1_MG_KG"]);
  });

  it("refuses a prescription whose dose is not whole capsules of its strength, and a strength the product lacks, writing nothing", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const fieldError = async (over: Record<string, string>) =>
      (
        (await callAction(() => startCourseAction(IDLE, startForm(p.id, { product: "CLARAVIS", ...over })))) as {
          state: { fieldErrors?: Record<string, string[]> };
        }
      ).state.fieldErrors;
    // 25 mg: no Claravis strength (10, 20, 30, 40 mg) makes it whole.
    expect(await fieldError({ capsuleStrengthMg: "20", mgPerIntake: "25" })).toEqual({
      capsuleStrengthMg: ["25 mg is not whole capsules of any one strength of this product (10, 20, 30, 40 mg): a prescription dispenses one strength."],
    });
    // 30 mg on 20 mg capsules: the prescription would name 20 mg and dispense 30 mg or 10 + 20 mg capsules.
    expect(await fieldError({ capsuleStrengthMg: "20", mgPerIntake: "30" })).toEqual({
      capsuleStrengthMg: ["30 mg is not whole 20 mg capsules: write it on 10 or 30 mg capsules."],
    });
    expect(await fieldError({ capsuleStrengthMg: "25", mgPerIntake: "25" })).toEqual({ capsuleStrengthMg: ["Claravis comes in 10, 20, 30, 40 mg capsules."] });
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(0);
  });

  it("applies the pregnancy-prevention rules to a patient who can become pregnant, listing what is missing", async () => {
    const derm = await makeUser("DERMATOLOGIST");
    actAs(derm);
    const p = await makePatient({ pregnancyCategory: "CAN_BECOME_PREGNANT" });
    const start = addDays(today, -70);
    const refused = async (over: Record<string, string>) => {
      const r = await callAction(() => startCourseAction(IDLE, startForm(p.id, over)));
      expect(r).toMatchObject({ state: { status: "error", fieldErrors: { pregnancy: expect.any(Array) } } });
      return (r as unknown as { state: { fieldErrors: { pregnancy: string[] } } }).state.fieldErrors.pregnancy.join(" | ");
    };
    const nothing = await refused({});
    expect(nothing).toContain("No negative pregnancy test collected in a laboratory");
    expect(nothing).toContain("2 negative tests are needed before the first prescription");
    expect(nothing).toContain("Contraception (two methods or committed abstinence) must be documented");
    expect(nothing).toContain("Record counseling with the contraception confirmed with the patient");
    const confirm = await readyForFirstPrescription(p.id, start, derm.id);
    // The supply and refill limits are refused on their own fields, the rest of the rules being met.
    const onField = async (over: Record<string, string>) =>
      ((await callAction(() => startCourseAction(IDLE, startForm(p.id, over)))) as { state: { fieldErrors?: Record<string, string[]> } }).state;
    expect(await onField({ daysSupply: "31", refills: "1", ...confirm })).toMatchObject({
      status: "error",
      fieldErrors: {
        daysSupply: ["At most a 30-day supply (iPLEDGE REMS with the 2026 modification)."],
        refills: ["No refills (iPLEDGE REMS with the 2026 modification)."],
      },
    });
    expect((await onField({ daysSupply: "31", ...confirm })).fieldErrors).toEqual({
      daysSupply: ["At most a 30-day supply (iPLEDGE REMS with the 2026 modification)."],
    });
    expect(await refused({ counseled: "" })).toBe(
      "Counseling in the 30 days before this prescription is not recorded. | Record counseling with the contraception confirmed with the patient: " +
        "no counseling in the 30 days before this prescription confirmed contraception in use on 14 Sep 2026.",
    );
    expect(await refused({})).toBe(
      "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 14 Sep 2026.",
    );
    expect(await testDb().course.count({ where: { patientId: p.id } })).toBe(0);
    const course = await startCourse(p.id, { confirmationNumber: "IP-778812", ...confirm });
    const rx = await testDb().prescription.findFirstOrThrow({ where: { courseId: course.id } });
    // The laboratory test 2 days before the start (2026-09-12) opens the window: day 1 + 6.
    expect(rx.dispenseBy?.toISOString().slice(0, 10)).toBe("2026-09-18");
    expect(await testDb().pregnancyCounseling.count({ where: { patientId: p.id, confirmationNumber: "IP-778812", ...confirm } })).toBe(1);
  });

  it("two dermatologists changing the same course at once: one wins, one gets a conflict, nothing double-counted", async () => {
    const [d1, d2] = [await makeUser("DERMATOLOGIST"), await makeUser("DERMATOLOGIST")];
    actAs(d1);
    const p = await makePatient();
    const course = await startCourse(p.id);
    const change = (user: typeof d1, mg: string) => {
      actAs(user);
      return changeDoseAction(
        IDLE,
        form({
          courseId: course.id,
          version: String(course.version),
          effectiveFrom: addDays(today, -10),
          reason: "Titration",
          mgPerIntake: mg,
          pattern: "DAILY",
          product: "x",
        }),
      );
    };
    const results = await Promise.all([change(d1, "10"), change(d2, "15")]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual(["error", "ok"]);
    const loser = results.find((r) => r.status === "error")!;
    expect(loser).toMatchObject({ message: expect.stringContaining("changed by someone else") });
    const versions = await testDb().doseChange.findMany({ where: { courseId: course.id } });
    expect(versions).toHaveLength(2);
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    const winnerMg = versions.find((v) => v.reason === "Titration")!.mgPerIntake;
    // 60 days of 5 mg, then 11 days of the winner's dose
    expect(t.courses[0]!.summary.totalMg).toBe(60 * 5 + 11 * winnerMg);
  });

  it("a correction supersedes the entry it corrects, which stays in the history", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const course = await startCourse(p.id);
    const first = await testDb().doseChange.findFirstOrThrow({ where: { courseId: course.id } });
    const r = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: String(course.version),
        effectiveFrom: first.effectiveFrom.toISOString().slice(0, 10),
        reason: "Entered 5, was 10",
        mgPerIntake: "10",
        pattern: "DAILY",
        supersedesId: first.id,
        // The course's first prescription, of 14 Sep, was written for 5 mg daily; its supply has ended, so
        // the correction asks nothing of it.
      }),
    );
    expect(r).toMatchObject({ status: "ok" });
    expect(await testDb().doseChange.count({ where: { courseId: course.id } })).toBe(2);
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    expect(t.courses[0]!.summary.totalMg).toBe(71 * 10);
    expect(t.courses[0]!.timeline.filter((e) => e.kind === "dose" && e.superseded)).toHaveLength(1);
    // Correcting the same entry twice is a conflict, not a fork.
    const again = await changeDoseAction(
      IDLE,
      form({
        courseId: course.id,
        version: String(course.version + 1),
        effectiveFrom: first.effectiveFrom.toISOString().slice(0, 10),
        reason: "again",
        mgPerIntake: "20",
        pattern: "DAILY",
        supersedesId: first.id,
      }),
    );
    expect(again).toMatchObject({ status: "error" });
  });

  it("pauses, resumes and completes; paused days count zero; invalid transitions are refused", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    let course = await startCourse(p.id);
    const step = async (transition: string, date: string) => {
      const r = await sendConfirmed(
        (ack) => transitionCourseAction(IDLE, form({ ack, courseId: course.id, version: String(course.version), transition, date, reason: "clinical" })),
        ["COMPLETED_BELOW_TARGET"],
      );
      course = await testDb().course.findUniqueOrThrow({ where: { id: course.id } });
      return r;
    };
    expect(await step("RESUME", addDays(today, -5))).toMatchObject({ status: "error" });
    expect(await step("PAUSE", addDays(today, -50))).toMatchObject({ status: "ok" });
    expect(course.status).toBe("PAUSED");
    expect(await step("RESUME", addDays(today, -36))).toMatchObject({ status: "ok" });
    expect(await step("COMPLETE", addDays(today, -1))).toMatchObject({ status: "ok" });
    expect(course.status).toBe("COMPLETED");
    const t = await getPatientTreatment(CLINICIAN, p.id, today);
    // 70 days from start to yesterday, minus 14 paused = 56 days x 5 mg
    expect(t.courses[0]!.summary.totalMg).toBe(280);
    expect(
      await changeDoseAction(
        IDLE,
        form({ courseId: course.id, version: String(course.version), effectiveFrom: addDays(today, -2), reason: "x", mgPerIntake: "10", pattern: "DAILY" }),
      ),
    ).toMatchObject({ status: "error" });
  });

  it("a missed dose counts zero and counts once", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    let course = await startCourse(p.id);
    const miss = async () => {
      const r = await recordMissedDoseAction(IDLE, form({ courseId: course.id, version: String(course.version), date: addDays(today, -3) }));
      course = await testDb().course.findUniqueOrThrow({ where: { id: course.id } });
      return r;
    };
    expect(await miss()).toMatchObject({ status: "ok" });
    expect(await miss()).toMatchObject({ status: "error", fieldErrors: { date: expect.any(Array) } });
    expect((await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.summary.totalMg).toBe(350);
  });

  it("a missed dose cannot be dated after the clinic's today; today itself can", async () => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const course = await startCourse(p.id);
    const miss = (date: string) => recordMissedDoseAction(IDLE, form({ courseId: course.id, version: String(course.version), date }));
    expect(await miss(addDays(today, 1))).toMatchObject({ status: "error", fieldErrors: { date: ["A missed dose cannot be dated in the future."] } });
    expect(await testDb().missedDose.count({ where: { courseId: course.id } })).toBe(0);
    expect((await testDb().course.findUniqueOrThrow({ where: { id: course.id } })).version).toBe(course.version);
    // 5 mg daily from today-70 through today: 71 days x 5 mg = 355 mg, no day missed.
    expect((await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.summary.totalMg).toBe(355);
    expect(await miss(today)).toMatchObject({ status: "ok" });
    // Today missed: 70 days x 5 mg = 350 mg.
    expect((await getPatientTreatment(CLINICIAN, p.id, today)).courses[0]!.summary.totalMg).toBe(350);
  });

  it("nurses record weights; staff cannot", async () => {
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: today, weightKg: "61.5" }))).toMatchObject({ status: "ok" });
    expect((await testDb().weightMeasurement.findFirstOrThrow({ where: { patientId: p.id } })).weightGrams).toBe(61_500);
    actAs(await makeUser("STAFF"));
    expect(await recordWeightAction(IDLE, form({ patientId: p.id, measuredOn: today, weightKg: "70" }))).toMatchObject({ status: "error" });
    expect(await testDb().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
  });

  it("a weight far from the nearest recorded one (typed in pounds) is saved only once confirmed; the message repeats what was saved", async () => {
    const p = await makePatient();
    actAs(await makeUser("NURSE"));
    const record = (weightKg: string, measuredOn: string, ack?: string) =>
      recordWeightAction(IDLE, form({ patientId: p.id, measuredOn, weightKg, ...(ack ? { ack } : {}) }));
    // Nothing recorded yet: nothing to compare with.
    expect(await record("67", "2026-11-15")).toEqual({ status: "ok", message: "Weight 67 kg recorded for 15 Nov 2026." });
    // 148 "kg" is 148 lb: asked, nothing written, the values kept for the form.
    const asked = await record("148", today);
    expect(asked).toMatchObject({
      status: "confirm",
      warnings: [{ code: "WEIGHT_FAR_FROM_RECORDED", message: "148 kg is far from the 67 kg recorded on 15 Nov 2026: check it is in kg, not pounds." }],
      values: { weightKg: "148" },
    });
    expect(await testDb().weightMeasurement.count({ where: { patientId: p.id } })).toBe(1);
    // 80.4 kg is a fifth more than 67 kg: not asked (on another day: a day that has a weight asks first).
    expect(await record("80.4", "2026-11-20")).toMatchObject({ status: "ok" });
    // The confirmation of the question asked is not one of the question now: the nearest weight is 80.4 kg.
    const far = (kg: string, on: string) =>
      tokenFor("WEIGHT_FAR_FROM_RECORDED", `148 kg is far from the ${kg} kg recorded on ${on}: check it is in kg, not pounds.`);
    expect(await record("148", today, far("67", "15 Nov 2026"))).toMatchObject({
      status: "confirm",
      warnings: [{ code: "WEIGHT_FAR_FROM_RECORDED", message: "148 kg is far from the 80.4 kg recorded on 20 Nov 2026: check it is in kg, not pounds." }],
    });
    // Confirmed as it reads now: saved as typed.
    expect(await record("148", today, far("80.4", "20 Nov 2026"))).toEqual({ status: "ok", message: "Weight 148 kg recorded for 23 Nov 2026." });
    expect((await testDb().weightMeasurement.findMany({ where: { patientId: p.id }, orderBy: { enteredAt: "asc" } })).map((w) => w.weightGrams)).toEqual([
      67_000, 80_400, 148_000,
    ]);
    // A confirmation of anything else is not one.
    expect(await record("30", today, "SOMETHING_ELSE")).toMatchObject({ status: "error" });
    expect(await record("30", today, "WEIGHT_FAR_FROM_RECORDED")).toMatchObject({ status: "error", fieldErrors: { ack: [expect.any(String)] } });
  });

  it.each<Record<string, string | string[]>>([
    { mgPerIntake: "NaN" },
    { mgPerIntake: "-5" },
    { mgPerIntake: "Infinity" },
    { mgPerIntake: "1e3" },
    { mgPerIntake: "2.5" },
    { startDate: "2026-02-30" },
    { pattern: "EVERY_N_DAYS", everyNDays: "" },
    { pattern: "WEEKDAYS" },
    { pattern: "WEEKDAYS", weekdays: ["9"] },
    { startWeightKg: "0" },
    { patientId: "'; DROP TABLE patients; --" },
  ])("rejects %o without writing", async (over) => {
    actAs(await makeUser("DERMATOLOGIST"));
    const p = await makePatient();
    const before = await countRows();
    const r = await callAction(() => startCourseAction(IDLE, startForm(p.id, over)));
    expect(r).toMatchObject({ state: { status: "error", fieldErrors: expect.any(Object) } });
    expect(await countRows()).toEqual(before);
  });
});
