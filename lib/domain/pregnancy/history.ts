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

export const currentCategory = (h: Pick<PregnancyHistory, "categories">): PregnancyCategory =>
  [...h.categories].sort((a, b) => (a.from < b.from ? -1 : 1)).at(-1)?.category ?? "CAN_BECOME_PREGNANT";

const byDate = (a: PregnancyTest, b: PregnancyTest) => (a.specimenDate < b.specimenDate ? -1 : a.specimenDate > b.specimenDate ? 1 : 0);

export const negatives = (tests: readonly PregnancyTest[]) => tests.filter((t) => t.result === "NEGATIVE").sort(byDate);

/**
 * Positive or indeterminate tests that still stop prescribing: those without a dermatologist's decision,
 * and those with one but no negative test collected on a later day. Either kind blocks; only the first
 * puts the patient in "dermatologist review".
 */
export function blockingTests(h: Pick<PregnancyHistory, "tests" | "clearances">): { test: PregnancyTest; decided: boolean }[] {
  const negs = negatives(h.tests);
  return h.tests
    .filter((t) => t.result !== "NEGATIVE")
    .sort(byDate)
    .map((test) => ({ test, decided: h.clearances.some((c) => c.testId === test.id), negativeAfter: negs.some((n) => n.specimenDate > test.specimenDate) }))
    .filter((b) => !b.decided || !b.negativeAfter)
    .map(({ test, decided }) => ({ test, decided }));
}

export const undecidedTests = (h: Pick<PregnancyHistory, "tests" | "clearances">) =>
  blockingTests(h)
    .filter((b) => !b.decided)
    .map((b) => b.test);

/** The latest negative test in the window that ends on `date` (day 1 = specimen date), in one of the settings. */
export function windowTest(tests: readonly PregnancyTest[], date: IsoDate, windowDays: number, settings: readonly TestSetting[]): PregnancyTest | null {
  const from = addDays(date, -(windowDays - 1));
  return (
    negatives(tests)
      .filter((t) => t.specimenDate >= from && t.specimenDate <= date && settings.includes(t.setting))
      .at(-1) ?? null
  );
}

/** The last day a prescription written on `date` may be dispensed, for a patient who can become pregnant. */
export function dispenseByCanBecomePregnant(test: PregnancyTest, date: IsoDate, r: EffectiveRules): IsoDate {
  const byTest = addDays(test.specimenDate, r.prescriptionWindowDays - 1);
  const byRx = r.dispenseWithinDays === null ? byTest : addDays(date, r.dispenseWithinDays - 1);
  return byTest < byRx ? byTest : byRx;
}

/** Contraception in use on `date` and documented from at least `from`: the record that covers both, if any. */
export function contraceptionCovering(records: readonly ContraceptionRecord[], from: IsoDate, date: IsoDate): ContraceptionRecord | null {
  return records.find((c) => c.startDate <= from && (c.endDate === null || c.endDate >= date)) ?? null;
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
