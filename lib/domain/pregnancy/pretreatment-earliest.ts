import { addDays, daysBetween, type IsoDate } from "../dates";
import type { PregnancyHistory, PregnancyTest } from "./history";
import { checkPrescription, type PrescribingDecision } from "./prescribing";
import type { RulesOn } from "./rules";

/**
 * The first prescription of a new course, asked of the prescribing check itself (checkPrescription): on a
 * given day, and on the earliest day it could be written once what is still missing is done in time. The
 * pre-treatment checklist (pretreatment.ts) reads its lines from these answers, never from rules of its own.
 */

/** The course a first prescription would start: none of the patient's, so that the check holds it to a first one. */
export const NEW_COURSE_ID = "new-course";

/** How far ahead the earliest day is looked for (past any lead, spacing or wait of the rule sets). */
export const EARLIEST_HORIZON_DAYS = 90;

/** The same rules, each day's worked out once: the searches below ask the check about many days, and it asks the rules often. */
export function rememberedRules(rulesOn: RulesOn): RulesOn {
  const seen = new Map<IsoDate, ReturnType<RulesOn>>();
  return (date) => {
    let rules = seen.get(date);
    if (!rules) seen.set(date, (rules = rulesOn(date)));
    return rules;
  };
}

/**
 * The prescribing check for the first prescription of a new course written on `date` and entered on
 * `today`, asking for what the rules allow (the longest supply, no refills): only the pregnancy rules refuse it.
 */
export function checkFirstPrescription(h: PregnancyHistory, date: IsoDate, today: IsoDate, rulesOn: RulesOn): PrescribingDecision {
  const r = rulesOn(date);
  return checkPrescription(h, { courseId: NEW_COURSE_ID, date, recordedOn: today, daysSupply: r.maxDaysSupply, refills: 0 }, rulesOn);
}

/**
 * Which pregnancy tests are planned: none; a negative test collected on the prescription's day (the
 * confirmation, or the only test); or a screening test today as well.
 */
export type TestPlan = "NONE" | "ON_THE_DAY" | "SCREENING_TODAY";
export const TEST_PLANS: readonly TestPlan[] = ["NONE", "ON_THE_DAY", "SCREENING_TODAY"];

/**
 * The history with what is missing done in time for a first prescription on `date`: contraception in use
 * from today on (beside what is documented), counseling on that day confirming it, and the planned tests, negative, in
 * the first setting the rules of their day accept before treatment. Nothing else changes: an undecided
 * positive test or a laboratory result waiting for review stays as it is.
 */
export function planned(h: PregnancyHistory, today: IsoDate, date: IsoDate, rulesOn: RulesOn, plan: TestPlan): PregnancyHistory {
  const test = (day: IsoDate, id: string): PregnancyTest => ({ id, specimenDate: day, result: "NEGATIVE", setting: rulesOn(day).screeningSettings[0]! });
  const tests = [...h.tests];
  if (plan !== "NONE") tests.push(test(date, "planned-test-on-the-day"));
  if (plan === "SCREENING_TODAY") tests.push(test(today, "planned-screening-today"));
  return {
    ...h,
    tests,
    contraception: [...h.contraception, { id: "planned-contraception", method: "TWO_METHODS", startDate: today, endDate: null }],
    counseling: [...h.counseling, { id: "planned-counseling", date, confirmedContraceptionId: "planned-contraception" }],
  };
}

/**
 * The earliest day from today (or `notBefore`), within the horizon, on which the check, given the planned
 * history, answers as `met` asks, and the test plan that gets there; null when no day does. A screening
 * test planned today needs a later day for the test of the prescription.
 */
export function earliestDay(
  h: PregnancyHistory,
  today: IsoDate,
  rulesOn: RulesOn,
  met: (d: PrescribingDecision) => boolean,
  plans: readonly TestPlan[] = TEST_PLANS,
  notBefore: IsoDate = today,
): { date: IsoDate; plan: TestPlan } | null {
  for (let n = Math.max(0, daysBetween(today, notBefore)); n <= EARLIEST_HORIZON_DAYS; n++) {
    const date = addDays(today, n);
    for (const plan of plans) {
      if (plan === "SCREENING_TODAY" && n === 0) continue;
      if (met(checkFirstPrescription(planned(h, today, date, rulesOn, plan), date, today, rulesOn))) return { date, plan };
    }
  }
  return null;
}
