import { formatDate } from "@/lib/format";
import { renewalItems } from "./renewal";
import { repeatItems, type RepeatInputs } from "./repeat";
import { addDays, addMonths, daysBetween, maxDate, versionInForce, type IsoDate } from "../dates";
import { pregnancyItems, prescribingStopped, ENDED_COURSE_MONITORING_DAYS, type PregnancyHistory, type RulesOn } from "../pregnancy";
import { itemBuilder, type MonitoringItem, type Waiver } from "./items";

export { ENDED_COURSE_MONITORING_DAYS };
export { isActionable, itemStatus, type ItemKind, type ItemStatus, type MonitoringItem, type Waiver } from "./items";

/**
 * The isotretinoin lab monitoring protocol (docs/DOMAIN.md "Monitoring protocol"), as versioned,
 * effective-dated clinic configuration. Defaults and sources:
 * - Baseline ALT/AST and fasting lipids within 30 days before course start (Xia et al., JAMA Dermatol
 *   2022 Delphi consensus; isotretinoin label). A course started without them is overdue at once.
 * - ALT and triglycerides at peak dose: 8 weeks after start, or 4 weeks after the last dose increase; then
 *   every 3 months on therapy (Xia 2022; label). Due soon 7 days before, overdue 14 days after.
 * Pregnancy-prevention items come from lib/domain/pregnancy, which owns those rules.
 * Lab items follow the calendar: a course is on therapy from its start to its last day, outside its
 * pauses, whatever its status says, so a pause or an end dated ahead takes effect on its date.
 * Each lab item follows the protocol version in force on the day it is anchored (ProtocolOn), as the
 * pregnancy rules do per date: a course's baseline items the version of its start, its peak-dose item
 * the version of its anchor (the start, or the last dose increase when that sets the due date), each
 * periodic occurrence the version of the set (or waived due date) it counts from. A new version
 * therefore never reopens or moves an item anchored before its date.
 */
export interface MonitoringProtocol {
  baselineWindowDays: number;
  peakWeeksAfterStart: number;
  peakWeeksAfterIncrease: number;
  periodicMonths: number;
  dueSoonDays: number;
  overdueAfterDays: number;
}

/** The widest baseline window a clinic may set: the settings form's bound, and how far before a start the tests are read. */
export const MAX_BASELINE_WINDOW_DAYS = 60;

export const DEFAULT_PROTOCOL: MonitoringProtocol = {
  baselineWindowDays: 30,
  peakWeeksAfterStart: 8,
  peakWeeksAfterIncrease: 4,
  periodicMonths: 3,
  dueSoonDays: 7,
  overdueAfterDays: 14,
};

/** The protocol version in force on any day, from the clinic's effective-dated versions. */
export type ProtocolOn = (date: IsoDate) => MonitoringProtocol;

/**
 * The protocol on any day from the versions (each from its effective date; on the same day the later
 * one in the list wins, as lib/data/config.ts lists them), the cited defaults before the first.
 */
export function protocolResolver(versions: readonly { effectiveFrom: IsoDate; protocol: MonitoringProtocol }[]): ProtocolOn {
  return (date) => versionInForce(versions, date)?.protocol ?? DEFAULT_PROTOCOL;
}

/**
 * The days on which a course's set of items changes although no data changed, only the date: the day a
 * planned course enters the baseline window (of the protocol `p` in force on the day: how far ahead the
 * clinic looks), each pause's first day and resume day, the day after it ends, and the day it leaves the
 * ended-course window. On every other day the items keep their keys, dates and reasons and only their
 * status moves, which SQL derives from the stored dates (lib/data/monitoring.ts statusSql), so stored
 * items stay exact if they are recomputed on these days and on the day a protocol version takes effect
 * (the daily refresh then recomputes every patient's). A unit test walks the calendar to check it.
 */
export function itemSetChangeDays(course: Pick<CourseForMonitoring, "startDate" | "endDate" | "pauses">, p: MonitoringProtocol = DEFAULT_PROTOCOL): IsoDate[] {
  const days = [addDays(course.startDate, -p.baselineWindowDays)];
  for (const pause of course.pauses) days.push(pause.startDate, ...(pause.resumeDate ? [pause.resumeDate] : []));
  if (course.endDate) days.push(addDays(course.endDate, 1), addDays(course.endDate, ENDED_COURSE_MONITORING_DAYS + 1));
  return days;
}

export interface LabPoint {
  analyte: string;
  specimenDate: IsoDate;
}

