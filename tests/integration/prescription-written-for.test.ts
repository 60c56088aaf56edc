import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { MedicationRequest } from "@medplum/fhirtypes";
import { changeDoseAction, transitionCourseAction, writePrescriptionAction } from "@/app/(portal)/patients/[patientId]/courses/actions";
import PrintSummaryPage from "@/app/(portal)/patients/[patientId]/print/page";
import { voidCourseEntryAction } from "@/app/(portal)/patients/[patientId]/record-correction-actions";
import { getPatientTreatment } from "@/lib/data/treatment";
import { patientResourcesOfType } from "@/lib/fhir/record";
import { IDLE } from "@/lib/validation/action-result";
import { fhirIssues } from "../fhir-validator";
import { courseVersion, startCourseFor, startedAlternateDayCourse } from "./course-fixture";
import { sendConfirmed } from "./confirmations";
import { actAs, CLINICIAN, form, makePatient, makeUser, testDb, TODAY } from "./helpers";

/**
 * A prescription records, when it is written, the regimen version it was written for, whether it set that version, and
 * the day the version's pattern counts from; what it dispenses reads them, on the course card, the printed summary and
 * the FHIR MedicationRequest, whatever the course's versions say later. Today is Mon 23 Nov 2026.
 */
const RX = { product: "CLARAVIS", capsuleStrengthMg: "20", daysSupply: "30", refills: "0", intakesPerDay: "1", counseled: "on" };
const VOIDED = "Entry marked as entered in error; it stays in the history, struck through.";
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const stored = async (id: string) => {
  const rx = await testDb().prescription.findUniqueOrThrow({ where: { id } });
  return { writtenForId: rx.writtenForId, setsRegimen: rx.setsRegimen, patternAnchor: rx.patternAnchor?.toISOString().slice(0, 10) ?? null };
};
const rxOn = (courseId: string, writtenOn: string) => testDb().prescription.findFirstOrThrow({ where: { courseId, writtenOn: day(writtenOn) } });
const versionOf = (courseId: string, effectiveFrom: string, mg: number) =>
  testDb().doseChange.findFirstOrThrow({ where: { courseId, effectiveFrom: day(effectiveFrom), mgPerIntake: mg } });

async function prescribe(courseId: string, writtenOn: string, over: Record<string, string>) {
  const send = async (ack: string[]) =>
    writePrescriptionAction(
      IDLE,
      form({ courseId, version: await courseVersion(courseId), writtenOn, ...RX, pattern: "DAILY", reason: "Visit", ...over, ack }),
    );
  expect(await sendConfirmed(send, ["PRESCRIPTION_CHANGES_REGIMEN", "EARLIER_SUPPLY_OUTLASTS_START", "PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE"])).toMatchObject({
    status: "ok",
  });
  return rxOn(courseId, writtenOn);
}

const changeDose = async (courseId: string, over: Record<string, string>) => {
  const send = async (ack: string[]) =>
    changeDoseAction(IDLE, form({ courseId, version: await courseVersion(courseId), reason: "Dose", intakesPerDay: "1", pattern: "DAILY", ...over, ack }));
  expect(await sendConfirmed(send, ["PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE"])).toMatchObject({ status: "ok" });
};

/** The prescription lines of the course card: text and what one fill dispenses, by id. */
const card = async (patientId: string) =>
  Object.fromEntries(
    (await getPatientTreatment(CLINICIAN, patientId, TODAY)).courses[0]!.timeline.flatMap((e) =>
      e.kind === "prescription" ? [[e.id, { text: e.text, dispense: e.dispense }]] : [],
    ),
  );
const request = async (patientId: string, rxId: string) => {
  const all = (await patientResourcesOfType(CLINICIAN, patientId, "MedicationRequest", TODAY)) as MedicationRequest[];
  const found = all.find((r) => r.id === `rx-${rxId}`)!;
  expect(fhirIssues(found)).toEqual([]);
  return found;
};

