import { addDays, type IsoDate } from "../dates";
import type { EffectiveRules, FollowUpKind, TestSetting } from "./rules";

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
  /** The contraception record the prescriber confirmed with the patient at this counseling (null or absent: none confirmed). */
  confirmedContraceptionId?: string | null;
}

/**
 * A dermatologist's documented decision on a positive or indeterminate test. FALSE_POSITIVE needs a later
 * negative test; PREGNANCY_CONFIRMED records that treatment stopped, and opens its follow-ups (follow-ups.ts).
 */
export interface Clearance {
  /** The stored decision: a confirmed pregnancy's follow-up items are keyed by it (absent: none are listed). */
  id?: string;
  testId: string;
  decidedOn: IsoDate;
  outcome: "FALSE_POSITIVE" | "PREGNANCY_CONFIRMED";
}

/** A follow-up a dermatologist recorded after a confirmed pregnancy (none voided), on the day it was done. */
export interface FollowUpRecord {
  id: string;
  decisionId: string;
  kind: FollowUpKind;
  doneOn: IsoDate;
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
  /** The negative pregnancy test it rests on: null when none; absent where not known (the category on its date decides alone). */
  pregnancyTestId?: string | null;
  /** The clinic day it was entered, when known: its check read the category of that day too (a prescription dated ahead). */
  enteredOn?: IsoDate;
}

/**
 * A prescription a pharmacy dispensed (its dispensed date recorded) and then voided as entered in error. Its record
 * counts for nothing, but the fill happened: the negative test it rested on was used, and a test collected before it
 * backs no later prescription (prescriptionsWhileCanBecomePregnant). When in doubt, a new test is asked for.
 */
export interface VoidedDispensedPrescription extends PrescriptionRecord {
  dispensedOn: IsoDate;
  voided: true;
}

export interface CourseRecord {
  id: string;
  startDate: IsoDate;
  /** Last day of therapy once set; a future date takes effect on that date. */
  endDate: IsoDate | null;
  /** First paused day (inclusive) to the day therapy resumes (exclusive, null while open). */
  pauses: { startDate: IsoDate; resumeDate: IsoDate | null }[];
  prescriptions: PrescriptionRecord[];
  /**
   * Entered from paper records, and loaded only while its post-course test is followed up here (see
   * paperCourseTracksPostCourseTest): it generates that test, and counts for nothing else.
   */
  paperRecord?: boolean;
}

export interface PregnancyHistory {
  categories: CategoryChange[];
  tests: PregnancyTest[];
  contraception: ContraceptionRecord[];
  counseling: CounselingRecord[];
  clearances: Clearance[];
  /** The follow-ups recorded after confirmed pregnancies. Absent: none. */
  followUps?: FollowUpRecord[];
  courses: CourseRecord[];
  /** The prescriptions of any course dispensed and then voided as entered in error, in the order written. Absent: none. */
  voidedDispensed?: readonly VoidedDispensedPrescription[];
  /**
   * Pregnancy test results a laboratory sent for this patient that wait under Unfiled lab results for a
   * dermatologist (preliminary, retracted or deleted, not final, or a negative correction; README "Lab
   * results from a laboratory"), each by its queue entry's id and its day: its collection day, or the day it
   * arrived when that is earlier (lib/data/pregnancy-history.ts). Its value is not read. Absent: none.
   */
  queuedLabResults?: readonly { id: string; specimenDate: IsoDate }[];
  /**
   * Results on the chart, not voided, under a pregnancy test the lab catalogue holds as a test of its own (added
   * before the catalogue refused one: addedPregnancyTest, lib/data/lab-rows.ts): pregnancy tests these rules
   * cannot read, each by its id and collection day (its value is not loaded). Absent: none.
   */
  unreadPregnancyResults?: readonly { id: string; specimenDate: IsoDate }[];
}

