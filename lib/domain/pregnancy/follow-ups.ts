import { formatDate } from "@/lib/format";
import { PREGNANCY_FOLLOW_UP_LABELS } from "@/lib/labels";
import { addDays, type IsoDate } from "../dates";
import type { Pause } from "../dosing/course-input";
import { dosesAfter } from "../dosing/course-status";
import type { itemBuilder, MonitoringItem } from "../monitoring/items";
import type { Clearance, PregnancyHistory } from "./history";
import type { EffectiveRules, FollowUpKind, RulesOn } from "./rules";

/**
 * What follows a confirmed pregnancy (docs/DOMAIN.md "How the product applies these rule sets"): any positive
 * test stops the drug and the patient is referred (boxed warning); under iPLEDGE the pregnancy is also
 * reported to the REMS program. Each follow-up the rule set in force on the decision's day asks for
 * (confirmedPregnancyFollowUps) is an item due on the decision's day, overdue after the days of the
 * clinic's pregnancy-prevention settings in force that day (followUpOverdueAfterDays, at most the rule set's:
 * effectiveRules), and completed when a dermatologist records it done (a record voided as entered in error
 * counts for nothing, so the item opens again). It stays until recorded, whatever follows: a later negative
 * test ends the pregnancy, not the referral or the report. A decision is never voided (a decided test cannot be either).
 *
 * The stored item's label ("Dermatologist follow-up"), its reason and its key name no follow-up; the follow-up
 * in words is the item's `clinical` label and reason, which only clinical roles are given. Office staff do not
 * get these items at all (DERMATOLOGIST_ONLY_KINDS in ../monitoring/items.ts): the neutral words are a second
 * line, for the stored rows and anything that reads them by key.
 */

type Build = ReturnType<typeof itemBuilder>;

/** Opaque key suffixes: a key reaches pages and stored rows (the outreach form, outreach notes), so it names no follow-up. */
const KEY_SUFFIX: Record<FollowUpKind, string> = { OBSTETRIC_REFERRAL: "1", REMS_REPORT: "2" };

export const followUpKey = (decisionId: string, kind: FollowUpKind) => `decision:${decisionId}:follow-up-${KEY_SUFFIX[kind]}`;

/** The follow-up an item's key names, if it names one. */
export function followUpOfKey(key: string): FollowUpKind | null {
  const suffix = /^decision:[^:]+:follow-up-(\d+)$/.exec(key)?.[1];
  return (Object.keys(KEY_SUFFIX) as FollowUpKind[]).find((k) => KEY_SUFFIX[k] === suffix) ?? null;
}

/** A stored item's label as clinical roles read it: a follow-up in words, any other item as stored. */
export function clinicalItemLabel(key: string, storedLabel: string): string {
  const kind = followUpOfKey(key);
  return kind ? PREGNANCY_FOLLOW_UP_LABELS[kind] : storedLabel;
}

/** What every role reads of an open or completed follow-up item. */
export const FOLLOW_UP_REASON_OPEN = "A dermatologist's follow-up is due; the details are in the clinical record.";
const followUpReasonDone = (doneOn: IsoDate) => `Recorded by a dermatologist as done on ${formatDate(doneOn)}.`;

export interface FollowUpDue {
  decision: Clearance & { id: string };
  kind: FollowUpKind;
  rules: EffectiveRules;
  /** The day the current record says it was done (the earliest, were there several), or null. */
  doneOn: IsoDate | null;
}

/** Every confirmed decision's follow-ups, as the rules in force on the decision's day ask for them, with their records. */
export function followUpsDue(h: Pick<PregnancyHistory, "clearances" | "followUps">, rulesOn: RulesOn): FollowUpDue[] {
  return h.clearances
    .filter((c): c is Clearance & { id: string } => c.outcome === "PREGNANCY_CONFIRMED" && c.id !== undefined)
    .flatMap((decision) => {
      const rules = rulesOn(decision.decidedOn);
      return rules.confirmedPregnancyFollowUps.map((kind) => {
        const done = (h.followUps ?? []).filter((f) => f.decisionId === decision.id && f.kind === kind).map((f) => f.doneOn);
        return { decision, kind, rules, doneOn: done.sort()[0] ?? null };
      });
    });
}

/** The follow-up items of a patient's confirmed pregnancies (whatever the category today, and beside a review). */
export function followUpItems(h: PregnancyHistory, rulesOn: RulesOn, build: Build): MonitoringItem[] {
  return followUpsDue(h, rulesOn).map(({ decision, kind, rules, doneOn }) => {
    const test = h.tests.find((t) => t.id === decision.testId);
    const confirmed = `Pregnancy confirmed on ${formatDate(decision.decidedOn)}${test ? ` (test of ${formatDate(test.specimenDate)})` : ""}`;
    return build({
      kind: "DERM_FOLLOW_UP",
      courseId: null,
      key: followUpKey(decision.id, kind),
      dueDate: decision.decidedOn,
      completedOn: doneOn,
      overdueAfterDays: rules.followUpOverdueAfterDays,
      reasonOpen: FOLLOW_UP_REASON_OPEN,
      reasonDone: doneOn ? followUpReasonDone(doneOn) : "",
      clinical: {
        label: PREGNANCY_FOLLOW_UP_LABELS[kind],
        // The first day it is overdue (itemStatus: past the due date by more than the days allowed), said as a date:
        // "overdue 0 days after" read as if it were overdue on its due day.
        reasonOpen: `${confirmed}: due that day (${rules.name}), overdue from ${formatDate(addDays(decision.decidedOn, rules.followUpOverdueAfterDays + 1))} (the clinic's pregnancy-prevention settings).`,
        reasonDone: doneOn ? `${confirmed}: recorded as done on ${formatDate(doneOn)}.` : "",
      },
    });
  });
}

/**
 * The day a dermatologist confirmed the pregnancy that ended this course, or null. The course, as recorded,
 * was in progress on the day the test was collected (its first to its last day), has ended by `asOf`, and
 * has no day on therapy after the decision's day (dosesAfter: stopped by then, or paused from then to its
 * end); a confirmed pregnancy is documented only once no dose remains after that day, so the end came with
 * it. A course paused for a pregnancy and resumed once it ended was not ended by it (a later pregnancy, or
 * another reason, ended it). A course from paper records is never one: its end is history entered afterwards.
 * `pauses`: the course's pauses not voided.
 */
export function pregnancyEndedCourseOn(
  course: { startDate: IsoDate; endDate: IsoDate | null; paperRecord?: boolean; pauses?: readonly Pause[] },
  confirmed: readonly { testDate: IsoDate; decidedOn: IsoDate }[],
  asOf: IsoDate,
): IsoDate | null {
  const end = course.endDate;
  if (course.paperRecord || end === null || end > asOf) return null;
  const ended = { startDate: course.startDate, status: "STOPPED" as const, endDate: end, pauses: course.pauses ?? [] };
  const on = confirmed
    .filter((c) => c.decidedOn <= asOf && c.testDate >= course.startDate && c.testDate <= end && !dosesAfter(ended, c.decidedOn))
    .map((c) => c.decidedOn);
  return on.sort()[0] ?? null;
}