/** 40 mg daily from 24 Oct 2026 at 60 kg, started by a dermatologist still signed in. */
async function dailyCourseFrom24Oct() {
  actAs(await makeUser("DERMATOLOGIST"));
  const patient = await makePatient();
  await startCourseFor(patient.id, { startDate: "2026-10-24", startWeightKg: "60", mgPerIntake: "40" });
  const course = await testDb().course.findFirstOrThrow({ where: { patientId: patient.id } });
  return { patient, course };
}

describe("what a prescription records when it is written", () => {
  it("the course start's: the starting version, set by it; one at the same dose: that version, not set; one that changes the dose: its new version", async () => {
    const { course } = await dailyCourseFrom24Oct();
    const start = await versionOf(course.id, "2026-10-24", 40);
    expect(await stored((await rxOn(course.id, "2026-10-24")).id)).toEqual({ writtenForId: start.id, setsRegimen: true, patternAnchor: "2026-10-24" });
    const same = await prescribe(course.id, "2026-11-20", { mgPerIntake: "40" });
    expect(await stored(same.id)).toEqual({ writtenForId: start.id, setsRegimen: false, patternAnchor: "2026-10-24" });
    const raised = await prescribe(course.id, TODAY, { mgPerIntake: "60" });
    const set = await versionOf(course.id, TODAY, 60);
    expect(set.prescriptionId).toBe(raised.id);
    expect(await stored(raised.id)).toEqual({ writtenForId: set.id, setsRegimen: true, patternAnchor: TODAY });
  });

  it("every other day, resumed on 4 Nov after a pause: its pattern counts from the resume, and still does once that pause is voided", async () => {
    const { patient, course } = await startedAlternateDayCourse();
    const transition = async (transition: string, date: string) =>
      expect(
        await transitionCourseAction(IDLE, form({ courseId: course.id, version: await courseVersion(course.id), transition, date, reason: "Dry lips" })),
      ).toMatchObject({ status: "ok" });
    await transition("PAUSE", "2026-11-01");
    await transition("RESUME", "2026-11-04");
    const rx = await prescribe(course.id, TODAY, { mgPerIntake: "20", pattern: "EVERY_N_DAYS", everyNDays: "2", daysSupply: "7" });
    expect((await stored(rx.id)).patternAnchor).toBe("2026-11-04");
    // From 4 Nov, 23 Nov is day 19: doses on 24, 26 and 28 Nov in the 7 days (from 24 Oct it would be 23, 25, 27, 29).
    expect((await card(patient.id))[rx.id]!.dispense).toBe("3 × 20 mg capsules (7 days)");
    const pause = await testDb().coursePause.findFirstOrThrow({ where: { courseId: course.id } });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PAUSE", entryId: pause.id, reason: "Recorded on the wrong course" }))).toMatchObject({
      status: "ok",
    });
    expect((await card(patient.id))[rx.id]!.dispense).toBe("3 × 20 mg capsules (7 days)");
    expect((await request(patient.id, rx.id)).dispenseRequest!.quantity!.value).toBe(3);
  });
});

