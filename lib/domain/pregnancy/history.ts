import { addDays, type IsoDate } from "../dates";
import type { EffectiveRules, TestSetting } from "./rules";

/** What the pregnancy-prevention rules read about one patient. Dates are clinic calendar days. */
export type PregnancyCategory = "CAN_BECOME_PREGNANT" | "CANNOT_BECOME_PREGNANT";
export type TestResult = "NEGATIVE" | "POSITIVE" | "INDETERMINATE";

export interface PregnancyTest {
  id: string;
  specimenDate: IsoDate;
  result: TestResult;
  setting: TestSetting;
}

export interface ContraceptionRecord {
  id: string;
  method: "TWO_METHODS" | "ABSTINENCE";
  startDate: IsoDate;
  /** Last day in use; null while ongoing. */
  endDate: IsoDate | null;
}

export interface CounselingRecord {
  id: string;
  date: IsoDate;
}

/**
 * A dermatologist's documented decision on a positive or indeterminate test. FALSE_POSITIVE needs a later
 * negative test; PREGNANCY_CONFIRMED records that treatment stopped and the patient was referred.
 */
export interface Clearance {
  testId: string;
  decidedOn: IsoDate;
  outcome: "FALSE_POSITIVE" | "PREGNANCY_CONFIRMED";
}

export interface CategoryChange {
  category: PregnancyCategory;
  from: IsoDate;
}

export interface PrescriptionRecord {
  id: string;
  writtenOn: IsoDate;
  daysSupply: number;
  refills: number;
}

export interface CourseRecord {
  id: string;
  startDate: IsoDate;
  /** Last day of therapy once set; a future date takes effect on that date. */
  endDate: IsoDate | null;
  /** First paused day (inclusive) to the day therapy resumes (exclusive, null while open). */
  pauses: { startDate: IsoDate; resumeDate: IsoDate | null }[];
  prescriptions: PrescriptionRecord[];
}

export interface PregnancyHistory {
  categories: CategoryChange[];
  tests: PregnancyTest[];
  contraception: ContraceptionRecord[];
  counseling: CounselingRecord[];
  clearances: Clearance[];
  courses: CourseRecord[];
}

export function categoryOn(h: Pick<PregnancyHistory, "categories">, date: IsoDate): PregnancyCategory {
  let category: PregnancyCategory = "CAN_BECOME_PREGNANT"; // the REMS default until a category is documented
  for (const c of [...h.categories].sort((a, b) => (a.from < b.from ? -1 : 1))) if (c.from <= date) category = c.category;
  return category;
}

const byDate = (a: PregnancyTest, b: PregnancyTest) => (a.specimenDate < b.specimenDate ? -1 : a.specimenDate > b.specimenDate ? 1 : 0);

export const negatives = (tests: readonly PregnancyTest[]) => tests.filter((t) => t.result === "NEGATIVE").sort(byDate);

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
 * The last day a prescription written on `date` may be dispensed, for a patient who can become pregnant:
 * a set number of days from the prescription where the rule set says so (PPP), else the end of the
 * test's window (iPLEDGE: the pharmacy dispenses within the window counted from the specimen date).
 */
export function dispenseByCanBecomePregnant(test: PregnancyTest, date: IsoDate, r: EffectiveRules): IsoDate {
  return r.dispenseWithinDays === null ? addDays(test.specimenDate, r.prescriptionWindowDays - 1) : addDays(date, r.dispenseWithinDays - 1);
}

/**
 * Is contraception documented without a gap from `from` through `date`? Records may follow one another
 * (abstinence, then two methods); each covers its start to its end (open while ongoing).
 */
export function contraceptionCovers(records: readonly ContraceptionRecord[], from: IsoDate, date: IsoDate): boolean {
  let cursor = from;
  for (let guard = 0; guard <= records.length; guard++) {
    const covering = records.filter((c) => c.startDate <= cursor && (c.endDate === null || c.endDate >= cursor));
    if (covering.length === 0) return false;
    if (covering.some((c) => c.endDate === null || c.endDate >= date)) return true;
    cursor = addDays(
      covering
        .map((c) => c.endDate!)
        .sort()
        .at(-1)!,
      1,
    );
  }
  return false;
}

/** The first day of the unbroken contraception record that reaches `date`, if any. */
export function contraceptionDocumentedSince(records: readonly ContraceptionRecord[], date: IsoDate): IsoDate | null {
  let since: IsoDate | null = null;
  for (let day = date, guard = 0; guard <= records.length; guard++) {
    const covering = records.filter((c) => c.startDate <= day && (c.endDate === null || c.endDate >= day));
    if (covering.length === 0) break;
    since = covering.map((c) => c.startDate).sort()[0]!;
    day = addDays(since, -1);
  }
  return since;
}

/** Treatment segments of a course: from start (or each resume) to the last dose before a pause or the end. */
export function treatmentSegments(c: CourseRecord): { start: IsoDate; lastDose: IsoDate | null; endsInPause: boolean; pauseStart: IsoDate | null }[] {
  const segments: { start: IsoDate; lastDose: IsoDate | null; endsInPause: boolean; pauseStart: IsoDate | null }[] = [];
  let start: IsoDate | null = c.startDate;
  for (const p of [...c.pauses].sort((a, b) => (a.startDate < b.startDate ? -1 : 1))) {
    if (start === null || (c.endDate !== null && p.startDate > c.endDate)) break;
    if (p.startDate > start) segments.push({ start, lastDose: addDays(p.startDate, -1), endsInPause: true, pauseStart: p.startDate });
    start = p.resumeDate;
  }
  if (start !== null && (c.endDate === null || start <= c.endDate)) segments.push({ start, lastDose: c.endDate, endsInPause: false, pauseStart: null });
  return segments;
}
