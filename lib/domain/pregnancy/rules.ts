import { versionInForce, type IsoDate } from "../dates";

/**
 * Pregnancy-prevention rule sets as effective-dated data (docs/DOMAIN.md, "Pregnancy prevention rule
 * sets"). This file holds every number of those rules; nothing else in the code base may. Each rule names
 * its source; "[S]" marks a number known only from a secondary source, as docs/DOMAIN.md does.
 */
export const PROGRAMMES = ["US_IPLEDGE", "EU_PPP"] as const;
export type Programme = (typeof PROGRAMMES)[number];
export type TestSetting = "LAB" | "OFFICE" | "HOME";
export type RuleSetId = "US_IPLEDGE_2021" | "US_IPLEDGE_2026" | "EU_PPP";
/** What a dermatologist follows up after documenting a confirmed pregnancy (lib/domain/pregnancy/follow-ups.ts). */
export type FollowUpKind = "OBSTETRIC_REFERRAL" | "REMS_REPORT";

export interface PregnancyRuleSet {
  id: RuleSetId;
  name: string;
  programme: Programme;
  /** First day the rule set applies (US versions follow each other; a clinic chooses its programme). */
  effectiveFrom: IsoDate;
  /** Negative tests before the first prescription of a course. */
  screeningTests: number;
  /** Days from the screening test to the confirmation test, at least. */
  screeningSpacingDays: number;
  /** Where the tests before treatment may be done. */
  screeningSettings: readonly TestSetting[];
  /** Where tests during and after treatment may be done; HOME also needs the clinic's opt-in. */
  treatmentSettings: readonly TestSetting[];
  /** Contraception (two methods, or committed abstinence) documented at least this long before the first prescription. */
  contraceptionLeadDays: number;
  /** A negative test within this many days before each prescription, counted from the specimen date (day 1). */
  prescriptionWindowDays: number;
  /** After a first-prescription window closes unused, the next test waits this long (null: no wait). */
  missedWindowWaitDays: number | null;
  monthlyTestIntervalDays: number;
  /** A test this many days after the last dose (course end, or a pause that lasts). */
  postTreatmentTestDays: number;
  maxDaysSupply: number;
  maxRefills: number;
  /** Whom the supply and refill limits bind: every patient (iPLEDGE) or those who can become pregnant (PPP). */
  supplyLimitsApplyTo: "ALL" | "CAN_BECOME_PREGNANT";
  /** Counseling recorded within this many days before each prescription (patients who can become pregnant). */
  counselingIntervalDays: number;
  /** The contraception in use confirmed with the patient at a counseling within this many days before each prescription (patients who can become pregnant). */
  contraceptionConfirmationDays: number;
  /** Patients who cannot become pregnant: counseling before every prescription, or at enrollment only. */
  cannotBecomePregnantCounseling: "MONTHLY" | "ENROLLMENT";
  /** Patients who cannot become pregnant: the prescription is filled within this many days (null: no limit). */
  cannotBecomePregnantFillDays: number | null;
  /** The prescription is dispensed within this many days of being written (null: the test window decides). */
  dispenseWithinDays: number | null;
  /** After a confirmed pregnancy: what is followed up, each due on the decision's day and overdue this many days after it at most. */
  confirmedPregnancyFollowUps: readonly FollowUpKind[];
  followUpOverdueAfterDays: number;
  sources: Record<string, string>;
}

const IPLEDGE_2021_NOTICE = "FDA, iPLEDGE REMS modification in force since 13 Dec 2021";
const IPLEDGE_2026_NOTICE = "FDA-approved iPLEDGE REMS modification, approved 9 Feb 2026";

