import { addDays, type IsoDate } from "../dates";
import type { PregnancyHistory, PregnancyTest } from "./history";
import type { EffectiveRules, RulesOn, TestSetting } from "./rules";

/**
 * What a patient's pregnancy tests say on a day: which positive or indeterminate ones stop prescribing,
 * and which negative ones may still serve a prescription, a screening or a window.
 */

const byDate = (a: PregnancyTest, b: PregnancyTest) => (a.specimenDate < b.specimenDate ? -1 : a.specimenDate > b.specimenDate ? 1 : 0);

export const negatives = (tests: readonly PregnancyTest[]) => tests.filter((t) => t.result === "NEGATIVE").sort(byDate);

/**
 * The negative tests that serve as screening tests before a confirmation test collected on `anchor`, for a
 * first prescription on `rxDate`: in a setting allowed before treatment, since the lookback began, at least
 * the spacing before the confirmation. The caller passes the tests after the latest positive one.
 */
export const screeningTestsBefore = (tests: readonly PregnancyTest[], anchor: IsoDate, rxDate: IsoDate, r: EffectiveRules) =>
  negatives(tests).filter(
    (t) =>
      r.screeningSettings.includes(t.setting) &&
      t.specimenDate >= addDays(rxDate, -r.screeningLookbackDays) &&
      t.specimenDate <= addDays(anchor, -r.screeningSpacingDays),
  );

/** On how many days those screening tests were collected: two of one day are one screening. */
export const screeningDaysBefore = (...args: Parameters<typeof screeningTestsBefore>) => new Set(screeningTestsBefore(...args).map((t) => t.specimenDate)).size;

/**
 * Positive or indeterminate tests that stop prescribing on `asOf`, from what is documented by that day:
 * those without a dermatologist's decision, and those with one but no negative test collected on a later
 * day. Either kind blocks; only the first puts the patient in "dermatologist review". Whatever the
 * category: a category change never clears a positive test.
 */
export function blockingTests(
  h: Pick<PregnancyHistory, "tests" | "clearances">,
  asOf: IsoDate,
  /** Which negative tests may answer a positive one (a home test only where the rules accept it). */
  answers: (t: PregnancyTest) => boolean = () => true,
): { test: PregnancyTest; decided: boolean }[] {
  const negs = negatives(h.tests).filter((n) => n.specimenDate <= asOf && answers(n));
  return h.tests
    .filter((t) => t.result !== "NEGATIVE" && t.specimenDate <= asOf)
    .sort(byDate)
    .map((test) => ({
      test,
      decided: h.clearances.some((c) => c.testId === test.id && c.decidedOn <= asOf),
      negativeAfter: negs.some((n) => n.specimenDate > test.specimenDate),
    }))
    .filter((b) => !b.decided || !b.negativeAfter)
    .map(({ test, decided }) => ({ test, decided }));
}

/**
 * The tests that stop prescribing on `asOf` (blockingTests), answered only by negative tests in a setting
 * the rules in force on their day accept during treatment: what the prescribing check and the banner read.
 */
export const prescribingStoppedBy = (h: Pick<PregnancyHistory, "tests" | "clearances">, asOf: IsoDate, rulesOn: RulesOn) =>
  blockingTests(h, asOf, countsDuringTreatment(rulesOn));

/** A test in a setting the rules in force on its day accept during treatment (a home test only where they allow it). */
const countsDuringTreatment = (rulesOn: RulesOn) => (t: PregnancyTest) => rulesOn(t.specimenDate).treatmentSettings.includes(t.setting);

/**
 * Is prescribing stopped on `asOf`? By a test that stops it (prescribingStoppedBy), or by a pregnancy test
 * result these rules cannot read yet (heldBy).
 */
export const prescribingStopped = (h: Pick<PregnancyHistory, "tests" | "clearances" | LabHoldFields>, asOf: IsoDate, rulesOn: RulesOn) =>
  heldBy(h).length > 0 || prescribingStoppedBy(h, asOf, rulesOn).length > 0;

/** What stops prescribing while a laboratory's pregnancy test result waits in the queue (no result named). */
export const QUEUED_LAB_RESULT = "A pregnancy test result from the laboratory is waiting under Unfiled lab results for a dermatologist";
/** The prescribing check's refusal for it. */
export const QUEUED_LAB_RESULT_MESSAGE = `${QUEUED_LAB_RESULT}: prescribing is stopped until it is reviewed.`;

/** What stops prescribing while a result under a pregnancy test the catalogue holds as a test of its own is on the chart. */
export const UNREAD_PREGNANCY_RESULT =
  "A result under a pregnancy test the lab catalogue holds as a test of its own is on the chart, where the pregnancy-prevention rules cannot read it";
/** The prescribing check's refusal for it. */
export const UNREAD_PREGNANCY_RESULT_MESSAGE = `${UNREAD_PREGNANCY_RESULT}: prescribing is stopped until a dermatologist records it on the catalogue's hCG test and voids it.`;

type LabHoldFields = "queuedLabResults" | "unreadPregnancyResults";

