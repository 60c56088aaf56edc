import { formatDate } from "@/lib/format";
import { addDays, daysBetween, type IsoDate } from "../dates";
import type { itemBuilder, MonitoringItem } from "../monitoring/items";
import {
  byWrittenOn,
  categoryOn,
  checkedAsFirstPrescription,
  treatmentSegments,
  writtenWhileCanBecomePregnant,
  type CourseRecord,
  type PregnancyHistory,
  type PrescriptionRecord,
  type PregnancyTest,
} from "./history";
import { screeningOf, windowTest } from "./pregnancy-tests";
import type { RulesOn } from "./rules";
import { filledBeforeVoid } from "./used-tests";

/**
 * The routine pregnancy-prevention items of one course, for a patient who can become pregnant
 * (pregnancyItems): the screening before its first prescription, a test for each prescription, the
 * monthly tests through treatment, and a test after the last dose.
 */

/** Monthly occurrences of one treatment segment listed at most (a safety bound far past any real course). */
const MAX_OCCURRENCES = 400;

const late = (done: IsoDate, due: IsoDate) => {
  const n = daysBetween(due, done);
  return n > 0 ? `, ${n === 1 ? "1 day" : `${n} days`} after it was due (late)` : "";
};
const collected = (t: PregnancyTest | undefined) => (t ? `Pregnancy test collected on ${formatDate(t.specimenDate)}` : "");

type Build = ReturnType<typeof itemBuilder>;

/** The first day of the course on which the patient could become pregnant (its start, or a later change of category), if any. */
function firstDayCanBecomePregnant(h: PregnancyHistory, course: CourseRecord): IsoDate | null {
  const changes = h.categories.map((c) => c.from).filter((d) => d > course.startDate && (course.endDate === null || d <= course.endDate));
  return [course.startDate, ...changes.sort()].find((d) => categoryOn(h, d) === "CAN_BECOME_PREGNANT") ?? null;
}

/**
 * Screening before the course's first prescription written while the patient could become pregnant (the
 * one the prescribing check holds to the screening), or, before it is written, from the first day she could;
 * it counts the settings the rules accept before treatment.
 */
export function screeningItems(h: PregnancyHistory, course: CourseRecord, allNegs: PregnancyTest[], rulesOn: RulesOn, build: Build): MonitoringItem[] {
  const firstRx = [...course.prescriptions].sort(byWrittenOn).find((p) => checkedAsFirstPrescription(h, p))?.writtenOn ?? firstDayCanBecomePregnant(h, course);
  if (firstRx === null) return [];
  const r = rulesOn(firstRx);
  const from = addDays(firstRx, -r.screeningLookbackDays);
  // The tests the prescribing check counts: after the latest positive, the confirmation the spacing after the screening.
  const { days: distinct, completedOn: done } = screeningOf(h.tests, firstRx, r);
  return [
    build({
      kind: "PREG_SCREENING",
      courseId: course.id,
      key: `course:${course.id}:preg-screening`,
      dueDate: firstRx,
      completedOn: done,
      overdueAfterDays: 0,
      reasonOpen:
        `${r.screeningTests} pregnancy test(s) due before the first prescription on ${formatDate(firstRx)}; ` +
        `${distinct.length} recorded since ${formatDate(from)}.`,
      reasonDone: `${r.screeningTests} pregnancy test(s) recorded, the last on ${formatDate(done ?? firstRx)}${late(done ?? firstRx, firstRx)}.`,
    }),
  ];
}

/**
 * A test for each prescription written while the patient could become pregnant, as the prescribing check
 * asks: in the window before it and collected after the prescription before it (of any course, one dispensed
 * and then voided included: `written`, prescriptionsWhileCanBecomePregnant), so that a test closes one
 * prescription's item. A prescription resting on a test already used (written before the
 * check refused it) stays open, naming the reuse, until a test of its own is collected (late).
 */
export function prescriptionItems(
  h: PregnancyHistory,
  course: CourseRecord,
  written: PrescriptionRecord[],
  negs: PregnancyTest[],
  rulesOn: RulesOn,
  build: Build,
): MonitoringItem[] {
  return [...course.prescriptions]
    .sort(byWrittenOn)
    .filter((rx) => writtenWhileCanBecomePregnant(h, rx))
    .map((rx) => {
      const rr = rulesOn(rx.writtenOn);
      const previous = written[written.indexOf(rx) - 1];
      const fresh = previous ? negs.filter((t) => t.specimenDate > previous.writtenOn) : negs;
      const inWindow = windowTest(fresh, rx.writtenOn, rr.prescriptionWindowDays, rr.treatmentSettings);
      const closing = inWindow ?? fresh.find((t) => t.specimenDate > rx.writtenOn);
      const reused = inWindow || !previous ? null : windowTest(negs, rx.writtenOn, rr.prescriptionWindowDays, rr.treatmentSettings);
      const usedBy = reused && written.find((p) => p !== rx && p.pregnancyTestId === reused.id);
      const due = `pregnancy test was due within ${rr.prescriptionWindowDays} days before the prescription of ${formatDate(rx.writtenOn)}`;
      return build({
        kind: "PREG_PRESCRIPTION",
        courseId: course.id,
        key: `rx:${rx.id}:preg`,
        dueDate: rx.writtenOn,
        completedOn: closing?.specimenDate ?? null,
        overdueAfterDays: 0,
        reasonOpen: usedBy
          ? `A new ${due}: the test of ${formatDate(reused.specimenDate)} was already used for the prescription of ${formatDate(usedBy.writtenOn)}${filledBeforeVoid(usedBy)}; none recorded since.`
          : reused
            ? `A new ${due}, after the prescription of ${formatDate(previous!.writtenOn)}${filledBeforeVoid(previous!)}; none recorded since.`
            : `A ${due}; none recorded since.`,
        reasonDone: `${collected(closing)}${closing ? late(closing.specimenDate, rx.writtenOn) : ""} for the prescription of ${formatDate(rx.writtenOn)}.`,
      });
    });
}

