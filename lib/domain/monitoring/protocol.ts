import { addDays, addMonths, daysBetween, maxDate, type IsoDate } from "../dates";

/**
 * The isotretinoin monitoring protocol (DOMAIN.md "Monitoring protocol"), as versioned, effective-dated
 * clinic configuration. Defaults and sources:
 * - Baseline ALT/AST and fasting lipids within 30 days before course start (Xia et al., JAMA Dermatol
 *   2022 Delphi consensus; isotretinoin label). A course started without them is overdue at once.
 * - ALT and triglycerides at peak dose: 8 weeks after start, or 4 weeks after the last dose increase; then
 *   every 3 months on therapy (Xia 2022; label). Due soon 7 days before, overdue 14 days after.
 * - Patients who can become pregnant (iPLEDGE REMS): two negative tests before the first prescription, a
 *   negative test within the 7 days before each prescription (specimen date = day 1), monthly on
 *   therapy, and one 30 days after the course ends.
 * Paused or ended courses generate nothing but the post-course pregnancy test.
 */
export interface MonitoringProtocol {
  baselineWindowDays: number;
  peakWeeksAfterStart: number;
  peakWeeksAfterIncrease: number;
  periodicMonths: number;
  dueSoonDays: number;
  overdueAfterDays: number;
  pregnancy: {
    screeningTests: number;
    screeningWindowDays: number;
    prescriptionWindowDays: number;
    monthlyIntervalDays: number;
    postCourseDays: number;
    overdueAfterDays: number;
  };
}

export const DEFAULT_PROTOCOL: MonitoringProtocol = {
  baselineWindowDays: 30,
  peakWeeksAfterStart: 8,
  peakWeeksAfterIncrease: 4,
  periodicMonths: 3,
  dueSoonDays: 7,
  overdueAfterDays: 14,
  pregnancy: { screeningTests: 2, screeningWindowDays: 30, prescriptionWindowDays: 7, monthlyIntervalDays: 30, postCourseDays: 30, overdueAfterDays: 7 },
};

/**
 * An ended course keeps generating items (its prescriptions' pregnancy tests, the post-course test) for this
 * many days after its end: the post-course test is due at 30 days and overdue a week later, so 120 days
 * leaves three months for staff to close or waive it before it drops off the lists.
 */
export const ENDED_COURSE_MONITORING_DAYS = 120;

/**
 * The days on which a course's set of items changes although no data changed, only the date: the day a
 * planned course enters the baseline window, the day after it ends, and the day it leaves the ended-course
 * window. On every other day the items keep their keys, dates and reasons and only their status moves,
 * which SQL derives from the stored dates (lib/data/monitoring.ts statusSql), so stored items stay exact
 * if they are recomputed on these days. A unit test walks the calendar to check it.
 */
export function itemSetChangeDays(course: { startDate: IsoDate; endDate: IsoDate | null }, p: MonitoringProtocol = DEFAULT_PROTOCOL): IsoDate[] {
  const days = [addDays(course.startDate, -p.baselineWindowDays)];
  if (course.endDate) days.push(addDays(course.endDate, 1), addDays(course.endDate, ENDED_COURSE_MONITORING_DAYS + 1));
  return days;
}

export type ItemStatus = "NOT_DUE" | "DUE_SOON" | "DUE" | "OVERDUE" | "COMPLETED" | "WAIVED";

export type ItemKind = "BASELINE_LIVER" | "BASELINE_LIPIDS" | "PEAK_LABS" | "PERIODIC_LABS" | "PREG_SCREENING" | "PREG_PRESCRIPTION" | "PREG_MONTHLY" | "PREG_POST_COURSE";

export const ITEM_LABELS: Record<ItemKind, string> = {
  BASELINE_LIVER: "Baseline ALT/AST",
  BASELINE_LIPIDS: "Baseline fasting lipids",
  PEAK_LABS: "ALT + triglycerides at peak dose",
  PERIODIC_LABS: "ALT + triglycerides (3-monthly)",
  PREG_SCREENING: "Two screening pregnancy tests",
  PREG_PRESCRIPTION: "Pregnancy test before prescription",
  PREG_MONTHLY: "Monthly pregnancy test",
  PREG_POST_COURSE: "Pregnancy test 30 days after course",
};

export interface LabPoint {
  analyte: string;
  specimenDate: IsoDate;
  qualitative?: "NEGATIVE" | "POSITIVE" | "INDETERMINATE" | null;
}

export interface CourseForMonitoring {
  id: string;
  startDate: IsoDate;
  endDate: IsoDate | null;
  status: "ACTIVE" | "PAUSED" | "COMPLETED" | "STOPPED";
  /** Effective dates of dose increases (daily-equivalent mg went up). */
  doseIncreaseDates: IsoDate[];
  prescriptions: { id: string; writtenOn: IsoDate }[];
}

export interface Waiver {
  itemKey: string;
  reason: string;
  waivedBy: string;
  waivedAt: string;
}

