import { formatDate } from "@/lib/format";
import { withArticle } from "@/lib/articles";
import { TEST_SETTING_WORDS } from "@/lib/labels";
import { addDays, type IsoDate } from "../dates";
import {
  checkedAsCanBecomePregnant,
  checkedAsFirstPrescription,
  contraceptionCovers,
  contraceptionDocumentedSince,
  counseledWithin,
  dispenseByCanBecomePregnant,
  type CounselingRecord,
  type PregnancyHistory,
  type PregnancyTest,
} from "./history";
import { confirmingCounseling, contraceptionNotConfirmed } from "./contraception-confirmation";
import { heldBy, negatives, prescribingStoppedBy, screeningDaysBefore, testsSinceLatestPositive, windowTest } from "./pregnancy-tests";
import type { EffectiveRules, RulesOn, TestSetting } from "./rules";
import { testAlreadyUsed } from "./used-tests";

/** What the prescriber may confirm instead of being refused. */
export const PRESCRIBING_CONFIRMATION_CODES = ["HOME_TEST_IN_WINDOW"] as const;

export type PrescribingReasonCode =
  | (typeof PRESCRIBING_CONFIRMATION_CODES)[number]
  | "POSITIVE_TEST_UNDECIDED"
  | "LAB_RESULT_QUEUED"
  | "PREGNANCY_RESULT_UNREAD"
  | "POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE"
  | "NO_TEST_IN_WINDOW"
  | "TEST_ALREADY_USED"
  | "SCREENING_INCOMPLETE"
  | "MISSED_WINDOW_WAIT"
  | "CONTRACEPTION_NOT_DOCUMENTED"
  | "CONTRACEPTION_NOT_CONFIRMED"
  | "COUNSELING_NOT_RECORDED"
  | "SUPPLY_TOO_LONG"
  | "REFILLS_NOT_ALLOWED";

export interface PrescribingReason {
  code: PrescribingReasonCode;
  message: string;
}

export interface PrescribingDecision {
  outcome: "ALLOWED" | "NEEDS_CONFIRMATION" | "REFUSED";
  refusals: PrescribingReason[];
  /** Need the prescriber's explicit confirmation (by code). */
  confirmations: PrescribingReason[];
  /** The negative test the prescription relies on, for a patient who can become pregnant. */
  windowTest: PregnancyTest | null;
  /**
   * For a patient who can become pregnant, the counseling whose confirmation of the contraception in use it
   * rests on (the latest in the rule set's days before it: contraception-confirmation.ts); null otherwise.
   */
  confirmingCounseling: CounselingRecord | null;
  /** Last day the prescription may be dispensed; null where the rule set sets no limit. */
  dispenseBy: IsoDate | null;
  ruleSetName: string;
}

export interface PrescriptionRequest {
  courseId: string;
  date: IsoDate;
  /** The day it is entered (today). A back-dated prescription is judged on everything documented by then. */
  recordedOn?: IsoDate;
  daysSupply: number;
  refills: number;
}

const settingList = (s: readonly TestSetting[]) => s.map((x) => TEST_SETTING_WORDS[x]).join(" or ");

/** The course's prescriptions written on or before the request's date. */
const writtenBy = (h: PregnancyHistory, rx: PrescriptionRequest) =>
  (h.courses.find((c) => c.id === rx.courseId)?.prescriptions ?? []).filter((p) => p.writtenOn <= rx.date);

/** Is this the first prescription of its course (no prescription written on or before its date)? */
const isFirstOfCourse = (h: PregnancyHistory, rx: PrescriptionRequest) => writtenBy(h, rx).length === 0;

/**
 * Is this, for a patient who can become pregnant, the first prescription of its course? The first written
 * while she could: a course started while she could not gets the screening and the contraception lead
 * before its first prescription after the change, as a course started then would.
 */
const isFirstWhileCanBecomePregnant = (h: PregnancyHistory, rx: PrescriptionRequest) => !writtenBy(h, rx).some((p) => checkedAsFirstPrescription(h, p));

/**
 * Screening before the first prescription: the confirmation test is the window test; the screening tests
 * before it, each at least the spacing apart, within the lookback, in a setting allowed before treatment.
 */