/**
 * Monthly tests through each treatment segment. A test closes the occurrence it answers (a late one says
 * so) and the next is due an interval after it; a waived occurrence is skipped and the next is due an
 * interval after its due date, so a waiver never removes a later occurrence.
 */
export function monthlyItems(course: CourseRecord, negs: PregnancyTest[], rulesOn: RulesOn, build: Build): MonitoringItem[] {
  const items: MonitoringItem[] = [];
  for (const seg of treatmentSegments(course)) {
    const r = rulesOn(seg.start);
    let anchor =
      negs.filter((t) => t.specimenDate <= seg.start && t.specimenDate >= addDays(seg.start, -(r.prescriptionWindowDays - 1))).at(-1)?.specimenDate ??
      seg.start;
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const rn = rulesOn(anchor);
      const due = addDays(anchor, rn.monthlyTestIntervalDays);
      if (seg.lastDose !== null && due > seg.lastDose) break;
      const key = `course:${course.id}:preg-monthly:${due}`;
      const test = negs.find((t) => t.specimenDate > anchor);
      const item = build({
        kind: "PREG_MONTHLY",
        courseId: course.id,
        key,
        dueDate: due,
        completedOn: test?.specimenDate ?? null,
        overdueAfterDays: rn.overdueAfterDays,
        reasonOpen: `Monthly pregnancy test due ${rn.monthlyTestIntervalDays} days after ${formatDate(anchor)} (${rn.name}).`,
        reasonDone: `${collected(test)}${test ? late(test.specimenDate, due) : ""}.`,
      });
      items.push(item);
      if (item.status === "WAIVED") anchor = due;
      else if (test) anchor = test.specimenDate;
      else break;
    }
  }
  return items;
}

/**
 * A test after the last dose: when the course ends (kept until done or waived, however long ago), and
 * after the last dose before a pause that lasts past the test's due date.
 */
export function postDoseItems(
  course: CourseRecord,
  firstNegativeFrom: (from: IsoDate) => PregnancyTest | undefined,
  rulesOn: RulesOn,
  build: Build,
  longOver: boolean,
): MonitoringItem[] {
  const items: MonitoringItem[] = [];
  const segments = treatmentSegments(course);
  const post = (kind: "PREG_POST_PAUSE" | "PREG_POST_COURSE", key: string, lastDose: IsoDate, what: string) => {
    const r = rulesOn(lastDose);
    const due = addDays(lastDose, r.postTreatmentTestDays);
    const test = firstNegativeFrom(addDays(due, -r.dueSoonDays));
    return build({
      kind,
      courseId: course.id,
      key,
      dueDate: due,
      completedOn: test?.specimenDate ?? null,
      overdueAfterDays: r.overdueAfterDays,
      reasonOpen: `Pregnancy test due ${r.postTreatmentTestDays} days after the last dose on ${formatDate(lastDose)} (${what}, ${r.name}).`,
      reasonDone: `${collected(test)}${test ? late(test.specimenDate, due) : ""}, after the last dose on ${formatDate(lastDose)}.`,
    });
  };
  if (!longOver) {
    for (const [i, seg] of segments.entries()) {
      if (!seg.endsInPause || !seg.lastDose || !seg.pauseStart) continue;
      const resume = segments[i + 1]?.start ?? course.pauses.find((p) => p.startDate === seg.pauseStart)?.resumeDate ?? null;
      const due = addDays(seg.lastDose, rulesOn(seg.lastDose).postTreatmentTestDays);
      const courseEndsInPause = course.endDate !== null && i === segments.length - 1;
      if ((resume === null || resume > due) && !courseEndsInPause) {
        items.push(post("PREG_POST_PAUSE", `course:${course.id}:preg-post-pause:${seg.pauseStart}`, seg.lastDose, "course paused"));
      }
    }
  }
  if (course.endDate !== null) {
    const lastDose = segments.at(-1)?.lastDose ?? course.endDate;
    const item = post("PREG_POST_COURSE", `course:${course.id}:preg-post`, lastDose, "course ended");
    if (!longOver || (item.status !== "COMPLETED" && item.status !== "WAIVED")) items.push(item);
  }
  return items;
}
