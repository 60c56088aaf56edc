import { formatDate } from "@/lib/format";
import { TEST_SETTING_WORDS } from "@/lib/labels";
import { addDays, daysBetween, type IsoDate } from "../dates";
import { confirmingCounseling } from "./contraception-confirmation";
import { categoryOn, contraceptionDocumentedSince, type PregnancyHistory } from "./history";
import type { PrescribingDecision, PrescribingReasonCode } from "./prescribing";
import { screeningOf, screeningTestsBefore, testsSinceLatestPositive } from "./pregnancy-tests";
import { checkFirstPrescription, EARLIEST_HORIZON_DAYS, earliestDay, rememberedRules, type TestPlan } from "./pretreatment-earliest";
import type { RulesOn, TestSetting } from "./rules";

/**
 * "Before the first prescription": for a patient who can become pregnant with no course in progress (none
 * started, or all ended: a new course's first prescription is held to the same again), what the prescribing
 * check asks of a first prescription written today, line by line, ticked or not. Each line is ticked exactly
 * when the check (checkPrescription, for a new course today) raises none of its reasons, so every line is
 * ticked exactly when that prescription would be allowed. The one line no reason belongs to, the screening
 * test (where the rule set asks for two tests), is ticked once a test that can serve as one is on file; the
 * confirmation test's line carries the tests' reasons, so it is ticked only when the check passes both.
 * The dates shown come from the same rule functions, and each day ahead from the check itself, asked about
 * that day (pretreatment-earliest.ts).
 */

export type ChecklistLineKey = "NOT_STOPPED" | "SCREENING_TEST" | "CONFIRMATION_TEST" | "CONTRACEPTION" | "COUNSELING" | "CONTRACEPTION_CONFIRMED";

export interface ChecklistLine {
  key: ChecklistLineKey;
  label: string;
  done: boolean;
  /** The day it was done: a test's specimen date, the day contraception is documented from, the counseling's day (the confirming one's). */
  date: IsoDate | null;
  /** What is done, or what is missing, in words. */
  detail: string;
  /** The prescribing check's own reasons, word for word, while it is not done. */
  reasons: string[];
  /** Not done: the earliest day a first prescription could be written because of this line (the others done by then). */
  earliest: IsoDate | null;
}

export interface PretreatmentChecklist {
  ruleSetName: string;
  /** The patient had a course before: this is the first prescription of a new one. */
  newCourse: boolean;
  lines: ChecklistLine[];
  /** Every line ticked: a first prescription could be written today. */
  ready: boolean;
  /** The earliest day a first prescription could be written if everything else is done in time (today when ready). */
  earliest: IsoDate | null;
  /** Prescribing is stopped until a dermatologist reviews a test or a laboratory's result: no day can be given. */
  waitsForReview: boolean;
}

/**
 * The line each reason of the check belongs to. Every reason has its place, so that no refusal goes unseen;
 * the supply and refill limits have none: the prescription asked about keeps within them.
 */
const LINE_OF: Record<PrescribingReasonCode, ChecklistLineKey | null> = {
  POSITIVE_TEST_UNDECIDED: "NOT_STOPPED",
  POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE: "NOT_STOPPED",
  LAB_RESULT_QUEUED: "NOT_STOPPED",
  PREGNANCY_RESULT_UNREAD: "NOT_STOPPED",
  NO_TEST_IN_WINDOW: "CONFIRMATION_TEST",
  TEST_ALREADY_USED: "CONFIRMATION_TEST",
  SCREENING_INCOMPLETE: "CONFIRMATION_TEST",
  MISSED_WINDOW_WAIT: "CONFIRMATION_TEST",
  HOME_TEST_IN_WINDOW: "CONFIRMATION_TEST",
  CONTRACEPTION_NOT_DOCUMENTED: "CONTRACEPTION",
  CONTRACEPTION_NOT_CONFIRMED: "CONTRACEPTION_CONFIRMED",
  COUNSELING_NOT_RECORDED: "COUNSELING",
  SUPPLY_TOO_LONG: null,
  REFILLS_NOT_ALLOWED: null,
};
/** What only a dermatologist's review lifts: nothing planned can. */
const REVIEW: readonly PrescribingReasonCode[] = ["POSITIVE_TEST_UNDECIDED", "LAB_RESULT_QUEUED", "PREGNANCY_RESULT_UNREAD"];