describe("a later correction or void of the course's dose versions", () => {
  it("the starting regimen of 20 mg every other day corrected to daily: its first prescription still dispenses 15 capsules, written for every other day", async () => {
    const { patient, course } = await startedAlternateDayCourse();
    const rx = await rxOn(course.id, "2026-10-24");
    const start = await versionOf(course.id, "2026-10-24", 20);
    // Its supply ended on 22 Nov: the correction asks nothing of it.
    const correction = { effectiveFrom: "2026-10-24", supersedesId: start.id, mgPerIntake: "20", pattern: "DAILY", reason: "Was daily" };
    const corrected = await changeDoseAction(IDLE, form({ courseId: course.id, version: await courseVersion(course.id), intakesPerDay: "1", ...correction }));
    expect(corrected).toMatchObject({ status: "ok" });
    expect((await card(patient.id))[rx.id]).toEqual({
      text: "Claravis 20 mg capsules, 30-day supply, no refills; per intake 1 × 20 mg; written for 20 mg every other day",
      dispense: "15 × 20 mg capsules (30 days)",
    });
    const fhir = await request(patient.id, rx.id);
    expect(fhir.dispenseRequest!.quantity!.value).toBe(15);
    expect(fhir.dosageInstruction![0]!.text).toContain("every other day");
    actAs(await makeUser("NURSE"));
    const html = renderToStaticMarkup(await PrintSummaryPage({ params: Promise.resolve({ patientId: patient.id }) }));
    expect(html).toContain("written for 20 mg every other day");
    expect(html).toContain("Dispense: 15 × 20 mg capsules (30 days)");
  });

  it("the 60 mg a prescription was written for voided: it still dispenses 90 capsules of 20 mg, written for 60 mg daily", async () => {
    const { patient, course } = await dailyCourseFrom24Oct();
    await changeDose(course.id, { effectiveFrom: "2026-11-01", mgPerIntake: "60" });
    const raised = await versionOf(course.id, "2026-11-01", 60);
    const rx = await prescribe(course.id, "2026-11-20", { mgPerIntake: "60" });
    expect(await stored(rx.id)).toEqual({ writtenForId: raised.id, setsRegimen: false, patternAnchor: "2026-11-01" });
    const voidIt = (ack: string[]) => voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: raised.id, reason: "Never raised", ack }));
    expect(await sendConfirmed(voidIt, ["PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE"])).toMatchObject({ status: "ok" });
    expect((await card(patient.id))[rx.id]).toEqual({
      text: "Claravis 20 mg capsules, 30-day supply, no refills; per intake 3 × 20 mg; written for 60 mg daily",
      dispense: "90 × 20 mg capsules (30 days)",
    });
    const fhir = await request(patient.id, rx.id);
    expect(fhir.dispenseRequest!.quantity!.value).toBe(90);
    expect(fhir.dosageInstruction![0]!.doseAndRate![0]!.doseQuantity!.value).toBe(60);
    // The regimen on its start date is the one it was written for again: no "written for".
    const first = await rxOn(course.id, "2026-10-24");
    expect((await card(patient.id))[first.id]!.text).toBe("Claravis 20 mg capsules, 30-day supply, no refills; per intake 2 × 20 mg");
  });
});

describe("voiding a prescription", () => {
  it("a dose change made later, merely based on it, is not reported as the dose change it made", async () => {
    const { course } = await dailyCourseFrom24Oct();
    const rx = await prescribe(course.id, "2026-11-20", { mgPerIntake: "40" });
    await changeDose(course.id, { effectiveFrom: "2026-11-22", mgPerIntake: "30" });
    expect((await versionOf(course.id, "2026-11-22", 30)).prescriptionId).toBe(rx.id);
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered twice" }))).toEqual({
      status: "ok",
      message: VOIDED,
    });
  });

  it("the dose change it set, corrected since to 50 mg from 21 Nov: reported as it stands, from its corrected date", async () => {
    const { course } = await dailyCourseFrom24Oct();
    const rx = await prescribe(course.id, "2026-11-20", { mgPerIntake: "60" });
    const set = await versionOf(course.id, "2026-11-20", 60);
    await changeDose(course.id, { effectiveFrom: "2026-11-21", mgPerIntake: "50", supersedesId: set.id });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered twice" }))).toEqual({
      status: "ok",
      message: `${VOIDED} The dose change this prescription made from 21 Nov 2026 still stands: void it too if it was entered in error.`,
    });
  });

  it("the dose change it set, voided since: nothing left to report", async () => {
    const { course } = await dailyCourseFrom24Oct();
    const rx = await prescribe(course.id, "2026-11-20", { mgPerIntake: "60" });
    const set = await versionOf(course.id, "2026-11-20", 60);
    const voidIt = (ack: string[]) => voidCourseEntryAction(IDLE, form({ kind: "DOSE", entryId: set.id, reason: "Never raised", ack }));
    expect(await sendConfirmed(voidIt, ["PRESCRIPTION_WRITTEN_FOR_OTHER_DOSE"])).toMatchObject({ status: "ok" });
    expect(await voidCourseEntryAction(IDLE, form({ kind: "PRESCRIPTION", entryId: rx.id, reason: "Entered twice" }))).toEqual({
      status: "ok",
      message: VOIDED,
    });
  });
});