export interface PatientForMonitoring {
  canBecomePregnant: boolean;
  courses: CourseForMonitoring[];
  labs: LabPoint[];
  waivers: Waiver[];
}

export interface MonitoringItem {
  key: string;
  kind: ItemKind;
  label: string;
  courseId: string;
  dueDate: IsoDate;
  /** The item's windows, so that status can be recomputed for another day (e.g. in SQL). */
  dueSoonDays: number;
  overdueAfterDays: number;
  status: ItemStatus;
  /** Positive when overdue. */
  daysOverdue: number;
  reason: string;
  completedOn: IsoDate | null;
  waiver: Waiver | null;
}

const fmt = (d: IsoDate) => {
  const [y, m, day] = d.split("-").map(Number) as [number, number, number];
  return `${day} ${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m - 1]} ${y}`;
};

export function itemStatus(dueDate: IsoDate, asOf: IsoDate, done: boolean, waived: boolean, dueSoonDays: number, overdueAfterDays: number): ItemStatus {
  if (waived) return "WAIVED";
  if (done) return "COMPLETED";
  const late = daysBetween(dueDate, asOf);
  if (late > overdueAfterDays) return "OVERDUE";
  if (late >= 0) return "DUE";
  if (late >= -dueSoonDays) return "DUE_SOON";
  return "NOT_DUE";
}

/** Latest date by which every analyte has a result in [from, to]; null if one is missing. */
function completedWithin(labs: LabPoint[], analytes: string[], from: IsoDate, to: IsoDate | null): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const a of analytes) {
    const dates = labs.filter((l) => l.analyte === a && l.specimenDate >= from && (to === null || l.specimenDate <= to)).map((l) => l.specimenDate);
    if (dates.length === 0) return null;
    const first = dates.sort()[0]!;
    latest = maxDate(latest ?? first, first);
  }
  return latest;
}

function negativeHcg(labs: LabPoint[], from: IsoDate, to: IsoDate | null): IsoDate[] {
  return labs
    .filter((l) => l.analyte === "HCG" && l.qualitative === "NEGATIVE" && l.specimenDate >= from && (to === null || l.specimenDate <= to))
    .map((l) => l.specimenDate)
    .sort();
}

function anyHcg(labs: LabPoint[], from: IsoDate): IsoDate | null {
  return labs.filter((l) => l.analyte === "HCG" && l.specimenDate >= from).map((l) => l.specimenDate).sort()[0] ?? null;
}