const reasonsOf = (d: PrescribingDecision, key: ChecklistLineKey) => [...d.refusals, ...d.confirmations].filter((x) => LINE_OF[x.code] === key);
const settingList = (s: readonly TestSetting[]) => s.map((x) => TEST_SETTING_WORDS[x]).join(" or ");

/** Is a course in progress on `today`: not ended, or ending today or later (an end dated ahead takes effect on its date)? */
export const courseInProgress = (h: Pick<PregnancyHistory, "courses">, today: IsoDate) => h.courses.some((c) => c.endDate === null || c.endDate >= today);

/** The checklist on `today`; null unless the patient can become pregnant and has no course in progress. */
export function pretreatmentChecklist(h: PregnancyHistory, today: IsoDate, anyRulesOn: RulesOn): PretreatmentChecklist | null {
  if (categoryOn(h, today) !== "CAN_BECOME_PREGNANT" || courseInProgress(h, today)) return null;
  const rulesOn = rememberedRules(anyRulesOn);
  const r = rulesOn(today);
  const decision = checkFirstPrescription(h, today, today, rulesOn);
  const reasons = (key: ChecklistLineKey) => reasonsOf(decision, key).map((x) => x.message);
  /** The earliest day with none of this line's reasons, the other lines done by then. */
  const earliestFor = (key: ChecklistLineKey, plans?: readonly TestPlan[]) => earliestDay(h, today, rulesOn, (d) => reasonsOf(d, key).length === 0, plans);
  const lines: ChecklistLine[] = [];
  const missing = (key: ChecklistLineKey, label: string, detail: string, earliest: IsoDate | null) =>
    lines.push({ key, label, done: false, date: null, detail, reasons: reasons(key), earliest });
  const done = (key: ChecklistLineKey, label: string, date: IsoDate | null, detail: string) =>
    lines.push({ key, label, done: true, date, detail, reasons: [], earliest: null });
  /** The days searched lines can be met on first: none is met earlier, so nor is the whole (null: not within the horizon). */
  const bounds: (IsoDate | null)[] = [];

  const stopped = reasonsOf(decision, "NOT_STOPPED");
  const waitsForReview = stopped.some((x) => REVIEW.includes(x.code));
  if (stopped.length) {
    const next = waitsForReview ? null : (earliestFor("NOT_STOPPED")?.date ?? null);
    bounds.push(next);
    const detail = waitsForReview ? "Prescribing is stopped until a dermatologist reviews it." : "Prescribing is stopped until a negative test is collected.";
    missing("NOT_STOPPED", "No pregnancy test result stops prescribing", detail, next);
  }

  // With two tests or more, the screening test, then the confirmation test (the check's window test).
  const settings = settingList(r.screeningSettings);
  const testDone = reasons("CONFIRMATION_TEST").length === 0;
  const windowTest = testDone ? decision.windowTest : null;
  const tests = testsSinceLatestPositive(h.tests, today);
  const screening =
    r.screeningTests < 2
      ? null
      : windowTest
        ? (screeningTestsBefore(tests, windowTest.specimenDate, today, r).at(-1)?.specimenDate ?? null)
        : (screeningOf(h.tests, today, r).days[0] ?? null);
  if (r.screeningTests >= 2) {
    const label = `Screening pregnancy test, negative, in ${settings}`;
    if (screening) done("SCREENING_TEST", label, screening, `Collected on ${formatDate(screening)}.`);
    else
      lines.push({
        key: "SCREENING_TEST",
        label,
        done: false,
        date: null,
        detail: `None collected since ${formatDate(addDays(today, -r.screeningLookbackDays))}.`,
        reasons: [],
        earliest: null,
      });
  }
  const testLabel =
    r.screeningTests >= 2
      ? `Confirmation pregnancy test, negative, at least ${r.screeningSpacingDays} days after the screening test, in the ${r.prescriptionWindowDays} days before the prescription`
      : `Pregnancy test, negative, in ${settings}, in the ${r.prescriptionWindowDays} days before the prescription`;
  if (windowTest) {
    const closes = addDays(windowTest.specimenDate, r.prescriptionWindowDays - 1);
    const after = screening ? `, ${daysBetween(screening, windowTest.specimenDate)} days after the screening test` : "";
    const detail = `Collected on ${formatDate(windowTest.specimenDate)} in ${TEST_SETTING_WORDS[windowTest.setting]}${after}; a first prescription may be written through ${formatDate(closes)}.`;
    done("CONFIRMATION_TEST", testLabel, windowTest.specimenDate, detail);
  } else {
    const next = earliestFor("CONFIRMATION_TEST");
    bounds.push(next?.date ?? null);
    const when = next?.date === today ? "today or later" : `on or after ${formatDate(next?.date)}`;
    const detail = !next
      ? `None would do in the next ${EARLIEST_HORIZON_DAYS} days.`
      : next.plan === "NONE"
        ? `With the tests on file, a first prescription could be written ${when}.`
        : `${next.plan === "SCREENING_TODAY" ? "After a screening test today, a" : "A"} negative test in ${settings} collected ${when} would do, ` +
          `the prescription written within ${r.prescriptionWindowDays} days of it (the specimen date is day 1).`;
    missing("CONFIRMATION_TEST", testLabel, detail, next?.date ?? null);
  }

  const since = contraceptionDocumentedSince(h.contraception, today);
  const contraceptionLabel = `Contraception (two methods or committed abstinence), documented from at least ${r.contraceptionLeadDays} days before`;
  if (reasons("CONTRACEPTION").length === 0) done("CONTRACEPTION", contraceptionLabel, since, `Documented from ${formatDate(since)}, in use.`);
  else {
    // The planned tests change nothing of this reason: one plan is enough.
    const next = earliestFor("CONTRACEPTION", ["NONE"])?.date ?? null;
    bounds.push(next);
    const allows = next ? `a first prescription could be written from ${formatDate(next)}` : `no first prescription in the next ${EARLIEST_HORIZON_DAYS} days`;
    const detail = since
      ? `Documented from ${formatDate(since)}: it counts from that day, so ${allows}.`
      : `None in use is documented. Documented from today, ${allows} (if in use earlier, record the day it started).`;
    missing("CONTRACEPTION", contraceptionLabel, detail, next);
  }

  const lastCounseling =
    h.counseling
      .map((c) => c.date)
      .filter((d) => d <= today)
      .sort()
      .at(-1) ?? null;
  const counselingLabel = `Counseling in the ${r.counselingIntervalDays} days before the prescription`;
  if (reasons("COUNSELING").length === 0) done("COUNSELING", counselingLabel, lastCounseling, `Recorded on ${formatDate(lastCounseling)}.`);
  else {
    const last = lastCounseling ? ` (last on ${formatDate(lastCounseling)})` : "";
    missing(
      "COUNSELING",
      counselingLabel,
      `Not recorded in the last ${r.counselingIntervalDays} days${last}: record it at the visit, or with the first prescription.`,
      null,
    );
  }

  const confirmedAt = confirmingCounseling(h.contraception, h.counseling, today, r.contraceptionConfirmationDays)?.date ?? null;
  const confirmationLabel = `Contraception in use confirmed with the patient at a counseling in the ${r.contraceptionConfirmationDays} days before the prescription`;
  if (reasons("CONTRACEPTION_CONFIRMED").length === 0)
    done("CONTRACEPTION_CONFIRMED", confirmationLabel, confirmedAt, `Confirmed at the counseling of ${formatDate(confirmedAt)}.`);
  else
    missing(
      "CONTRACEPTION_CONFIRMED",
      confirmationLabel,
      "Not confirmed: record counseling with the contraception in use confirmed with the patient, at the visit or with the first prescription.",
      null,
    );

  const ready = lines.every((l) => l.done);
  const from = bounds.includes(null) ? null : (bounds as IsoDate[]).reduce((a, b) => (a > b ? a : b), today);
  const earliest = ready
    ? today
    : waitsForReview || from === null
      ? null
      : (earliestDay(h, today, rulesOn, (d) => d.outcome === "ALLOWED", undefined, from)?.date ?? null);
  return { ruleSetName: r.name, newCourse: h.courses.length > 0, lines, ready, earliest, waitsForReview };
}