function screeningGaps(h: PregnancyHistory, confirmation: PregnancyTest | null, rx: PrescriptionRequest, r: EffectiveRules): string | null {
  if (r.screeningTests <= 1) return null;
  const from = addDays(rx.date, -r.screeningLookbackDays);
  const have = Math.min(r.screeningTests - 1, screeningDaysBefore(h.tests, confirmation?.specimenDate ?? rx.date, rx.date, r)) + (confirmation ? 1 : 0);
  if (have >= r.screeningTests) return null;
  return (
    `${r.screeningTests} negative tests are needed before the first prescription (${r.name}): a screening test, then a confirmation test ` +
    `at least ${r.screeningSpacingDays} days later, in ${settingList(r.screeningSettings)}, since ${formatDate(from)}; ${have} ${have === 1 ? "qualifies" : "qualify"}.`
  );
}

/**
 * iPLEDGE (2021): when a first-prescription window closed unused, the next test waits the set number of
 * days after the previous test. A window was missed only where a first prescription could have been written on its test (a
 * setting allowed before treatment, the screening tests asked for before it); a screening test repeated too soon opened none.
 */
function missedWindowGap(h: PregnancyHistory, confirmation: PregnancyTest | null, rx: PrescriptionRequest, r: EffectiveRules): string | null {
  if (r.missedWindowWaitDays === null || !confirmation) return null;
  const couldConfirm = (t: PregnancyTest) =>
    r.screeningSettings.includes(t.setting) && screeningDaysBefore(h.tests, t.specimenDate, t.specimenDate, r) >= r.screeningTests - 1;
  const missed = negatives(h.tests)
    .filter((t) => t.specimenDate < confirmation.specimenDate && t.specimenDate >= addDays(rx.date, -r.screeningLookbackDays))
    .filter((t) => addDays(t.specimenDate, r.prescriptionWindowDays - 1) < rx.date && couldConfirm(t))
    .at(-1);
  if (!missed) return null;
  const allowedFrom = addDays(missed.specimenDate, r.missedWindowWaitDays);
  if (confirmation.specimenDate >= allowedFrom) return null;
  return (
    `The window of the test on ${formatDate(missed.specimenDate)} closed without a prescription: ` +
    `under ${r.name} the next test must be collected on or after ${formatDate(allowedFrom)}.`
  );
}

/**
 * May a prescription be written on `rx.date`? Pure: the caller passes everything, including this
 * month's counseling if the prescriber records it with the prescription.
 */