/**
 * The pregnancy test results that stop prescribing because these rules cannot read them yet, whatever they say:
 * a laboratory's result waiting in the queue for a dermatologist, and a result on the chart under a pregnancy
 * test the catalogue holds as a test of its own. Each with its code, its words and the prescribing check's refusal.
 */
export const heldBy = (h: Pick<PregnancyHistory, LabHoldFields>) => [
  ...((h.queuedLabResults?.length ?? 0) > 0 ? [{ code: "LAB_RESULT_QUEUED" as const, text: QUEUED_LAB_RESULT, message: QUEUED_LAB_RESULT_MESSAGE }] : []),
  ...((h.unreadPregnancyResults?.length ?? 0) > 0
    ? [{ code: "PREGNANCY_RESULT_UNREAD" as const, text: UNREAD_PREGNANCY_RESULT, message: UNREAD_PREGNANCY_RESULT_MESSAGE }]
    : []),
];

/** What lifts a stop of prescribing: a dermatologist's review, or a later negative pregnancy test. */
export type PrescribingStop = "REVIEW" | "LATER_TEST";

/**
 * Why prescribing is stopped on `asOf` (prescribingStopped), as every role may read it, the result unnamed: a
 * dermatologist's review while a test awaits a decision or a result these rules cannot read yet holds it
 * (heldBy); else, every test that stops it decided, a later negative test. Null while prescribing is not stopped.
 */
export function prescribingStop(h: Pick<PregnancyHistory, "tests" | "clearances" | LabHoldFields>, asOf: IsoDate, rulesOn: RulesOn): PrescribingStop | null {
  const stopping = prescribingStoppedBy(h, asOf, rulesOn);
  if (heldBy(h).length > 0 || stopping.some((b) => !b.decided)) return "REVIEW";
  return stopping.length > 0 ? "LATER_TEST" : null;
}

/**
 * A positive test on which a dermatologist documented a confirmed pregnancy by `asOf`, with no negative
 * test collected on a later day in a setting the rules in force on its day accept during treatment (as
 * prescribingStoppedBy answers a stop: a home test counts only where the rules allow it): the patient is, as
 * recorded, pregnant.
 */
export const confirmedPregnancy = (h: Pick<PregnancyHistory, "tests" | "clearances">, asOf: IsoDate, rulesOn: RulesOn): boolean =>
  blockingTests(h, asOf, countsDuringTreatment(rulesOn)).some(
    (b) => b.decided && h.clearances.some((c) => c.testId === b.test.id && c.decidedOn <= asOf && c.outcome === "PREGNANCY_CONFIRMED"),
  );

export const undecidedTests = (h: Pick<PregnancyHistory, "tests" | "clearances">, asOf: IsoDate) =>
  blockingTests(h, asOf)
    .filter((b) => !b.decided)
    .map((b) => b.test);

/**
 * The tests that may serve a prescription or a screening: a negative test collected before the latest
 * positive or indeterminate one (by `asOf`) tells nothing about the patient since, so it no longer counts.
 */
export function testsSinceLatestPositive(tests: readonly PregnancyTest[], asOf: IsoDate): PregnancyTest[] {
  const latest = tests
    .filter((t) => t.result !== "NEGATIVE" && t.specimenDate <= asOf)
    .map((t) => t.specimenDate)
    .sort()
    .at(-1);
  return latest ? tests.filter((t) => t.result !== "NEGATIVE" || t.specimenDate > latest) : [...tests];
}

/** The latest negative test in the window that ends on `date` (day 1 = specimen date), in one of the settings. */
export function windowTest(tests: readonly PregnancyTest[], date: IsoDate, windowDays: number, settings: readonly TestSetting[]): PregnancyTest | null {
  const from = addDays(date, -(windowDays - 1));
  return (
    negatives(tests)
      .filter((t) => t.specimenDate >= from && t.specimenDate <= date && settings.includes(t.setting))
      .at(-1) ?? null
  );
}

/**
 * The distinct days of negative tests that serve as screening before a first prescription on `rxDate`, and
 * the day screening is complete: the first of them with the rule set's earlier tests (one, under iPLEDGE)
 * collected at least `screeningSpacingDays` before it, in a screening setting, since the lookback began.
 * Only tests after the latest positive or indeterminate one count, as in the prescribing check's screening
 * rule (screeningGaps in prescribing.ts), so that the screening item (course-items.ts) completes only when
 * that check would pass it.
 */
export function screeningOf(
  tests: readonly PregnancyTest[],
  rxDate: IsoDate,
  r: Pick<EffectiveRules, "screeningTests" | "screeningSpacingDays" | "screeningLookbackDays" | "screeningSettings">,
): { days: IsoDate[]; completedOn: IsoDate | null } {
  const from = addDays(rxDate, -r.screeningLookbackDays);
  const usable = negatives(testsSinceLatestPositive(tests, rxDate)).filter(
    (t) => r.screeningSettings.includes(t.setting) && t.specimenDate >= from && t.specimenDate <= rxDate,
  );
  const days = [...new Set(usable.map((t) => t.specimenDate))].sort();
  const completedOn = days.find((d) => days.filter((e) => e <= addDays(d, -r.screeningSpacingDays)).length >= r.screeningTests - 1) ?? null;
  return { days, completedOn };
}
