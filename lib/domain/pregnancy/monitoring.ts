import { addDays, type IsoDate } from "../dates";
import { itemBuilder, type MonitoringItem, type Waiver } from "../monitoring/items";
import { monthlyItems, postDoseItems, prescriptionItems, screeningItems } from "./course-items";
import { followUpItems, followUpOfKey } from "./follow-ups";
import { categoryOn, prescriptionsWhileCanBecomePregnant, type PregnancyHistory } from "./history";
import { confirmedPregnancy, negatives, QUEUED_LAB_RESULT, undecidedTests } from "./pregnancy-tests";
import type { RulesOn } from "./rules";

/** An ended course stops producing items this long after its end, except its post-course test, which stays until done or waived. */
export const ENDED_COURSE_MONITORING_DAYS = 120;

/** The key of the dermatologist's review of an undecided positive or indeterminate test. */
const reviewKey = (testId: string) => `test:${testId}:preg-review`;

/**
 * Whether an item key names a dermatologist-only item (DERMATOLOGIST_ONLY_KINDS in ../monitoring/items.ts): for
 * records that keep only the key (outreach notes), whose item may be gone since (a review once decided).
 */
export const isDermatologistOnlyKey = (key: string): boolean => /^test:[^:]+:preg-review$/.test(key) || followUpOfKey(key) !== null;

/** What a dermatologist does about a result under a pregnancy test the catalogue holds as a test of its own. */
const UNREAD_RESULT_REVIEW =
  "A pregnancy test result is on the chart under a test the lab catalogue holds as a test of its own, which the pregnancy-prevention rules cannot read: a dermatologist must record it on the catalogue's hCG test and void it before any further prescription.";

/** What a dermatologist does about a laboratory's pregnancy test result waiting in the queue for the patient (no result named). */
const QUEUED_RESULT_REVIEW = `${QUEUED_LAB_RESULT}, where the pregnancy-prevention rules cannot read it: a dermatologist must review it there (attach it to the chart, or dismiss it with a reason) before any further prescription.`;

/**
 * The pregnancy-prevention monitoring items of a patient: the routine ones while the patient can become
 * pregnant and no confirmed pregnancy stands, a dermatologist review whenever a positive test awaits a decision,
 * another while a result the rules cannot read stops prescribing (heldReview: on the chart under a test of its
 * own, or waiting in the laboratory queue), and the follow-ups of every confirmed pregnancy (follow-ups.ts),
 * whatever the category. Reasons name dates and rules, never a result:
 * office staff read them (the reviews are the dermatologist's own items, which they never get). The item set
 * depends on the data only, not on the day (statuses do, through their dates), except for courses ended over
 * ENDED_COURSE_MONITORING_DAYS ago.
 */