export const US_IPLEDGE_2021: PregnancyRuleSet = {
  id: "US_IPLEDGE_2021",
  name: "iPLEDGE REMS (since 13 Dec 2021)",
  programme: "US_IPLEDGE",
  effectiveFrom: "2021-12-13",
  screeningTests: 2,
  screeningSpacingDays: 19,
  screeningSettings: ["LAB"],
  treatmentSettings: ["LAB"],
  contraceptionLeadDays: 30,
  prescriptionWindowDays: 7,
  missedWindowWaitDays: 19,
  monthlyTestIntervalDays: 30,
  postTreatmentTestDays: 30,
  maxDaysSupply: 30,
  maxRefills: 0,
  supplyLimitsApplyTo: "ALL",
  counselingIntervalDays: 30,
  contraceptionConfirmationDays: 30,
  cannotBecomePregnantCounseling: "MONTHLY",
  cannotBecomePregnantFillDays: 30,
  dispenseWithinDays: null,
  confirmedPregnancyFollowUps: ["OBSTETRIC_REFERRAL", "REMS_REPORT"],
  followUpOverdueAfterDays: 7,
  sources: {
    categories: `${IPLEDGE_2021_NOTICE}: two patient categories, can / cannot become pregnant`,
    screeningTests: "iPLEDGE: a screening and a confirmation test, negative, before the first prescription",
    screeningSpacingDays: "[S] confirmation test at least 19 days after the screening test",
    screeningSettings: "iPLEDGE (2021): pregnancy tests in a CLIA-certified laboratory",
    contraceptionLeadDays: "[S] two methods (or committed abstinence) from about 1 month before treatment",
    prescriptionWindowDays: "iPLEDGE: 7-day window counted from the specimen date (day 1 + 6); [S] convention",
    missedWindowWaitDays: "iPLEDGE (2007 change): a missed first window means the next test at least 19 days after the previous one",
    monthlyTestIntervalDays: "iPLEDGE: a negative test each month before the prescription",
    postTreatmentTestDays: "[S] a test 1 month after the last dose",
    maxDaysSupply: "[S] at most a 30-day supply, no refills; iPLEDGE applies it to every patient, whatever the category",
    counselingIntervalDays: "iPLEDGE: monthly prescriber counseling and confirmation",
    contraceptionConfirmationDays: "[S] iPLEDGE: each month the prescriber records the two contraception methods in use, confirmed with the patient",
    cannotBecomePregnant: "iPLEDGE (2021): monthly counseling; fill within 30 days of the office visit",
    confirmedPregnancyFollowUps:
      "docs/DOMAIN.md: any positive test: stop the drug, refer (boxed warning); the prescribing information also has a pregnancy reported to the iPLEDGE pregnancy registry",
    followUpOverdueAfterDays: "product convention: the label says at once; overdue after 7 days (as pregnancy tests by default), fewer by the clinic's setting",
  },
};

export const US_IPLEDGE_2026: PregnancyRuleSet = {
  ...US_IPLEDGE_2021,
  id: "US_IPLEDGE_2026",
  name: "iPLEDGE REMS with the 2026 modification",
  effectiveFrom: "2026-08-08",
  screeningSettings: ["LAB", "OFFICE"],
  treatmentSettings: ["LAB", "OFFICE", "HOME"],
  missedWindowWaitDays: null,
  cannotBecomePregnantCounseling: "ENROLLMENT",
  cannotBecomePregnantFillDays: null,
  sources: {
    ...US_IPLEDGE_2021.sources,
    effectiveFrom: `${IPLEDGE_2026_NOTICE}; effective 180 days later (about 8 Aug 2026), a clinic setting because a postponement was reported`,
    screeningSettings: `${IPLEDGE_2026_NOTICE}: CLIA requirement removed; tests before treatment still in a medical setting`,
    treatmentSettings: `${IPLEDGE_2026_NOTICE}: home tests during and after treatment when the prescriber opts in`,
    missedWindowWaitDays: `${IPLEDGE_2026_NOTICE}: 19-day lockout removed (immediate retest)`,
    cannotBecomePregnant: `${IPLEDGE_2026_NOTICE}: counseling at enrollment only, no 30-day window`,
    confirmedPregnancyFollowUps: `${IPLEDGE_2026_NOTICE}: the documentation of the pregnancy's outcome is no longer required; its report still is`,
  },
};