export function categoryOn(h: Pick<PregnancyHistory, "categories">, date: IsoDate): PregnancyCategory {
  let category: PregnancyCategory = "CAN_BECOME_PREGNANT"; // the REMS default until a category is documented
  for (const c of [...h.categories].sort((a, b) => (a.from < b.from ? -1 : 1))) if (c.from <= date) category = c.category;
  return category;
}

/**
 * Is a prescription written on `date` and entered on `recordedOn` (a later day when back-dated) checked as one
 * for a patient who can become pregnant? By the stricter category of the two days: what is documented by the
 * day of entry counts (checkPrescription, prescribing.ts). The forms ask for what this check will ask by it.
 */
export function checkedAsCanBecomePregnant(h: Pick<PregnancyHistory, "categories">, date: IsoDate, recordedOn: IsoDate): boolean {
  const documented = recordedOn > date ? recordedOn : date;
  return categoryOn(h, date) === "CAN_BECOME_PREGNANT" || categoryOn(h, documented) === "CAN_BECOME_PREGNANT";
}

/**
 * Was a prescription written while the patient could become pregnant? The category in force on its date
 * says so, and so does a test it rests on (one dated before a change of category, entered after it, was
 * judged under the stricter category of the day of entry).
 */
export const writtenWhileCanBecomePregnant = (h: Pick<PregnancyHistory, "categories">, p: PrescriptionRecord) =>
  categoryOn(h, p.writtenOn) === "CAN_BECOME_PREGNANT" || Boolean(p.pregnancyTestId);

/**
 * Did a prescription pass the checks before a first prescription (screening, contraception lead) for a
 * patient who can become pregnant? One written while she could did, unless it is known to rest on no test:
 * then it was written under the other category's rules, earlier on the day the category changed.
 */
export const checkedAsFirstPrescription = (h: Pick<PregnancyHistory, "categories">, p: PrescriptionRecord) =>
  writtenWhileCanBecomePregnant(h, p) && p.pregnancyTestId !== null;

/**
 * The prescriptions of every course written while the patient could become pregnant, in the order written (one
 * day's in the order entered): the live ones, and those a pharmacy dispensed before they were voided as entered in
 * error (a record of the same day voided after its fill comes first: the one entered again in its place follows
 * it). Each rests on a negative test of its own, collected after the prescription before it was written: a test
 * backs one prescription, and a fill used it whatever became of the record.
 */
export function prescriptionsWhileCanBecomePregnant(h: Pick<PregnancyHistory, "categories" | "courses" | "voidedDispensed">): PrescriptionRecord[] {
  return [...(h.voidedDispensed ?? []), ...h.courses.flatMap((c) => c.prescriptions)].filter((p) => writtenWhileCanBecomePregnant(h, p)).sort(byWrittenOn);
}

/** In the order written; a stable sort keeps one day's prescriptions in the order entered. */
export const byWrittenOn = (a: PrescriptionRecord, b: PrescriptionRecord) => (a.writtenOn < b.writtenOn ? -1 : a.writtenOn > b.writtenOn ? 1 : 0);

/** The tests a new prescription may rest on: those collected after the latest prescription written while the patient could become pregnant. */
export function testsNotYetUsed(h: Pick<PregnancyHistory, "categories" | "courses" | "voidedDispensed">, tests: readonly PregnancyTest[]): PregnancyTest[] {
  const latest = prescriptionsWhileCanBecomePregnant(h).at(-1);
  return latest ? tests.filter((t) => t.specimenDate > latest.writtenOn) : [...tests];
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

/**
 * Is counseling recorded in the `days` days up to `date` (the day itself counted as day 1)? The monthly
 * counseling before each prescription (iPLEDGE; PPP: SmPC 4.4), as checkPrescription asks for it.
 */
export const counseledWithin = (records: readonly CounselingRecord[], date: IsoDate, days: number) =>
  records.some((c) => c.date <= date && c.date >= addDays(date, -(days - 1)));

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