export function pregnancyItems(h: PregnancyHistory, asOf: IsoDate, rulesOn: RulesOn, waivers: readonly Waiver[]): MonitoringItem[] {
  const today = rulesOn(asOf);
  // A waiver's free text may name a result: staff read these reasons, so only "waived" is said here.
  const build = itemBuilder(asOf, waivers, today.dueSoonDays, { showWaiverReason: false });
  const undecided = undecidedTests(h, asOf);
  const latestCourse = h.courses.filter((c) => !c.paperRecord).sort((a, b) => (a.startDate < b.startDate ? 1 : -1))[0] ?? null;
  // Due whatever else is: a result the rules cannot read (on the chart, or waiting in the queue), which no test or
  // category change reads for them, and a confirmed pregnancy's referral (and report), which neither a new test nor a
  // category change answers.
  const courseId = latestCourse?.id ?? null;
  const standing = [
    ...heldReview(h.unreadPregnancyResults, courseId, UNREAD_RESULT_REVIEW, build),
    ...heldReview(h.queuedLabResults, courseId, QUEUED_RESULT_REVIEW, build),
    ...followUpItems(h, rulesOn, build),
  ];
  if (undecided.length) {
    // The routine items give way to one review: no test, call or prescription is useful before a decision.
    const first = undecided[0]!;
    return [
      build({
        kind: "PREG_REVIEW",
        courseId: latestCourse?.id ?? null,
        key: reviewKey(first.id),
        dueDate: first.specimenDate,
        completedOn: null,
        overdueAfterDays: 0,
        reasonOpen: "A dermatologist must review this patient's pregnancy-prevention record and document a decision before any further prescription.",
        reasonDone: "",
      }),
      ...standing,
    ];
  }
  if (categoryOn(h, asOf) !== "CAN_BECOME_PREGNANT") return standing;
  // A pregnancy a dermatologist confirmed, with no negative test that counts collected since: no pregnancy test is asked
  // for (the office would be chasing a pregnant patient for one) until a negative test shows it has ended.
  if (confirmedPregnancy(h, asOf, rulesOn)) return standing;
  // Tests that close items during and after treatment: in a setting the rules in force on their day accept
  // (a home test counts only under rules that allow it and with the clinic's opt-in).
  const negs = negatives(h.tests).filter((t) => rulesOn(t.specimenDate).treatmentSettings.includes(t.setting));
  const firstNegativeFrom = (from: IsoDate) => negs.find((t) => t.specimenDate >= from);
  const items: MonitoringItem[] = [...standing];
  const written = prescriptionsWhileCanBecomePregnant(h);
  for (const course of h.courses) {
    const longOver = course.endDate !== null && course.endDate < addDays(asOf, -ENDED_COURSE_MONITORING_DAYS);
    // A course from paper records had its tests during treatment then, on paper: only its post-course test is followed up here.
    if (!longOver && !course.paperRecord) {
      items.push(
        ...screeningItems(h, course, negatives(h.tests), rulesOn, build),
        ...prescriptionItems(h, course, written, negs, rulesOn, build),
        ...monthlyItems(course, negs, rulesOn, build),
      );
    }
    items.push(...postDoseItems(course, firstNegativeFrom, rulesOn, build, longOver));
  }
  return items;
}

/**
 * The dermatologist's review of pregnancy test results that stop prescribing because the rules cannot read them
 * (heldBy): results under a pregnancy test the catalogue holds as a test of its own (unreadPregnancyResults), until
 * a dermatologist records them on the catalogue's hCG test and voids them, and a laboratory's results waiting in
 * the queue for the patient (queuedLabResults), until they are attached or dismissed. One review for each kind,
 * named by the earliest dated (then by id) and due on its day, as a positive test's is, so that it reaches their
 * worklist and dashboard before a prescription is refused. The routine items stay: the rules cannot say what the
 * result was, and they are what prescribing asks once it is read.
 */
function heldReview(
  held: readonly { id: string; specimenDate: IsoDate }[] | undefined,
  courseId: string | null,
  reasonOpen: string,
  build: ReturnType<typeof itemBuilder>,
): MonitoringItem[] {
  const first = [...(held ?? [])].sort((a, b) =>
    a.specimenDate !== b.specimenDate ? (a.specimenDate < b.specimenDate ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  )[0];
  if (!first) return [];
  return [
    build({
      kind: "PREG_REVIEW",
      courseId,
      key: reviewKey(first.id),
      dueDate: first.specimenDate,
      completedOn: null,
      overdueAfterDays: 0,
      reasonOpen,
      reasonDone: "",
    }),
  ];
}

/**
 * Does a course entered from paper records on `enteredOn` have its post-course test followed up here, as
 * any course's? Yes when, that day, the test (due the rule set's post-treatment days after the last day)
 * was still ahead or due but not yet overdue: the paper record cannot be taken to hold it. One overdue by
 * then belongs to the time the paper record documents, so a course history from years ago opens nothing.
 * Decided once, when the course is entered: what the paper record holds does not change with the day.
 */
export function paperCourseTracksPostCourseTest(endDate: IsoDate, enteredOn: IsoDate, rulesOn: RulesOn): boolean {
  const r = rulesOn(endDate);
  return addDays(endDate, r.postTreatmentTestDays + r.overdueAfterDays) >= enteredOn;
}