export function checkPrescription(history: PregnancyHistory, rx: PrescriptionRequest, rulesOn: RulesOn): PrescribingDecision {
  const r = rulesOn(rx.date);
  // What is documented by the day of entry counts, whatever date the prescription carries.
  const documented = rx.recordedOn && rx.recordedOn > rx.date ? rx.recordedOn : rx.date;
  const blocking = prescribingStoppedBy(history, documented, rulesOn);
  // Only tests after the latest positive or indeterminate one serve the window and the screening.
  const h = { ...history, tests: testsSinceLatestPositive(history.tests, documented) };
  const refusals: PrescribingReason[] = [];
  const confirmations: PrescribingReason[] = [];
  const counseledSince = (days: number) => counseledWithin(h.counseling, rx.date, days);
  const lastCounseling = h.counseling
    .filter((c) => c.date <= rx.date)
    .map((c) => c.date)
    .sort()
    .at(-1);
  const counselingMissing = (what: string) =>
    refusals.push({ code: "COUNSELING_NOT_RECORDED", message: `${what} is not recorded${lastCounseling ? ` (last on ${formatDate(lastCounseling)})` : ""}.` });

  for (const { test, decided } of blocking) {
    const what = `${test.result === "POSITIVE" ? "A positive" : "An indeterminate"} pregnancy test on ${formatDate(test.specimenDate)}`;
    refusals.push(
      decided
        ? { code: "POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE", message: `${what} has a documented decision, but no negative test has been collected since.` }
        : { code: "POSITIVE_TEST_UNDECIDED", message: `${what} has no documented dermatologist decision. Prescribing is stopped until one is recorded.` },
    );
  }
  for (const held of heldBy(history)) refusals.push({ code: held.code, message: held.message });
  // The stricter category of the prescription's date and the day of entry.
  const canBecomePregnant = checkedAsCanBecomePregnant(h, rx.date, documented);
  if (canBecomePregnant || r.supplyLimitsApplyTo === "ALL") {
    if (rx.daysSupply > r.maxDaysSupply)
      refusals.push({ code: "SUPPLY_TOO_LONG", message: `At most ${withArticle(`${r.maxDaysSupply}-day supply`)} (${r.name}).` });
    if (rx.refills > r.maxRefills)
      refusals.push({ code: "REFILLS_NOT_ALLOWED", message: r.maxRefills === 0 ? `No refills (${r.name}).` : `At most ${r.maxRefills} refills (${r.name}).` });
  }

  if (!canBecomePregnant) {
    const atEnrollment = r.cannotBecomePregnantCounseling === "ENROLLMENT";
    if (atEnrollment ? isFirstOfCourse(h, rx) && !counseledSince(r.counselingIntervalDays) : !counseledSince(r.counselingIntervalDays)) {
      counselingMissing(atEnrollment ? "Counseling at enrollment" : `Counseling in the ${r.counselingIntervalDays} days before this prescription`);
    }
    const dispenseBy = r.cannotBecomePregnantFillDays === null ? null : addDays(rx.date, r.cannotBecomePregnantFillDays - 1);
    return decide(refusals, confirmations, { test: null, confirmedAt: null }, dispenseBy, r);
  }

  const first = isFirstWhileCanBecomePregnant(h, rx);
  const allowed = first ? r.screeningSettings : r.treatmentSettings;
  const test = windowTest(h.tests, rx.date, r.prescriptionWindowDays, allowed);
  if (!test) {
    const elsewhere = windowTest(h.tests, rx.date, r.prescriptionWindowDays, ["LAB", "OFFICE", "HOME"]);
    const from = addDays(rx.date, -(r.prescriptionWindowDays - 1));
    refusals.push({
      code: "NO_TEST_IN_WINDOW",
      message:
        `No negative pregnancy test collected in ${settingList(allowed)} from ${formatDate(from)} to ${formatDate(rx.date)} ` +
        `(${r.prescriptionWindowDays}-day window from the specimen date, ${r.name}).` +
        (elsewhere
          ? ` The test on ${formatDate(elsewhere.specimenDate)} was done at ${TEST_SETTING_WORDS[elsewhere.setting]}, ` +
            `which does not count ${first ? "before treatment" : "here"}.`
          : ""),
    });
  } else {
    const used = testAlreadyUsed(h, test);
    if (used) refusals.push({ code: "TEST_ALREADY_USED", message: used });
    else if (test.setting === "HOME") {
      confirmations.push({
        code: "HOME_TEST_IN_WINDOW",
        message: `The test on ${formatDate(test.specimenDate)} is a home test: confirm it was verified under the clinic's procedure.`,
      });
    }
  }

  if (first) {
    const screening = screeningGaps(h, test, rx, r);
    if (screening) refusals.push({ code: "SCREENING_INCOMPLETE", message: screening });
    const missed = missedWindowGap(h, test, rx, r);
    if (missed) refusals.push({ code: "MISSED_WINDOW_WAIT", message: missed });
  }

  const from = first ? addDays(rx.date, -r.contraceptionLeadDays) : rx.date;
  if (!contraceptionCovers(h.contraception, from, rx.date)) {
    const current = contraceptionDocumentedSince(h.contraception, rx.date);
    refusals.push({
      code: "CONTRACEPTION_NOT_DOCUMENTED",
      message: first
        ? `Contraception (two methods or committed abstinence) must be documented from ${formatDate(from)}, ` +
          `${r.contraceptionLeadDays} days before the first prescription; ` +
          `${current ? `it is documented only from ${formatDate(current)}` : "none is documented"}.`
        : "Contraception (two methods or committed abstinence) in use today is not documented.",
    });
  }
  if (!counseledSince(r.counselingIntervalDays)) counselingMissing(`Counseling in the ${r.counselingIntervalDays} days before this prescription`);
  const confirmedAt = confirmingCounseling(h.contraception, h.counseling, rx.date, r.contraceptionConfirmationDays);
  if (!confirmedAt) refusals.push(contraceptionNotConfirmed(h, rx.date, r));

  return decide(refusals, confirmations, { test, confirmedAt }, test ? dispenseByCanBecomePregnant(test, rx.date, r) : null, r);
}

function decide(
  refusals: PrescribingReason[],
  confirmations: PrescribingReason[],
  restsOn: { test: PregnancyTest | null; confirmedAt: CounselingRecord | null },
  dispenseBy: IsoDate | null,
  r: EffectiveRules,
): PrescribingDecision {
  const outcome = refusals.length ? "REFUSED" : confirmations.length ? "NEEDS_CONFIRMATION" : "ALLOWED";
  return { outcome, refusals, confirmations, windowTest: restsOn.test, confirmingCounseling: restsOn.confirmedAt, dispenseBy, ruleSetName: r.name };
}