export const EU_PPP: PregnancyRuleSet = {
  id: "EU_PPP",
  name: "EU/UK Pregnancy Prevention Programme",
  programme: "EU_PPP",
  effectiveFrom: "2018-03-23",
  screeningTests: 1,
  screeningSpacingDays: 0,
  screeningSettings: ["LAB", "OFFICE"],
  treatmentSettings: ["LAB", "OFFICE"],
  contraceptionLeadDays: 30,
  prescriptionWindowDays: 4,
  missedWindowWaitDays: null,
  monthlyTestIntervalDays: 28,
  postTreatmentTestDays: 35,
  maxDaysSupply: 30,
  maxRefills: 0,
  supplyLimitsApplyTo: "CAN_BECOME_PREGNANT",
  counselingIntervalDays: 30,
  contraceptionConfirmationDays: 30,
  cannotBecomePregnantCounseling: "ENROLLMENT",
  cannotBecomePregnantFillDays: null,
  dispenseWithinDays: 7,
  confirmedPregnancyFollowUps: ["OBSTETRIC_REFERRAL"],
  followUpOverdueAfterDays: 7,
  sources: {
    programme: "EMA Art. 31 referral (2018) and isotretinoin SmPC 4.4: Pregnancy Prevention Programme",
    screeningTests: "SmPC: one medically supervised negative test before the first prescription",
    screeningSettings: "SmPC: medically supervised pregnancy tests",
    contraceptionLeadDays: "SmPC: contraception from at least 1 month before treatment",
    prescriptionWindowDays: "[S] SmPC: test on the day of prescribing or in the 3 days before (4 days counting the specimen date as day 1)",
    monthlyTestIntervalDays: "[S] SmPC: follow-up tests every 28 days",
    postTreatmentTestDays: "SmPC: final test 5 weeks after stopping",
    maxDaysSupply: "SmPC: prescriptions for women of childbearing potential limited to 30 days of treatment",
    dispenseWithinDays: "SmPC: dispensed within a maximum of 7 days of the prescription",
    counselingIntervalDays: "[S] SmPC: monthly follow-up visits with counseling",
    contraceptionConfirmationDays: "[S] SmPC 4.4: each monthly follow-up visit checks that the patient uses effective contraception",
    confirmedPregnancyFollowUps: "SmPC 4.6: if pregnancy occurs, stop treatment and refer to a physician experienced in teratology; no REMS to report to",
    followUpOverdueAfterDays: "product convention, as under iPLEDGE (fewer by the clinic's setting)",
  },
};

export const RULE_SETS = [US_IPLEDGE_2021, US_IPLEDGE_2026, EU_PPP] as const;

/** The clinic's choices. Tightenings never loosen a rule: the engine takes the stricter of the rule set's number and the clinic's; the form refuses looser. */
export interface PregnancySettings {
  programme: Programme;
  /** When the 2026 iPLEDGE modification takes effect for this clinic. */
  usModificationEffectiveFrom: IsoDate;
  /** The prescriber opts in to home tests during and after treatment, where the rule set allows them. */
  homeTestsOptIn: boolean;
  prescriptionWindowDays: number;
  monthlyTestIntervalDays: number;
  maxDaysSupply: number;
  /** Days a follow-up after a confirmed pregnancy may be late before it is overdue: a tightening of the rule set's days. */
  followUpOverdueAfterDays: number;
  /** How far back a screening test may be for the first prescription (no programme fixes this). */
  screeningLookbackDays: number;
  /** Days a pregnancy test item may be late before it is overdue (clinic convention). */
  overdueAfterDays: number;
  /** Days before the due date an item shows as due soon (clinic convention). */
  dueSoonDays: number;
}