export interface CourseForMonitoring {
  id: string;
  startDate: IsoDate;
  /** Last day of therapy once set (a future date takes effect on that date). */
  endDate: IsoDate | null;
  /** First paused day to the day therapy resumes (exclusive; null while open). */
  pauses: { startDate: IsoDate; resumeDate: IsoDate | null }[];
  /** Effective dates of dose increases (daily-equivalent mg went up). */
  doseIncreaseDates: IsoDate[];
  /** The last day the course's prescriptions supply; null or absent without supply data. */
  suppliedThrough?: IsoDate | null;
}

export interface PatientForMonitoring {
  courses: CourseForMonitoring[];
  labs: LabPoint[];
  waivers: Waiver[];
  pregnancy: PregnancyHistory;
  /** Repeat tests asked for by reviews of results (repeat.ts); none when absent. */
  repeats?: RepeatInputs;
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

const pausedOn = (c: CourseForMonitoring, d: IsoDate) => c.pauses.some((p) => p.startDate <= d && (p.resumeDate === null || d < p.resumeDate));

/** Every item of a patient: the lab protocol's, renewals (none while prescribing is stopped), repeats, pregnancy prevention's. */
export function computeMonitoringItems(patient: PatientForMonitoring, asOf: IsoDate, protocolOn: ProtocolOn, rulesOn: RulesOn): MonitoringItem[] {
  return [
    ...labItems(patient, asOf, protocolOn),
    ...renewalItems(patient.courses, asOf, patient.waivers, protocolOn, prescribingStopped(patient.pregnancy, asOf, rulesOn)),
    ...repeatItems(patient.repeats, asOf, patient.waivers, protocolOn),
    ...pregnancyItems(patient.pregnancy, asOf, rulesOn, patient.waivers),
  ];
}

/**
 * The lab protocol's items: baseline ALT/AST and lipids, the peak-dose labs and the periodic labs, each by
 * the protocol version in force on its anchor (see MonitoringProtocol). Whether a planned course has items
 * yet follows the baseline window in force on `asOf` (itemSetChangeDays).
 */
export function labItems(patient: Omit<PatientForMonitoring, "pregnancy">, asOf: IsoDate, protocolOn: ProtocolOn = () => DEFAULT_PROTOCOL): MonitoringItem[] {
  const items: MonitoringItem[] = [];
  const builders = new Map<number, ReturnType<typeof itemBuilder>>();
  const build = (p: MonitoringProtocol, i: Parameters<ReturnType<typeof itemBuilder>>[0]) => {
    let b = builders.get(p.dueSoonDays);
    if (!b) builders.set(p.dueSoonDays, (b = itemBuilder(asOf, patient.waivers, p.dueSoonDays)));
    return b(i);
  };
  const isWaived = (key: string) => patient.waivers.some((w) => w.itemKey === key);
  const today = protocolOn(asOf);
  for (const course of patient.courses) {
    if (course.startDate > addDays(asOf, today.baselineWindowDays)) continue; // planned far ahead: nothing yet
    if (course.endDate !== null && course.endDate < asOf) continue; // ended: lab monitoring stops
    if (pausedOn(course, asOf)) continue;
    const start = course.startDate;
    // Baseline labs by the version in force on the start: a window changed later neither reopens nor
    // completes them.
    const pb = protocolOn(start);
    const base = { courseId: course.id, overdueAfterDays: 0 };
    const baselineFrom = addDays(start, -pb.baselineWindowDays);
    // Within the window before the start, or else late: a set collected after the start (up to today) still
    // completes the item, its reason saying how late, since the labs can no longer be taken before it and an
    // item left overdue would have the office chase a patient who has had them. A set completed after the
    // start may have part of it in the window (ALT before the start, AST after it): complete on its last day.
    const baseline = (kind: "BASELINE_LIVER" | "BASELINE_LIPIDS", analytes: string[], what: string, openWhat: string) => {
      const inWindow = completedWithin(patient.labs, analytes, baselineFrom, start);
      const late = inWindow ? null : completedWithin(patient.labs, analytes, baselineFrom, asOf);
      const lateBy = late ? daysBetween(start, late) : 0;
      return build(pb, {
        ...base,
        kind,
        key: `course:${course.id}:${kind === "BASELINE_LIVER" ? "baseline-liver" : "baseline-lipids"}`,
        dueDate: start,
        completedOn: inWindow ?? late,
        reasonOpen: `${openWhat} due within ${pb.baselineWindowDays} days before the start on ${formatDate(start)}; none recorded in that window.`,
        reasonDone: late
          ? `${what} collected ${formatDate(late)}, ${lateBy} ${lateBy === 1 ? "day" : "days"} after the start (late: due within ${pb.baselineWindowDays} days before it).`
          : `${what} collected ${inWindow ? formatDate(inWindow) : ""}.`,
      });
    };
    items.push(baseline("BASELINE_LIVER", ["ALT", "AST"], "ALT and AST", "ALT and AST"));
    items.push(baseline("BASELINE_LIPIDS", ["TG", "CHOL"], "Lipids", "Fasting lipids"));

    // Peak-dose labs: 8 weeks after start, or 4 weeks after the last dose increase if later, each by the
    // version in force on that day. A scheduled (future-dated) increase counts already, so the due date is
    // known ahead.
    const lastIncrease =
      course.doseIncreaseDates
        .filter((d) => d > start)
        .sort()
        .at(-1) ?? null;
    const afterStart = addDays(start, pb.peakWeeksAfterStart * 7);
    const pi = lastIncrease ? protocolOn(lastIncrease) : null;
    const afterIncrease = lastIncrease && pi ? addDays(lastIncrease, pi.peakWeeksAfterIncrease * 7) : null;
    const byIncrease = afterIncrease !== null && afterIncrease > afterStart;
    const pp = byIncrease ? pi! : pb;
    const peakAnchor = byIncrease ? lastIncrease! : start;
    const peakDue = byIncrease ? afterIncrease : afterStart;
    // From the due-soon days before it, but never a set collected on or before its anchor: a baseline set,
    // or one before the increase, is not the set at the dose it checks.
    const peakFrom = maxDate(addDays(peakDue, -pp.dueSoonDays), addDays(peakAnchor, 1));
    const peakDone = completedWithin(patient.labs, ["ALT", "TG"], peakFrom, null);
    const peakWhy = byIncrease
      ? `ALT and triglycerides due ${pp.peakWeeksAfterIncrease} weeks after the dose increase on ${formatDate(lastIncrease!)}`
      : `ALT and triglycerides due ${pp.peakWeeksAfterStart} weeks after start on ${formatDate(start)}`;
    const peakKey = `course:${course.id}:peak`;
    // Due "while on therapy": an occurrence after the course's recorded last day is not listed, as the
    // monthly pregnancy tests stop at the last dose.
    const afterLastDay = (due: IsoDate) => course.endDate !== null && due > course.endDate;
    if (afterLastDay(peakDue)) continue;
    items.push(
      build(pp, {
        courseId: course.id,
        kind: "PEAK_LABS",
        key: peakKey,
        dueDate: peakDue,
        completedOn: peakDone,
        overdueAfterDays: pp.overdueAfterDays,
        // Stored, and true before and after that day (the window may open in the days ahead).
        reasonOpen: `${peakWhy}; a set collected from ${formatDate(peakFrom)} on completes it.`,
        reasonDone: `${peakWhy}; collected ${peakDone ? formatDate(peakDone) : ""}.`,
      }),
    );

    // Then every few months from the last set, or from the due date of a waived occurrence: a waiver
    // skips one occurrence and the next is listed. Completed ones are not listed again. Each occurrence by
    // the version in force on its anchor, and only a set collected after that anchor completes it (the
    // anchor's own set never completes the next occurrence too).
    let anchor = peakDone ?? (isWaived(peakKey) ? peakDue : null);
    for (let n = 1; anchor !== null && n <= 200; n++) {
      const po = protocolOn(anchor);
      const due = addMonths(anchor, po.periodicMonths);
      if (afterLastDay(due)) break;
      const key = `course:${course.id}:periodic:${due}`;
      const from = maxDate(addDays(due, -po.dueSoonDays), addDays(anchor, 1));
      const done = completedWithin(patient.labs, ["ALT", "TG"], from, null);
      if (done && done <= asOf) {
        anchor = done;
        continue;
      }
      items.push(
        build(po, {
          courseId: course.id,
          kind: "PERIODIC_LABS",
          key,
          dueDate: due,
          completedOn: null,
          overdueAfterDays: po.overdueAfterDays,
          // True whatever the day, as the peak item's: a set collected after the anchor but before the window says nothing.
          reasonOpen: `ALT and triglycerides due ${po.periodicMonths} ${po.periodicMonths === 1 ? "month" : "months"} after ${formatDate(anchor)}; a set collected from ${formatDate(from)} on completes it.`,
          reasonDone: "",
        }),
      );
      if (!isWaived(key)) break;
      anchor = due;
    }
  }
  return items;
}