export function computeMonitoringItems(patient: PatientForMonitoring, asOf: IsoDate, p: MonitoringProtocol = DEFAULT_PROTOCOL): MonitoringItem[] {
  const items: MonitoringItem[] = [];
  const waiverFor = (key: string) => patient.waivers.find((w) => w.itemKey === key) ?? null;

  const push = (kind: ItemKind, courseId: string, key: string, dueDate: IsoDate, completedOn: IsoDate | null, overdueAfter: number, reasonOpen: string, reasonDone: string) => {
    const waiver = waiverFor(key);
    const status = itemStatus(dueDate, asOf, completedOn !== null, waiver !== null, p.dueSoonDays, overdueAfter);
    const reason =
      status === "WAIVED" ? `Waived: ${waiver!.reason}` : status === "COMPLETED" ? reasonDone : reasonOpen;
    items.push({ key, kind, label: ITEM_LABELS[kind], courseId, dueDate, dueSoonDays: p.dueSoonDays, overdueAfterDays: overdueAfter, status, daysOverdue: Math.max(0, daysBetween(dueDate, asOf)), reason, completedOn, waiver });
  };

  for (const course of patient.courses) {
    if (course.startDate > addDays(asOf, p.baselineWindowDays)) continue; // planned far ahead: nothing yet
    const ended = course.endDate !== null && course.endDate < asOf && (course.status === "COMPLETED" || course.status === "STOPPED");
    if (ended && course.endDate! < addDays(asOf, -ENDED_COURSE_MONITORING_DAYS)) continue; // long over
    const onTherapy = !ended && course.status === "ACTIVE";
    const start = course.startDate;

    if (onTherapy) {
      const baselineFrom = addDays(start, -p.baselineWindowDays);
      const liver = completedWithin(patient.labs, ["ALT", "AST"], baselineFrom, start);
      push("BASELINE_LIVER", course.id, `course:${course.id}:baseline-liver`, start, liver, 0,
        `ALT and AST due within ${p.baselineWindowDays} days before the start on ${fmt(start)}; none recorded in that window.`,
        `ALT and AST collected ${liver ? fmt(liver) : ""}.`);
      const lipids = completedWithin(patient.labs, ["TG", "CHOL"], baselineFrom, start);
      push("BASELINE_LIPIDS", course.id, `course:${course.id}:baseline-lipids`, start, lipids, 0,
        `Fasting lipids due within ${p.baselineWindowDays} days before the start on ${fmt(start)}; none recorded in that window.`,
        `Lipids collected ${lipids ? fmt(lipids) : ""}.`);

      // Peak-dose labs: 8 weeks after start, or 4 weeks after the last dose increase if later. A scheduled
      // (future-dated) increase counts already, so the due date is known ahead.
      const lastIncrease = course.doseIncreaseDates.filter((d) => d > start).sort().at(-1) ?? null;
      const afterStart = addDays(start, p.peakWeeksAfterStart * 7);
      const afterIncrease = lastIncrease ? addDays(lastIncrease, p.peakWeeksAfterIncrease * 7) : null;
      const peakDue = afterIncrease && afterIncrease > afterStart ? afterIncrease : afterStart;
      const peakFrom = addDays(peakDue, -p.dueSoonDays);
      const peakDone = completedWithin(patient.labs, ["ALT", "TG"], peakFrom, null);
      const peakWhy = afterIncrease && afterIncrease > afterStart
        ? `ALT and triglycerides due ${p.peakWeeksAfterIncrease} weeks after the dose increase on ${fmt(lastIncrease!)}`
        : `ALT and triglycerides due ${p.peakWeeksAfterStart} weeks after start on ${fmt(start)}`;
      push("PEAK_LABS", course.id, `course:${course.id}:peak`, peakDue, peakDone, p.overdueAfterDays,
        `${peakWhy}; none recorded since ${fmt(peakFrom)}.`, `${peakWhy}; collected ${peakDone ? fmt(peakDone) : ""}.`);

      // Then every 3 months from the last completed set: only the next one is listed.
      if (peakDone) {
        let anchor = peakDone;
        for (let n = 1; n <= 40; n++) {
          const due = addMonths(anchor, p.periodicMonths);
          const from = addDays(due, -p.dueSoonDays);
          const done = completedWithin(patient.labs, ["ALT", "TG"], from, null);
          if (done && done <= asOf) {
            anchor = done;
            continue;
          }
          push("PERIODIC_LABS", course.id, `course:${course.id}:periodic:${due}`, due, null, p.overdueAfterDays,
            `ALT and triglycerides due ${p.periodicMonths} months after the last set on ${fmt(anchor)}; none recorded since.`, "");
          break;
        }
      }
    }

    if (!patient.canBecomePregnant) continue;
    const pr = p.pregnancy;
    const rxs = [...course.prescriptions].sort((a, b) => (a.writtenOn < b.writtenOn ? -1 : 1));
    const firstRx = rxs[0]?.writtenOn ?? start;

    if (onTherapy || !ended) {
      const screening = negativeHcg(patient.labs, addDays(firstRx, -pr.screeningWindowDays), firstRx);
      const distinct = [...new Set(screening)];
      const screeningDone = distinct.length >= pr.screeningTests ? distinct[pr.screeningTests - 1]! : null;
      push("PREG_SCREENING", course.id, `course:${course.id}:preg-screening`, firstRx, screeningDone, 0,
        `${pr.screeningTests} negative pregnancy tests due before the first prescription on ${fmt(firstRx)}; ${distinct.length} recorded.`,
        `${pr.screeningTests} negative tests recorded, the last on ${screeningDone ? fmt(screeningDone) : ""}.`);
    }

    for (const rx of rxs) {
      const tests = negativeHcg(patient.labs, addDays(rx.writtenOn, -(pr.prescriptionWindowDays - 1)), rx.writtenOn);
      push("PREG_PRESCRIPTION", course.id, `rx:${rx.id}:preg`, rx.writtenOn, tests.at(-1) ?? null, 0,
        `A negative pregnancy test was due within ${pr.prescriptionWindowDays} days before the prescription of ${fmt(rx.writtenOn)}; none recorded.`,
        `Negative test on ${tests.at(-1) ? fmt(tests.at(-1)!) : ""} before the prescription of ${fmt(rx.writtenOn)}.`);
    }

    if (onTherapy) {
      const lastTest = negativeHcg(patient.labs, addDays(start, -pr.prescriptionWindowDays), asOf).at(-1) ?? start;
      const anchor = maxDate(lastTest, start);
      const due = addDays(anchor, pr.monthlyIntervalDays);
      push("PREG_MONTHLY", course.id, `course:${course.id}:preg-monthly:${due}`, due, null, pr.overdueAfterDays,
        `Monthly pregnancy test due ${pr.monthlyIntervalDays} days after the last one on ${fmt(anchor)}.`, "");
    }

    if (course.endDate && (course.status === "COMPLETED" || course.status === "STOPPED")) {
      const due = addDays(course.endDate, pr.postCourseDays);
      const done = anyHcg(patient.labs, addDays(due, -p.dueSoonDays));
      push("PREG_POST_COURSE", course.id, `course:${course.id}:preg-post`, due, done, pr.overdueAfterDays,
        `Pregnancy test due ${pr.postCourseDays} days after the course ended on ${fmt(course.endDate)}; none recorded.`,
        `Post-course test collected ${done ? fmt(done) : ""}.`);
    }
  }
  return items;
}

/** Items that need someone to act: for the staff worklist and the dashboard. */
export function isActionable(item: MonitoringItem): boolean {
  return item.status === "OVERDUE" || item.status === "DUE" || item.status === "DUE_SOON";
}