export const DEFAULT_PREGNANCY_SETTINGS: PregnancySettings = {
  programme: "US_IPLEDGE",
  usModificationEffectiveFrom: US_IPLEDGE_2026.effectiveFrom,
  homeTestsOptIn: false,
  prescriptionWindowDays: US_IPLEDGE_2021.prescriptionWindowDays,
  monthlyTestIntervalDays: US_IPLEDGE_2021.monthlyTestIntervalDays,
  maxDaysSupply: US_IPLEDGE_2021.maxDaysSupply,
  followUpOverdueAfterDays: US_IPLEDGE_2021.followUpOverdueAfterDays,
  screeningLookbackDays: 60,
  overdueAfterDays: 7,
  dueSoonDays: 7,
};

/**
 * The rule set of a programme on a date: the US versions follow each other at the clinic's effective
 * date, which may postpone the modification (a postponement was reported) but never bring it before the
 * FDA's date: the modification relaxes rules, and a setting never loosens one.
 */
export function ruleSetFor(programme: Programme, date: IsoDate, usModificationEffectiveFrom: IsoDate): PregnancyRuleSet {
  if (programme === "EU_PPP") return EU_PPP;
  const from = usModificationEffectiveFrom > US_IPLEDGE_2026.effectiveFrom ? usModificationEffectiveFrom : US_IPLEDGE_2026.effectiveFrom;
  return date >= from ? US_IPLEDGE_2026 : US_IPLEDGE_2021;
}

/** The rules in force on one day: the rule set with the clinic's tightenings applied. */
export interface EffectiveRules extends PregnancyRuleSet {
  homeTestsAllowed: boolean;
  screeningLookbackDays: number;
  overdueAfterDays: number;
  dueSoonDays: number;
}

export function effectiveRules(date: IsoDate, s: PregnancySettings): EffectiveRules {
  const base = ruleSetFor(s.programme, date, s.usModificationEffectiveFrom);
  const homeTestsAllowed = base.treatmentSettings.includes("HOME") && s.homeTestsOptIn;
  return {
    ...base,
    treatmentSettings: homeTestsAllowed ? base.treatmentSettings : base.treatmentSettings.filter((x) => x !== "HOME"),
    homeTestsAllowed,
    prescriptionWindowDays: Math.min(base.prescriptionWindowDays, s.prescriptionWindowDays),
    monthlyTestIntervalDays: Math.min(base.monthlyTestIntervalDays, s.monthlyTestIntervalDays),
    maxDaysSupply: Math.min(base.maxDaysSupply, s.maxDaysSupply),
    followUpOverdueAfterDays: Math.min(base.followUpOverdueAfterDays, s.followUpOverdueAfterDays),
    screeningLookbackDays: Math.max(s.screeningLookbackDays, base.screeningSpacingDays + base.prescriptionWindowDays),
    overdueAfterDays: s.overdueAfterDays,
    dueSoonDays: s.dueSoonDays,
  };
}

/** The rules on any day, from the clinic's effective-dated settings versions (each from its own date). */
export type RulesOn = (date: IsoDate) => EffectiveRules;

export function rulesResolver(versions: readonly { effectiveFrom: IsoDate; settings: PregnancySettings }[]): RulesOn {
  return (date) => effectiveRules(date, versionInForce(versions, date)?.settings ?? DEFAULT_PREGNANCY_SETTINGS);
}

/** Largest day count after a course's last dose at which a post-treatment test may still be pending a match. */
export const LATEST_POST_TREATMENT_TEST_DAYS = Math.max(...RULE_SETS.map((r) => r.postTreatmentTestDays));

/** The supply rule in words, for form hints. */
export const supplyLimitText = (r: EffectiveRules) =>
  `At most ${r.maxDaysSupply} days, ${r.maxRefills === 0 ? "no refills" : `at most ${r.maxRefills} refills`} (${r.name}).`;
