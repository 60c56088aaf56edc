import { describe, expect, it } from "vitest";
import type { MonitoringItem, Waiver } from "../monitoring/items";
import {
  DEFAULT_PREGNANCY_SETTINGS,
  checkPrescription,
  effectiveRules,
  pregnancyItems,
  pregnancyStatus,
  rulesResolver,
  type Clearance,
  type ContraceptionRecord,
  type CourseRecord,
  type PregnancyHistory,
  type PregnancySettings,
  type PregnancyTest,
  type PrescriptionRecord,
  type TestResult,
  type TestSetting,
} from "./index";

/*
 * Every expected date below is worked out by hand and written out literally. Dates before 2026-08-08 fall
 * under iPLEDGE 2021 with the default settings, dates from 2026-08-08 under the 2026 modification.
 */

type Over = Partial<PregnancySettings>;
const US: Over = {};
const US_HOME: Over = { homeTestsOptIn: true };
const EU: Over = { programme: "EU_PPP" };
const NAME_2021 = "iPLEDGE REMS (since 13 Dec 2021)";
const NAME_2026 = "iPLEDGE REMS with the 2026 modification";
const NAME_EU = "EU/UK Pregnancy Prevention Programme";

const settings = (over: Over = {}): PregnancySettings => ({ ...DEFAULT_PREGNANCY_SETTINGS, ...over });
const rulesOn = (over: Over = {}) => rulesResolver([{ effectiveFrom: "2000-01-01", settings: settings(over) }]);

const t = (
  specimenDate: string,
  setting: TestSetting = "LAB",
  result: TestResult = "NEGATIVE",
  id = `${specimenDate}-${setting}-${result}`,
): PregnancyTest => ({
  id,
  specimenDate,
  result,
  setting,
});
const ONGOING: ContraceptionRecord[] = [{ id: "k1", method: "TWO_METHODS", startDate: "2025-01-01", endDate: null }];
const rx = (id: string, writtenOn: string, daysSupply = 30): PrescriptionRecord => ({ id, writtenOn, daysSupply, refills: 0 });
const course = (over: Partial<CourseRecord> = {}): CourseRecord => ({
  id: "c1",
  startDate: "2026-01-05",
  endDate: null,
  pauses: [],
  prescriptions: [],
  ...over,
});
const history = (over: Partial<PregnancyHistory> = {}): PregnancyHistory => ({
  categories: [],
  tests: [],
  contraception: ONGOING,
  counseling: [],
  clearances: [],
  courses: [course()],
  ...over,
});
const CANNOT = [{ category: "CANNOT_BECOME_PREGNANT" as const, from: "2020-01-01" }];

/** A later prescription of course c1 (one was written on 2026-01-05), counseling recorded on the day. */
const later = (tests: PregnancyTest[], date: string, extra: Partial<PregnancyHistory> = {}) =>
  history({ tests, counseling: [{ id: "n1", date }], courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })], ...extra });
/** The first prescription of course c1 (started on the day), counseling recorded on the day. */
const firstRx = (tests: PregnancyTest[], date: string, extra: Partial<PregnancyHistory> = {}) =>
  history({ tests, counseling: [{ id: "n1", date }], courses: [course({ startDate: date })], ...extra });

const check = (h: PregnancyHistory, date: string, over: Over = US, req: { daysSupply?: number; refills?: number; recordedOn?: string } = {}) =>
  checkPrescription(h, { courseId: "c1", date, recordedOn: req.recordedOn, daysSupply: req.daysSupply ?? 30, refills: req.refills ?? 0 }, rulesOn(over));
const codes = (d: ReturnType<typeof check>) => [...d.refusals, ...d.confirmations].map((r) => r.code);

describe("rule sets and the clinic's settings", () => {
  it.each([
    // label, date, settings, id, window, wait, screening settings, treatment settings, home allowed, CBP counseling, CBP fill days
    ["US before the modification", "2026-08-07", US, "US_IPLEDGE_2021", 7, 19, ["LAB"], ["LAB"], false, "MONTHLY", 30],
    ["US on the modification date", "2026-08-08", US, "US_IPLEDGE_2026", 7, null, ["LAB", "OFFICE"], ["LAB", "OFFICE"], false, "ENROLLMENT", null],
    ["US opt-in, before the modification", "2026-08-07", US_HOME, "US_IPLEDGE_2021", 7, 19, ["LAB"], ["LAB"], false, "MONTHLY", 30],
    [
      "US opt-in, on the modification date",
      "2026-08-08",
      US_HOME,
      "US_IPLEDGE_2026",
      7,
      null,
      ["LAB", "OFFICE"],
      ["LAB", "OFFICE", "HOME"],
      true,
      "ENROLLMENT",
      null,
    ],
    [
      "US, modification postponed to 1 Oct",
      "2026-09-30",
      { usModificationEffectiveFrom: "2026-10-01" },
      "US_IPLEDGE_2021",
      7,
      19,
      ["LAB"],
      ["LAB"],
      false,
      "MONTHLY",
      30,
    ],
    [
      "US, modification postponed, on 1 Oct",
      "2026-10-01",
      { usModificationEffectiveFrom: "2026-10-01" },
      "US_IPLEDGE_2026",
      7,
      null,
      ["LAB", "OFFICE"],
      ["LAB", "OFFICE"],
      false,
      "ENROLLMENT",
      null,
    ],
    [
      "EU, opt-in never allows home tests",
      "2026-09-01",
      { ...EU, homeTestsOptIn: true },
      "EU_PPP",
      4,
      null,
      ["LAB", "OFFICE"],
      ["LAB", "OFFICE"],
      false,
      "ENROLLMENT",
      null,
    ],
  ] as const)("%s", (_l, date, over, id, window, wait, screening, treatment, home, cbpCounseling, cbpFill) => {
    const r = effectiveRules(date, settings(over));
    expect(r).toMatchObject({
      id,
      prescriptionWindowDays: window,
      missedWindowWaitDays: wait,
      screeningSettings: screening,
      treatmentSettings: treatment,
      homeTestsAllowed: home,
      cannotBecomePregnantCounseling: cbpCounseling,
      cannotBecomePregnantFillDays: cbpFill,
    });
  });

  it.each([
    // label, rule set id, screening tests, spacing, lead days, monthly, post-treatment days, supply, refills, counseling, dispense within
    ["US 2021", "2026-03-01", US, 2, 19, 30, 30, 30, 30, 0, 30, null],
    ["US 2026", "2026-09-01", US, 2, 19, 30, 30, 30, 30, 0, 30, null],
    ["EU PPP (final test 5 weeks after stopping)", "2026-03-01", EU, 1, 0, 30, 28, 35, 30, 0, 30, 7],
  ] as const)("%s: the numbers of the rule set", (_l, date, over, tests, spacing, lead, monthly, post, supply, refills, counseling, dispense) => {
    expect(effectiveRules(date, settings(over))).toMatchObject({
      screeningTests: tests,
      screeningSpacingDays: spacing,
      contraceptionLeadDays: lead,
      monthlyTestIntervalDays: monthly,
      postTreatmentTestDays: post,
      maxDaysSupply: supply,
      maxRefills: refills,
      counselingIntervalDays: counseling,
      dispenseWithinDays: dispense,
    });
  });

  it.each([
    // a tightening is applied, a looser value is not
    ["window 3 days (tighter)", US, { prescriptionWindowDays: 3 }, "prescriptionWindowDays", 3],
    ["window 10 days (looser)", US, { prescriptionWindowDays: 10 }, "prescriptionWindowDays", 7],
    ["EU window 7 days (looser than 4)", EU, { prescriptionWindowDays: 7 }, "prescriptionWindowDays", 4],
    ["EU window 3 days (tighter than 4)", EU, { prescriptionWindowDays: 3 }, "prescriptionWindowDays", 3],
    ["supply 28 days (tighter)", US, { maxDaysSupply: 28 }, "maxDaysSupply", 28],
    ["supply 60 days (looser)", US, { maxDaysSupply: 60 }, "maxDaysSupply", 30],
    ["monthly every 21 days (tighter)", US, { monthlyTestIntervalDays: 21 }, "monthlyTestIntervalDays", 21],
    ["monthly every 45 days (looser)", US, { monthlyTestIntervalDays: 45 }, "monthlyTestIntervalDays", 30],
    ["EU monthly every 30 days (looser than 28)", EU, { monthlyTestIntervalDays: 30 }, "monthlyTestIntervalDays", 28],
  ] as const)("%s", (_l, base, over, key, expected) => {
    expect(effectiveRules("2026-03-01", settings({ ...base, ...over }))[key]).toBe(expected);
  });

  // The clinic's date may postpone the 2026 modification, never bring it before the FDA's date (2026-08-08):
  // the later of the two applies.
  it("a clinic date earlier than the FDA's effective date does not bring the looser rules forward", () => {
    const early = settings({ usModificationEffectiveFrom: "2026-02-09", homeTestsOptIn: true });
    const r = effectiveRules("2026-03-01", early);
    expect(r.id).toBe("US_IPLEDGE_2021");
    expect(r.missedWindowWaitDays).toBe(19);
    expect(r.treatmentSettings).toEqual(["LAB"]);
    expect(effectiveRules("2026-02-09", early).id).toBe("US_IPLEDGE_2021");
    expect(effectiveRules("2026-08-07", early)).toMatchObject({ id: "US_IPLEDGE_2021", missedWindowWaitDays: 19, treatmentSettings: ["LAB"] });
    expect(effectiveRules("2026-08-08", early)).toMatchObject({
      id: "US_IPLEDGE_2026",
      missedWindowWaitDays: null,
      treatmentSettings: ["LAB", "OFFICE", "HOME"],
    });
  });

  it("settings versions apply from their own dates", () => {
    const on = rulesResolver([
      { effectiveFrom: "2026-01-01", settings: settings() },
      { effectiveFrom: "2026-04-01", settings: settings({ prescriptionWindowDays: 3 }) },
    ]);
    expect(on("2026-03-31").prescriptionWindowDays).toBe(7);
    expect(on("2026-04-01").prescriptionWindowDays).toBe(3);
  });
});

describe("the prescription window (day 1 = specimen date; US day 1 + 6, EU day 1 + 3)", () => {
  it.each([
    // label, settings, prescription date, test date, outcome, dispense by
    ["US 2021: day 7 counts", US, "2026-03-20", "2026-03-14", "ALLOWED", "2026-03-20"],
    ["US 2021: day 8 does not", US, "2026-03-20", "2026-03-13", "REFUSED", null],
    ["US 2021: same day", US, "2026-03-20", "2026-03-20", "ALLOWED", "2026-03-26"],
    ["US 2021: a test after the date does not count", US, "2026-03-20", "2026-03-21", "REFUSED", null],
    ["US 2021: across a month end", US, "2026-03-02", "2026-02-24", "ALLOWED", "2026-03-02"],
    ["US 2026: day 7 counts", US, "2026-09-20", "2026-09-14", "ALLOWED", "2026-09-20"],
    ["US 2026: day 8 does not", US, "2026-09-20", "2026-09-13", "REFUSED", null],
    ["US 2026: day 3, dispense by specimen + 6", US, "2026-09-20", "2026-09-18", "ALLOWED", "2026-09-24"],
    // EU: the day of prescribing or the 3 days before; dispensed within 7 days of the prescription (date + 6)
    ["EU: day 4 (3 days before) counts, dispense by the prescription date + 6", EU, "2026-03-20", "2026-03-17", "ALLOWED", "2026-03-26"],
    ["EU: day 5 (4 days before) does not", EU, "2026-03-20", "2026-03-16", "REFUSED", null],
    ["EU: day 3, dispense by the prescription date + 6", EU, "2026-03-20", "2026-03-18", "ALLOWED", "2026-03-26"],
    ["EU: same day, dispense by the prescription date + 6", EU, "2026-03-20", "2026-03-20", "ALLOWED", "2026-03-26"],
    ["EU: a test after the date does not count", EU, "2026-03-20", "2026-03-21", "REFUSED", null],
    ["EU: across a month end, day 4 counts", EU, "2026-03-02", "2026-02-27", "ALLOWED", "2026-03-08"],
    ["EU: across a month end, day 5 does not", EU, "2026-03-02", "2026-02-26", "REFUSED", null],
    [
      "EU, clinic window 2 days: day 2 counts, dispense-by still the date + 6",
      { ...EU, prescriptionWindowDays: 2 },
      "2026-03-20",
      "2026-03-19",
      "ALLOWED",
      "2026-03-26",
    ],
    ["EU, clinic window 2 days: day 3 does not", { ...EU, prescriptionWindowDays: 2 }, "2026-03-20", "2026-03-18", "REFUSED", null],
    ["clinic window 3 days: day 3 counts", { prescriptionWindowDays: 3 }, "2026-03-20", "2026-03-18", "ALLOWED", undefined],
    ["clinic window 3 days: day 4 does not", { prescriptionWindowDays: 3 }, "2026-03-20", "2026-03-17", "REFUSED", null],
    ["clinic window 10 days is not applied: day 8 still does not count", { prescriptionWindowDays: 10 }, "2026-03-20", "2026-03-13", "REFUSED", null],
  ] as const)("%s", (_l, over, date, testDate, outcome, dispenseBy) => {
    const d = check(later([t(testDate)], date), date, over);
    expect(d.outcome).toBe(outcome);
    if (outcome === "REFUSED") expect(codes(d)).toEqual(["NO_TEST_IN_WINDOW"]);
    else expect(d.windowTest?.specimenDate).toBe(testDate);
    if (dispenseBy !== undefined) expect(d.dispenseBy).toBe(dispenseBy);
  });

  it("names the window it looked in", () => {
    const d = check(later([t("2026-03-13")], "2026-03-20"), "2026-03-20");
    expect(d.refusals[0]!.message).toBe(
      `No negative pregnancy test collected in a laboratory from 14 Mar 2026 to 20 Mar 2026 (7-day window from the specimen date, ${NAME_2021}).`,
    );
    const eu = check(later([t("2026-03-16")], "2026-03-20"), "2026-03-20", EU);
    expect(eu.refusals[0]!.message).toBe(
      `No negative pregnancy test collected in a laboratory or the clinic from 17 Mar 2026 to 20 Mar 2026 (4-day window from the specimen date, ${NAME_EU}).`,
    );
  });

  it("relies on the latest test in the window", () => {
    const d = check(later([t("2026-03-15"), t("2026-03-18")], "2026-03-20"), "2026-03-20");
    expect(d).toMatchObject({ outcome: "ALLOWED", dispenseBy: "2026-03-24", ruleSetName: NAME_2021 });
    expect(d.windowTest?.specimenDate).toBe("2026-03-18");
  });

  // EU: test on the day of prescribing or in the 3 days before (17 to 20 Mar for 20 Mar).
  it("EU: a test in the 3 days before the prescription counts", () => {
    const d = check(later([t("2026-03-17")], "2026-03-20"), "2026-03-20", EU);
    expect(d.outcome).toBe("ALLOWED");
    expect(d.windowTest?.specimenDate).toBe("2026-03-17");
  });

  it.each([
    // test date, EU dispense-by (prescription date + 6, whatever the test), US dispense-by (specimen date + 6)
    ["2026-03-17", "2026-03-26", "2026-03-23"],
    ["2026-03-19", "2026-03-26", "2026-03-25"],
    ["2026-03-20", "2026-03-26", "2026-03-26"],
  ])("dispense-by with a test on %s: EU %s (from the prescription), US %s (from the specimen date)", (testDate, euBy, usBy) => {
    expect(check(later([t(testDate)], "2026-03-20"), "2026-03-20", EU).dispenseBy).toBe(euBy);
    expect(check(later([t(testDate)], "2026-03-20"), "2026-03-20", US).dispenseBy).toBe(usBy);
  });
});

describe("where the test was done", () => {
  const SCREEN = "2026-02-20";
  it.each([
    // label, settings, date, screening setting, window test setting, outcome, codes
    ["first, 2021: lab", US, "2026-03-20", "LAB", "LAB", "ALLOWED", []],
    ["first, 2021: office confirmation", US, "2026-03-20", "LAB", "OFFICE", "REFUSED", ["NO_TEST_IN_WINDOW", "SCREENING_INCOMPLETE"]],
    ["first, 2021: home confirmation with the opt-in", US_HOME, "2026-03-20", "LAB", "HOME", "REFUSED", ["NO_TEST_IN_WINDOW", "SCREENING_INCOMPLETE"]],
    ["first, 2021: office screening", US, "2026-03-20", "OFFICE", "LAB", "REFUSED", ["SCREENING_INCOMPLETE"]],
    ["first, 2026: office confirmation and screening", US, "2026-09-20", "OFFICE", "OFFICE", "ALLOWED", []],
    ["first, 2026: home confirmation with the opt-in", US_HOME, "2026-09-20", "LAB", "HOME", "REFUSED", ["NO_TEST_IN_WINDOW", "SCREENING_INCOMPLETE"]],
    ["first, EU: office", EU, "2026-03-20", "OFFICE", "OFFICE", "ALLOWED", []],
  ] as const)("%s", (_l, over, date, screenSetting, windowSetting, outcome, expectedCodes) => {
    const screen = date === "2026-09-20" ? "2026-08-20" : SCREEN;
    const confirm = date === "2026-09-20" ? "2026-09-18" : "2026-03-18";
    const d = check(firstRx([t(screen, screenSetting), t(confirm, windowSetting)], date), date, over);
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(expectedCodes);
  });

  it.each([
    // label, settings, date, setting, outcome, codes
    ["later, 2021: lab", US, "2026-03-20", "LAB", "ALLOWED", []],
    ["later, 2021: office", US, "2026-03-20", "OFFICE", "REFUSED", ["NO_TEST_IN_WINDOW"]],
    ["later, 2021: home with the opt-in", US_HOME, "2026-03-20", "HOME", "REFUSED", ["NO_TEST_IN_WINDOW"]],
    ["later, 2026: office", US, "2026-09-20", "OFFICE", "ALLOWED", []],
    ["later, 2026: home without the opt-in", US, "2026-09-20", "HOME", "REFUSED", ["NO_TEST_IN_WINDOW"]],
    ["later, 2026: home with the opt-in needs confirmation", US_HOME, "2026-09-20", "HOME", "NEEDS_CONFIRMATION", ["HOME_TEST_IN_WINDOW"]],
    ["later, EU: office", EU, "2026-03-20", "OFFICE", "ALLOWED", []],
    ["later, EU: home with the opt-in", { ...EU, homeTestsOptIn: true }, "2026-03-20", "HOME", "REFUSED", ["NO_TEST_IN_WINDOW"]],
  ] as const)("%s", (_l, over, date, setting, outcome, expectedCodes) => {
    const testDate = date === "2026-09-20" ? "2026-09-18" : "2026-03-18";
    const d = check(later([t(testDate, setting)], date), date, over);
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(expectedCodes);
  });

  it("says where the test that does not count was done", () => {
    const d = check(later([t("2026-03-18", "OFFICE")], "2026-03-20"), "2026-03-20");
    expect(d.refusals[0]!.message).toContain("The test on 18 Mar 2026 was done at the clinic, which does not count here.");
    const first = check(firstRx([t("2026-02-20"), t("2026-03-18", "OFFICE")], "2026-03-20"), "2026-03-20");
    expect(first.refusals[0]!.message).toContain("The test on 18 Mar 2026 was done at the clinic, which does not count before treatment.");
  });

  it.each([
    // across the clinic's modification date (2026-08-08), home test on 5 Aug with the opt-in
    ["2026-08-07", "REFUSED", NAME_2021],
    ["2026-08-08", "NEEDS_CONFIRMATION", NAME_2026],
  ])("home test with the opt-in, prescription on %s: %s", (date, outcome, name) => {
    const d = check(later([t("2026-08-05", "HOME")], date), date, { ...US_HOME, usModificationEffectiveFrom: "2026-08-08" });
    expect(d.outcome).toBe(outcome);
    expect(d.ruleSetName).toBe(name);
    if (outcome === "NEEDS_CONFIRMATION") {
      expect(d.dispenseBy).toBe("2026-08-11");
      expect(d.confirmations[0]!.message).toBe("The test on 5 Aug 2026 is a home test: confirm it was verified under the clinic's procedure.");
    }
  });
});

describe("the first prescription: screening, spacing, the 19-day wait, contraception", () => {
  it("lists everything that is missing", () => {
    const d = check(history({ contraception: [], courses: [course({ startDate: "2026-03-20" })] }), "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual(["NO_TEST_IN_WINDOW", "SCREENING_INCOMPLETE", "CONTRACEPTION_NOT_DOCUMENTED", "COUNSELING_NOT_RECORDED"]);
    expect(d.refusals[1]!.message).toBe(
      `2 negative tests are needed before the first prescription (${NAME_2021}): a screening test, then a confirmation test ` +
        "at least 19 days later, in a laboratory, since 19 Jan 2026; 0 qualify.",
    );
    expect(d.refusals[2]!.message).toBe(
      "Contraception (two methods or committed abstinence) must be documented from 18 Feb 2026, 30 days before the first prescription; none is documented.",
    );
    expect(d.refusals[3]!.message).toBe("Counseling in the 30 days before this prescription is not recorded.");
    expect(d.dispenseBy).toBeNull();
  });

  it.each([
    // label, settings, screening date, outcome (confirmation 2026-03-18, prescription 2026-03-20)
    ["19 days before the confirmation", US, "2026-02-27", "ALLOWED"],
    ["18 days before the confirmation", US, "2026-02-28", "REFUSED"],
    ["on the first day of the 60-day lookback", US, "2026-01-19", "ALLOWED"],
    ["a day before the lookback", US, "2026-01-18", "REFUSED"],
    ["a day before the default lookback, with a 90-day lookback", { screeningLookbackDays: 90 }, "2026-01-18", "ALLOWED"],
  ] as const)("screening test %s", (_l, over, screening, outcome) => {
    const d = check(firstRx([t(screening), t("2026-03-18")], "2026-03-20"), "2026-03-20", over);
    expect(d.outcome).toBe(outcome);
    if (outcome === "REFUSED") {
      expect(codes(d)).toEqual(["SCREENING_INCOMPLETE"]);
      expect(d.refusals[0]!.message).toContain("; 1 qualify.");
    } else expect(d.dispenseBy).toBe("2026-03-24");
  });

  it("EU: one test before the first prescription is enough", () => {
    expect(check(firstRx([t("2026-03-18")], "2026-03-20"), "2026-03-20", EU).outcome).toBe("ALLOWED");
    expect(check(firstRx([t("2026-03-18")], "2026-03-20"), "2026-03-20", US).outcome).toBe("REFUSED");
  });

  it.each([
    // screening 1 Feb, confirmation 25 Feb (window closed 3 Feb + ... 3 Mar unused), a new test, then the prescription
    ["2021: new test 13 days after the missed one", US, "2026-03-10", "2026-03-12", "REFUSED"],
    ["2021: new test 18 days after the missed one", US, "2026-03-15", "2026-03-18", "REFUSED"],
    ["2021: new test 19 days after the missed one", US, "2026-03-16", "2026-03-18", "ALLOWED"],
  ] as const)("missed first window, %s", (_l, over, retest, date, outcome) => {
    const d = check(firstRx([t("2026-02-01"), t("2026-02-25"), t(retest)], date), date, over);
    expect(d.outcome).toBe(outcome);
    if (outcome === "REFUSED") {
      expect(codes(d)).toEqual(["MISSED_WINDOW_WAIT"]);
      expect(d.refusals[0]!.message).toBe(
        `The window of the test on 25 Feb 2026 closed without a prescription: under ${NAME_2021} the next test must be collected on or after 16 Mar 2026.`,
      );
    }
  });

  it("missed first window after the modification: immediate retest", () => {
    // screening 10 Aug, confirmation 2 Sep (window to 8 Sep unused), retest 15 Sep, prescription 17 Sep
    const d = check(firstRx([t("2026-08-10"), t("2026-09-02"), t("2026-09-15")], "2026-09-17"), "2026-09-17");
    expect(d).toMatchObject({ outcome: "ALLOWED", dispenseBy: "2026-09-21", ruleSetName: NAME_2026 });
  });

  it.each([
    // screening 1 Jul, confirmation 21 Jul (window to 27 Jul unused), retest 3 Aug; 19 days after 21 Jul is 9 Aug
    ["2026-08-07", "REFUSED", ["MISSED_WINDOW_WAIT"]],
    ["2026-08-08", "ALLOWED", []],
  ] as const)("missed first window across the modification date: prescription on %s is %s", (date, outcome, expectedCodes) => {
    const d = check(firstRx([t("2026-07-01"), t("2026-07-21"), t("2026-08-03")], date), date, { usModificationEffectiveFrom: "2026-08-08" });
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(expectedCodes);
    if (outcome === "REFUSED") expect(d.refusals[0]!.message).toContain("on or after 9 Aug 2026");
  });

  it.each([
    // label, settings, contraception records, outcome, message part (first prescription 2026-03-20: from 18 Feb)
    ["from 18 Feb (30 days)", US, [{ id: "k", method: "TWO_METHODS", startDate: "2026-02-18", endDate: null }], "ALLOWED", null],
    ["abstinence from 18 Feb", US, [{ id: "k", method: "ABSTINENCE", startDate: "2026-02-18", endDate: null }], "ALLOWED", null],
    [
      "from 19 Feb (29 days)",
      US,
      [{ id: "k", method: "TWO_METHODS", startDate: "2026-02-19", endDate: null }],
      "REFUSED",
      "it is documented only from 19 Feb 2026",
    ],
    ["ended the day before", US, [{ id: "k", method: "TWO_METHODS", startDate: "2026-01-01", endDate: "2026-03-19" }], "REFUSED", "none is documented"],
    [
      "EU: from 19 Feb (29 days)",
      EU,
      [{ id: "k", method: "TWO_METHODS", startDate: "2026-02-19", endDate: null }],
      "REFUSED",
      "must be documented from 18 Feb 2026",
    ],
  ] as const)("contraception %s", (_l, over, records, outcome, message) => {
    const tests = over === EU ? [t("2026-03-18")] : [t("2026-02-20"), t("2026-03-18")];
    const d = check(firstRx(tests, "2026-03-20", { contraception: [...records] }), "2026-03-20", over);
    expect(d.outcome).toBe(outcome);
    if (message) {
      expect(codes(d)).toEqual(["CONTRACEPTION_NOT_DOCUMENTED"]);
      expect(d.refusals[0]!.message).toContain(message);
    }
  });

  it.each([
    ["started on the day", [{ id: "k", method: "TWO_METHODS", startDate: "2026-03-20", endDate: null }], "ALLOWED"],
    ["ended the day before", [{ id: "k", method: "TWO_METHODS", startDate: "2025-01-01", endDate: "2026-03-19" }], "REFUSED"],
    ["ends on the day", [{ id: "k", method: "TWO_METHODS", startDate: "2025-01-01", endDate: "2026-03-20" }], "ALLOWED"],
  ] as const)("later prescription, contraception %s", (_l, records, outcome) => {
    const d = check(later([t("2026-03-18")], "2026-03-20", { contraception: [...records] }), "2026-03-20");
    expect(d.outcome).toBe(outcome);
  });

  // Successive records without a gap document contraception; a change of method is not a gap.
  it("a change of method without a gap keeps contraception documented", () => {
    const contraception: ContraceptionRecord[] = [
      { id: "k1", method: "ABSTINENCE", startDate: "2026-01-01", endDate: "2026-02-28" },
      { id: "k2", method: "TWO_METHODS", startDate: "2026-03-01", endDate: null },
    ];
    const d = check(firstRx([t("2026-02-20"), t("2026-03-18")], "2026-03-20", { contraception }), "2026-03-20");
    expect(codes(d)).toEqual([]);
    expect(d.outcome).toBe("ALLOWED");
  });

  const K = (id: string, startDate: string, endDate: string | null, method: ContraceptionRecord["method"] = "TWO_METHODS"): ContraceptionRecord => ({
    id,
    method,
    startDate,
    endDate,
  });
  it.each([
    // label, records, outcome, "documented only from" (first prescription 2026-03-20: needed from 18 Feb)
    [
      "three records chained from 18 Feb",
      [K("a", "2026-02-18", "2026-02-25"), K("b", "2026-02-26", "2026-03-10", "ABSTINENCE"), K("c", "2026-03-11", null)],
      "ALLOWED",
      null,
    ],
    ["overlapping records", [K("a", "2026-01-01", "2026-03-05", "ABSTINENCE"), K("b", "2026-03-01", null)], "ALLOWED", null],
    ["the chain ends the day of the prescription", [K("a", "2026-01-01", "2026-02-28"), K("b", "2026-03-01", "2026-03-20")], "ALLOWED", null],
    ["a one-day gap (28 Feb) breaks the chain", [K("a", "2026-01-01", "2026-02-27", "ABSTINENCE"), K("b", "2026-03-01", null)], "REFUSED", "1 Mar 2026"],
    ["an unbroken chain from 19 Feb (one day short)", [K("a", "2026-02-19", "2026-02-28", "ABSTINENCE"), K("b", "2026-03-01", null)], "REFUSED", "19 Feb 2026"],
    ["a chain that stops the day before", [K("a", "2026-01-01", "2026-02-28"), K("b", "2026-03-01", "2026-03-19")], "REFUSED", null],
  ] as const)("contraception: %s", (_l, records, outcome, since) => {
    const d = check(firstRx([t("2026-02-20"), t("2026-03-18")], "2026-03-20", { contraception: [...records] }), "2026-03-20");
    expect(d.outcome).toBe(outcome);
    if (outcome === "REFUSED") {
      expect(codes(d)).toEqual(["CONTRACEPTION_NOT_DOCUMENTED"]);
      expect(d.refusals[0]!.message).toBe(
        "Contraception (two methods or committed abstinence) must be documented from 18 Feb 2026, 30 days before the first prescription; " +
          (since ? `it is documented only from ${since}.` : "none is documented."),
      );
    }
  });
});

describe("later prescriptions: counseling, supply, refills", () => {
  it.each([
    // label, settings, date, counseling date, outcome, message
    ["2021: counseling on day 30", US, "2026-03-20", "2026-02-19", "ALLOWED", null],
    [
      "2021: counseling on day 31",
      US,
      "2026-03-20",
      "2026-02-18",
      "REFUSED",
      "Counseling in the 30 days before this prescription is not recorded (last on 18 Feb 2026).",
    ],
    ["2021: counseling after the date", US, "2026-03-20", "2026-03-21", "REFUSED", "Counseling in the 30 days before this prescription is not recorded."],
    ["2026: still monthly for a patient who can become pregnant", US, "2026-09-20", "2026-08-20", "REFUSED", "(last on 20 Aug 2026)"],
    ["2026: counseling on day 30", US, "2026-09-20", "2026-08-22", "ALLOWED", null],
    ["EU: counseling on day 31", EU, "2026-03-20", "2026-02-18", "REFUSED", "(last on 18 Feb 2026)"],
  ] as const)("%s", (_l, over, date, counseled, outcome, message) => {
    const testDate = date === "2026-09-20" ? "2026-09-18" : "2026-03-18";
    const d = check(later([t(testDate, "LAB")], date, { counseling: [{ id: "n", date: counseled }] }), date, over);
    expect(d.outcome).toBe(outcome);
    if (message) {
      expect(codes(d)).toEqual(["COUNSELING_NOT_RECORDED"]);
      expect(d.refusals[0]!.message).toContain(message);
    }
  });

  it.each([
    // label, settings, days supply, refills, codes, message
    ["30 days, no refills", US, 30, 0, [], null],
    ["31 days", US, 31, 0, ["SUPPLY_TOO_LONG"], `At most a 30-day supply (${NAME_2021}).`],
    ["a refill", US, 30, 1, ["REFILLS_NOT_ALLOWED"], `No refills (${NAME_2021}).`],
    ["clinic 28 days: 29 days", { maxDaysSupply: 28 }, 29, 0, ["SUPPLY_TOO_LONG"], `At most a 28-day supply (${NAME_2021}).`],
    ["clinic 28 days: 28 days", { maxDaysSupply: 28 }, 28, 0, [], null],
    ["clinic 60 days is not applied: 31 days", { maxDaysSupply: 60 }, 31, 0, ["SUPPLY_TOO_LONG"], `At most a 30-day supply (${NAME_2021}).`],
    ["EU: 31 days", EU, 31, 0, ["SUPPLY_TOO_LONG"], `At most a 30-day supply (${NAME_EU}).`],
    ["EU: a refill", EU, 30, 1, ["REFILLS_NOT_ALLOWED"], `No refills (${NAME_EU}).`],
  ] as const)("%s", (_l, over, daysSupply, refills, expectedCodes, message) => {
    const d = check(later([t("2026-03-18")], "2026-03-20"), "2026-03-20", over, { daysSupply, refills });
    expect(codes(d)).toEqual(expectedCodes);
    expect(d.outcome).toBe(expectedCodes.length ? "REFUSED" : "ALLOWED");
    if (message) expect(d.refusals[0]!.message).toBe(message);
  });
});

describe("patients who cannot become pregnant", () => {
  it.each([
    // label, settings, date, first?, counseling, outcome, dispense by
    ["2021, later: no counseling in 30 days", US, "2026-03-20", false, [], "REFUSED", "2026-04-18"],
    ["2021, later: counseling on day 30", US, "2026-03-20", false, ["2026-02-19"], "ALLOWED", "2026-04-18"],
    ["2026, later: no counseling needed", US, "2026-09-20", false, [], "ALLOWED", null],
    ["2026, first: counseling at enrollment missing", US, "2026-09-20", true, [], "REFUSED", null],
    ["2026, first: counseling at enrollment", US, "2026-09-20", true, ["2026-09-20"], "ALLOWED", null],
    ["EU, later: no counseling needed", EU, "2026-03-20", false, [], "ALLOWED", null],
    ["across the modification: 7 Aug, later, no counseling", US, "2026-08-07", false, [], "REFUSED", "2026-09-05"],
    ["across the modification: 8 Aug, later, no counseling", US, "2026-08-08", false, [], "ALLOWED", null],
  ] as const)("%s", (_l, over, date, first, counseled, outcome, dispenseBy) => {
    const h = history({
      categories: CANNOT,
      contraception: [],
      counseling: counseled.map((d, i) => ({ id: `n${i}`, date: d })),
      courses: [course({ startDate: first ? date : "2026-01-05", prescriptions: first ? [] : [rx("r0", "2026-01-05")] })],
    });
    const d = check(h, date, over);
    expect(d.outcome).toBe(outcome);
    expect(d.dispenseBy).toBe(dispenseBy);
    expect(d.windowTest).toBeNull();
    if (outcome === "REFUSED") {
      expect(codes(d)).toEqual(["COUNSELING_NOT_RECORDED"]);
      expect(d.refusals[0]!.message).toBe(
        first ? "Counseling at enrollment is not recorded." : "Counseling in the 30 days before this prescription is not recorded.",
      );
    }
  });

  it.each([
    // category history: cannot become pregnant until 14 Mar, then can (e.g. documented in error, corrected)
    ["2026-03-14", "ALLOWED"],
    ["2026-03-15", "REFUSED"],
  ])("the category on the date decides: prescription on %s is %s", (date, outcome) => {
    const h = history({
      categories: [
        { category: "CANNOT_BECOME_PREGNANT", from: "2020-01-01" },
        { category: "CAN_BECOME_PREGNANT", from: "2026-03-15" },
      ],
      counseling: [{ id: "n", date }],
      courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })],
    });
    const d = check(h, date);
    expect(d.outcome).toBe(outcome);
    if (outcome === "REFUSED") expect(codes(d)).toEqual(["NO_TEST_IN_WINDOW"]);
  });

  // iPLEDGE (2021 and 2026) applies the supply and refill limits to every patient; the PPP only to patients
  // who can become pregnant.
  it.each([
    // label, settings, date, days supply, refills, codes, messages
    [
      "US 2021: 90 days and 2 refills",
      US,
      "2026-03-20",
      90,
      2,
      ["SUPPLY_TOO_LONG", "REFILLS_NOT_ALLOWED"],
      [`At most a 30-day supply (${NAME_2021}).`, `No refills (${NAME_2021}).`],
    ],
    ["US 2021: 31 days", US, "2026-03-20", 31, 0, ["SUPPLY_TOO_LONG"], [`At most a 30-day supply (${NAME_2021}).`]],
    ["US 2021: 30 days, no refills", US, "2026-03-20", 30, 0, [], []],
    ["US 2026: 31 days", US, "2026-09-20", 31, 0, ["SUPPLY_TOO_LONG"], [`At most a 30-day supply (${NAME_2026}).`]],
    ["US 2026: a refill", US, "2026-09-20", 30, 1, ["REFILLS_NOT_ALLOWED"], [`No refills (${NAME_2026}).`]],
    ["US 2026: 30 days, no refills", US, "2026-09-20", 30, 0, [], []],
    ["US, clinic 28 days: 29 days", { maxDaysSupply: 28 }, "2026-03-20", 29, 0, ["SUPPLY_TOO_LONG"], [`At most a 28-day supply (${NAME_2021}).`]],
    ["EU: 90 days and 2 refills are not limited", EU, "2026-03-20", 90, 2, [], []],
  ] as const)("cannot become pregnant, %s", (_l, over, date, daysSupply, refills, expectedCodes, messages) => {
    const h = history({ categories: CANNOT, counseling: [{ id: "n", date }], courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })] });
    const d = check(h, date, over, { daysSupply, refills });
    expect(codes(d)).toEqual(expectedCodes);
    expect(d.outcome).toBe(expectedCodes.length ? "REFUSED" : "ALLOWED");
    expect(d.refusals.map((r) => r.message)).toEqual(messages);
  });

  // A positive or indeterminate test blocks prescribing whatever the category (a change of category never clears it).
  it("a positive test without a decision stops prescribing after a change of category", () => {
    const h = history({
      categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "2026-03-10" }],
      tests: [t("2026-03-01", "LAB", "POSITIVE", "p1")],
      counseling: [{ id: "n", date: "2026-03-20" }],
      courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })],
    });
    const d = check(h, "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual(["POSITIVE_TEST_UNDECIDED"]);
    expect(d.refusals[0]!.message).toBe(
      "A positive pregnancy test on 1 Mar 2026 has no documented dermatologist decision. Prescribing is stopped until one is recorded.",
    );
  });

  it.each([
    // label, settings, tests, clearances, outcome, codes (cannot become pregnant from 10 Mar, prescription on 20 Mar)
    ["US: undecided indeterminate", US, [t("2026-03-01", "OFFICE", "INDETERMINATE", "p1")], [], "REFUSED", ["POSITIVE_TEST_UNDECIDED"]],
    ["EU: undecided positive", EU, [t("2026-03-01", "LAB", "POSITIVE", "p1")], [], "REFUSED", ["POSITIVE_TEST_UNDECIDED"]],
    [
      "US: decided, no negative test since",
      US,
      [t("2026-03-01", "LAB", "POSITIVE", "p1")],
      [{ testId: "p1", decidedOn: "2026-03-05", outcome: "FALSE_POSITIVE" }],
      "REFUSED",
      ["POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE"],
    ],
    [
      "US: decided and followed by a negative test",
      US,
      [t("2026-03-01", "LAB", "POSITIVE", "p1"), t("2026-03-15")],
      [{ testId: "p1", decidedOn: "2026-03-05", outcome: "FALSE_POSITIVE" }],
      "ALLOWED",
      [],
    ],
  ] as const)("cannot become pregnant, %s", (_l, over, tests, clearances, outcome, expectedCodes) => {
    const h = history({
      categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "2026-03-10" }],
      tests: [...tests],
      clearances: [...clearances],
      counseling: [{ id: "n", date: "2026-03-20" }],
      courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })],
    });
    const d = check(h, "2026-03-20", over);
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(expectedCodes);
  });
});

describe("positive and indeterminate tests", () => {
  const N = t("2026-03-18");
  const clear = (testId: string, decidedOn: string, outcome: Clearance["outcome"] = "FALSE_POSITIVE"): Clearance => ({ testId, decidedOn, outcome });
  it.each([
    // label, tests, clearances, outcome, codes (prescription 2026-03-20, negative test on 18 Mar in every case)
    ["positive then negative, no decision", [t("2026-03-10", "LAB", "POSITIVE", "p1"), N], [], "REFUSED", ["POSITIVE_TEST_UNDECIDED"]],
    ["positive then negative, false positive documented", [t("2026-03-10", "LAB", "POSITIVE", "p1"), N], [clear("p1", "2026-03-17")], "ALLOWED", []],
    // The negative test before the positive one no longer serves the window: that is missing too.
    ["negative then positive, no decision", [N, t("2026-03-19", "LAB", "POSITIVE", "p1")], [], "REFUSED", ["POSITIVE_TEST_UNDECIDED", "NO_TEST_IN_WINDOW"]],
    [
      "negative then positive, decided, no later negative",
      [N, t("2026-03-19", "LAB", "POSITIVE", "p1")],
      [clear("p1", "2026-03-19")],
      "REFUSED",
      ["POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE", "NO_TEST_IN_WINDOW"],
    ],
    [
      "indeterminate after the negative",
      [N, t("2026-03-19", "OFFICE", "INDETERMINATE", "i1")],
      [],
      "REFUSED",
      ["POSITIVE_TEST_UNDECIDED", "NO_TEST_IN_WINDOW"],
    ],
    ["positive on the date itself", [N, t("2026-03-20", "LAB", "POSITIVE", "p1")], [], "REFUSED", ["POSITIVE_TEST_UNDECIDED", "NO_TEST_IN_WINDOW"]],
    ["positive after the date does not count for the date", [N, t("2026-03-25", "LAB", "POSITIVE", "p1")], [], "ALLOWED", []],
    [
      "a home positive counts even where home tests do not",
      [N, t("2026-03-19", "HOME", "POSITIVE", "p1")],
      [],
      "REFUSED",
      ["POSITIVE_TEST_UNDECIDED", "NO_TEST_IN_WINDOW"],
    ],
    // A false positive answered by a later home test the rules do not accept (2026 rules, no opt-in) stays blocking.
    [
      "false positive answered only by an unaccepted home test",
      [t("2026-03-10", "LAB", "POSITIVE", "p1"), t("2026-03-18", "HOME")],
      [clear("p1", "2026-03-12")],
      "REFUSED",
      ["POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE", "NO_TEST_IN_WINDOW"],
    ],
  ] as const)("%s", (_l, tests, clearances, outcome, expectedCodes) => {
    const d = check(later([...tests], "2026-03-20", { clearances: [...clearances] }), "2026-03-20");
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(expectedCodes);
  });

  it("the reason names the test date and what is missing", () => {
    const undecided = check(later([t("2026-03-19", "LAB", "INDETERMINATE", "i1"), N], "2026-03-20"), "2026-03-20");
    expect(undecided.refusals[0]!.message).toBe(
      "An indeterminate pregnancy test on 19 Mar 2026 has no documented dermatologist decision. Prescribing is stopped until one is recorded.",
    );
    const decided = check(later([N, t("2026-03-19", "LAB", "POSITIVE", "p1")], "2026-03-20", { clearances: [clear("p1", "2026-03-19")] }), "2026-03-20");
    expect(decided.refusals[0]!.message).toBe(
      "A positive pregnancy test on 19 Mar 2026 has a documented decision, but no negative test has been collected since.",
    );
  });

  // Only the tests, decisions (decidedOn) and negative tests documented on or before the prescription date count.
  it("a back-dated prescription is judged on what is documented by the day it is entered", () => {
    const h = later([N, t("2026-03-22", "LAB", "POSITIVE", "p1")], "2026-03-20");
    expect(check(h, "2026-03-20").outcome).toBe("ALLOWED"); // as if written on 20 Mar
    const entered = check(h, "2026-03-20", US, { recordedOn: "2026-03-23" });
    expect(codes(entered)).toEqual(["POSITIVE_TEST_UNDECIDED", "NO_TEST_IN_WINDOW"]);
  });

  it("a decision and a negative test dated after the prescription date do not clear it", () => {
    // (and the negative test of 18 Mar, before the positive one, no longer serves the window)
    const h = later([N, t("2026-03-19", "LAB", "POSITIVE", "p1"), t("2026-03-23")], "2026-03-20", { clearances: [clear("p1", "2026-03-22")] });
    const d = check(h, "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual(["POSITIVE_TEST_UNDECIDED", "NO_TEST_IN_WINDOW"]);
  });

  it.each([
    // label, decided on, later negative test, outcome, codes (negative 18 Mar, positive 19 Mar, prescription 20 Mar)
    ["decision and negative test on the prescription date", "2026-03-20", "2026-03-20", "ALLOWED", []],
    ["decision the day after, negative test on the date", "2026-03-21", "2026-03-20", "REFUSED", ["POSITIVE_TEST_UNDECIDED"]],
    [
      "decision on the date, negative test the day after",
      "2026-03-20",
      "2026-03-21",
      "REFUSED",
      ["POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE", "NO_TEST_IN_WINDOW"],
    ],
  ] as const)("%s", (_l, decidedOn, negative, outcome, expectedCodes) => {
    const h = later([N, t("2026-03-19", "LAB", "POSITIVE", "p1"), t(negative)], "2026-03-20", { clearances: [clear("p1", decidedOn)] });
    const d = check(h, "2026-03-20");
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(expectedCodes);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Monitoring items
// ---------------------------------------------------------------------------------------------------------

const WAIVE = (itemKey: string): Waiver => ({ itemKey, reason: "Tested at outside clinic", waivedBy: "Dr. A", waivedAt: "2026-04-10T10:00:00Z" });
const items = (h: PregnancyHistory, asOf: string, over: Over = US, waivers: Waiver[] = []) => pregnancyItems(h, asOf, rulesOn(over), waivers);
const rows = (list: MonitoringItem[], kind?: string) => list.filter((i) => !kind || i.kind === kind).map((i) => [i.key, i.dueDate, i.status, i.completedOn]);
const one = (list: MonitoringItem[], key: string) => {
  const found = list.filter((i) => i.key === key);
  expect(found, key).toHaveLength(1);
  return found[0]!;
};

/** Screening 5 Feb, confirmation 27 Feb, course from 2 Mar with prescriptions on 2 Mar and 1 Apr, a test on 30 Mar. */
const TESTS = [t("2026-02-05"), t("2026-02-27"), t("2026-03-30")];
const treated = (over: Partial<CourseRecord> = {}, extra: Partial<PregnancyHistory> = {}) =>
  history({ tests: TESTS, courses: [course({ startDate: "2026-03-02", prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01")], ...over })], ...extra });

describe("monitoring items: screening, per prescription, monthly", () => {
  it("a course on treatment (iPLEDGE 2021), as of 10 Apr", () => {
    const list = items(treated(), "2026-04-10");
    expect(rows(list)).toEqual([
      ["course:c1:preg-screening", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "NOT_DUE", null],
    ]);
    expect(one(list, "course:c1:preg-screening").reason).toBe("2 pregnancy test(s) recorded, the last on 27 Feb 2026.");
    expect(one(list, "rx:r1:preg").reason).toBe("Pregnancy test collected on 27 Feb 2026 for the prescription of 2 Mar 2026.");
    expect(one(list, "course:c1:preg-monthly:2026-03-29").reason).toBe("Pregnancy test collected on 30 Mar 2026, 1 day after it was due (late).");
    expect(one(list, "course:c1:preg-monthly:2026-04-29").reason).toBe(`Monthly pregnancy test due 30 days after 30 Mar 2026 (${NAME_2021}).`);
  });

  it.each([
    ["2026-04-21", "NOT_DUE"],
    ["2026-04-22", "DUE_SOON"],
    ["2026-04-29", "DUE"],
    ["2026-05-06", "DUE"],
    ["2026-05-07", "OVERDUE"],
  ])("the open monthly test (due 29 Apr, due soon 7 days before, overdue after 7) as of %s is %s", (asOf, status) => {
    expect(one(items(treated(), asOf), "course:c1:preg-monthly:2026-04-29").status).toBe(status);
  });

  it("EU: every 28 days, the per-prescription test on the day or in the 3 days before", () => {
    // 27 Feb is day 4 of the window of the prescription of 2 Mar: it closes that item and anchors the monthly tests
    const list = items(treated(), "2026-04-10", EU);
    expect(rows(list)).toEqual([
      ["course:c1:preg-screening", "2026-03-02", "COMPLETED", "2026-02-05"],
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-03-27", "2026-03-27", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-27", "2026-04-27", "NOT_DUE", null],
    ]);
    expect(one(list, "rx:r1:preg").reason).toBe("Pregnancy test collected on 27 Feb 2026 for the prescription of 2 Mar 2026.");
    expect(one(list, "course:c1:preg-monthly:2026-03-27").reason).toBe("Pregnancy test collected on 30 Mar 2026, 3 days after it was due (late).");
    expect(one(list, "course:c1:preg-monthly:2026-04-27").reason).toBe(`Monthly pregnancy test due 28 days after 30 Mar 2026 (${NAME_EU}).`);
  });

  it("EU: a test on day 5 before the prescription does not close its item; a later test closes it late", () => {
    const list = items(treated({}, { tests: [t("2026-02-05"), t("2026-02-26"), t("2026-03-30")] }), "2026-04-10", EU);
    expect(rows(list, "PREG_PRESCRIPTION")).toEqual([
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-03-30"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
    ]);
    expect(one(list, "rx:r1:preg").reason).toBe("Pregnancy test collected on 30 Mar 2026, 28 days after it was due (late) for the prescription of 2 Mar 2026.");
    // no test in the window of the course start: the monthly tests count from the start, 2 Mar + 28
    expect(rows(list, "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-30", "2026-03-30", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-27", "2026-04-27", "NOT_DUE", null],
    ]);
  });

  it("a clinic interval of 21 days is applied", () => {
    expect(rows(items(treated(), "2026-04-10", { monthlyTestIntervalDays: 21 }), "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-20", "2026-03-20", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-20", "2026-04-20", "NOT_DUE", null],
    ]);
  });

  // Screening tests are the tests before the first prescription: a test after it does not close the screening
  // item (it stays overdue until waived); a test on the day of the first prescription does.
  it("the screening item is not closed by a test after the first prescription", () => {
    const h = treated({}, { tests: [t("2026-02-27"), t("2026-03-30")] });
    const s = one(items(h, "2026-04-10"), "course:c1:preg-screening");
    expect(s).toMatchObject({ status: "OVERDUE", completedOn: null, daysOverdue: 39 });
    expect(s.reason).toBe("2 pregnancy test(s) due before the first prescription on 2 Mar 2026; 1 recorded since 1 Jan 2026.");
    const onTheDay = one(items(treated({}, { tests: [t("2026-02-27"), t("2026-03-02")] }), "2026-04-10"), "course:c1:preg-screening");
    expect(onTheDay).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-02" });
    expect(onTheDay.reason).toBe("2 pregnancy test(s) recorded, the last on 2 Mar 2026.");
    const dayAfter = one(items(treated({}, { tests: [t("2026-02-27"), t("2026-03-03")] }), "2026-04-10"), "course:c1:preg-screening");
    expect(dayAfter).toMatchObject({ status: "OVERDUE", completedOn: null });
  });

  it("the screening item of a planned course is open with what is recorded", () => {
    const h = history({ tests: [t("2026-02-05")], courses: [course({ startDate: "2026-03-02" })] });
    const s = one(items(h, "2026-02-25"), "course:c1:preg-screening");
    expect(s).toMatchObject({ dueDate: "2026-03-02", status: "DUE_SOON" });
    expect(s.reason).toBe("2 pregnancy test(s) due before the first prescription on 2 Mar 2026; 1 recorded since 1 Jan 2026.");
  });

  it("a prescription without a test is overdue the next day and closed late by a later test", () => {
    const open = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-05-01")] });
    const r3 = one(items(open, "2026-05-02"), "rx:r3:preg");
    expect(r3).toMatchObject({ status: "OVERDUE", daysOverdue: 1, completedOn: null });
    expect(r3.reason).toBe("A pregnancy test was due within 7 days before the prescription of 1 May 2026; none recorded since.");
    const closed = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-05-01")] }, { tests: [...TESTS, t("2026-05-04")] });
    const done = one(items(closed, "2026-05-10"), "rx:r3:preg");
    expect(done).toMatchObject({ status: "COMPLETED", completedOn: "2026-05-04" });
    expect(done.reason).toBe("Pregnancy test collected on 4 May 2026, 3 days after it was due (late) for the prescription of 1 May 2026.");
  });

  it("a waiver skips exactly one monthly occurrence; the next is due an interval after the waived due date", () => {
    const list = items(treated(), "2026-04-10", US, [WAIVE("course:c1:preg-monthly:2026-04-29")]);
    expect(rows(list, "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "WAIVED", null],
      ["course:c1:preg-monthly:2026-05-29", "2026-05-29", "NOT_DUE", null],
    ]);
    expect(one(list, "course:c1:preg-monthly:2026-04-29").reason).toBe("Waived by a dermatologist; the reason is in the clinical record.");
    expect(one(list, "course:c1:preg-monthly:2026-05-29").reason).toBe(`Monthly pregnancy test due 30 days after 29 Apr 2026 (${NAME_2021}).`);
  });

  it("after a waived occurrence a test closes the next one, and the series goes on from that test", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-05-20")] });
    expect(rows(items(h, "2026-05-25", US, [WAIVE("course:c1:preg-monthly:2026-04-29")]), "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      // the waiver decides the status; the item still records the first test after its anchor
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "WAIVED", "2026-05-20"],
      ["course:c1:preg-monthly:2026-05-29", "2026-05-29", "COMPLETED", "2026-05-20"],
      ["course:c1:preg-monthly:2026-06-19", "2026-06-19", "NOT_DUE", null],
    ]);
  });

  it("a waived prescription item leaves the other prescriptions' items alone", () => {
    const h = treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-05-01")] });
    const list = items(h, "2026-05-10", US, [WAIVE("rx:r3:preg")]);
    expect(rows(list, "PREG_PRESCRIPTION")).toEqual([
      ["rx:r1:preg", "2026-03-02", "COMPLETED", "2026-02-27"],
      ["rx:r2:preg", "2026-04-01", "COMPLETED", "2026-03-30"],
      ["rx:r3:preg", "2026-05-01", "WAIVED", null],
    ]);
  });

  it("with the 2026 modification and the opt-in, a home test closes the post-course test", () => {
    const h = treated({ endDate: "2026-09-30" }, { tests: [...TESTS, t("2026-10-30", "HOME")] });
    expect(one(items(h, "2026-11-10", US_HOME), "course:c1:preg-post")).toMatchObject({
      dueDate: "2026-10-30",
      status: "COMPLETED",
      completedOn: "2026-10-30",
    });
  });

  // Items are closed only by tests in a setting the rules in force on the test's day accept for treatment.
  it("a home test closes no item where home tests are not allowed", () => {
    const h = treated({}, { tests: [t("2026-02-05"), t("2026-02-27"), t("2026-03-30", "HOME")] });
    const list = items(h, "2026-04-10", US_HOME);
    expect(one(list, "course:c1:preg-monthly:2026-03-29").status).toBe("OVERDUE");
    expect(one(list, "rx:r2:preg").status).toBe("OVERDUE");
    const ended = treated({ endDate: "2026-09-30" }, { tests: [...TESTS, t("2026-10-30", "HOME")] });
    expect(one(items(ended, "2026-11-10", US), "course:c1:preg-post")).toMatchObject({ dueDate: "2026-10-30", status: "OVERDUE", completedOn: null });
  });

  it("an office test closes no item under iPLEDGE 2021, and does under the PPP", () => {
    const h = treated({}, { tests: [t("2026-02-05"), t("2026-02-27"), t("2026-03-30", "OFFICE")] });
    const us = items(h, "2026-04-10", US);
    expect(one(us, "course:c1:preg-monthly:2026-03-29")).toMatchObject({ status: "OVERDUE", completedOn: null });
    expect(one(us, "rx:r2:preg")).toMatchObject({ status: "OVERDUE", completedOn: null });
    const eu = items(h, "2026-04-10", EU);
    expect(one(eu, "course:c1:preg-monthly:2026-03-27")).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-30" });
    expect(one(eu, "rx:r2:preg")).toMatchObject({ status: "COMPLETED", completedOn: "2026-03-30" });
  });

  it.each([
    // home test with the opt-in; course ended 8 Jul, post-course test due 7 Aug (2021 rules until 7 Aug, 2026 from 8 Aug)
    ["2026-08-07", "OVERDUE", null, `Pregnancy test due 30 days after the last dose on 8 Jul 2026 (course ended, ${NAME_2021}).`],
    ["2026-08-08", "COMPLETED", "2026-08-08", "Pregnancy test collected on 8 Aug 2026, 1 day after it was due (late), after the last dose on 8 Jul 2026."],
  ])("the rules on the test's day decide: a home test on %s leaves the post-course test %s", (testDate, status, completedOn, reason) => {
    const h = treated({ endDate: "2026-07-08" }, { tests: [...TESTS, t(testDate, "HOME")] });
    expect(one(items(h, "2026-08-20", US_HOME), "course:c1:preg-post")).toMatchObject({ dueDate: "2026-08-07", status, completedOn, reason });
  });

  it("the screening item accepts the screening tests the first prescription relied on, across the modification date", () => {
    const tests = [t("2026-07-25", "OFFICE"), t("2026-08-18", "OFFICE")];
    const planned = history({ tests, counseling: [{ id: "n", date: "2026-08-20" }], courses: [course({ startDate: "2026-08-20" })] });
    expect(check(planned, "2026-08-20")).toMatchObject({ outcome: "ALLOWED", dispenseBy: "2026-08-24", ruleSetName: NAME_2026 });
    const h = history({ tests, courses: [course({ startDate: "2026-08-20", prescriptions: [rx("r1", "2026-08-20")] })] });
    const s = one(items(h, "2026-08-25"), "course:c1:preg-screening");
    expect(s).toMatchObject({ status: "COMPLETED", completedOn: "2026-08-18" });
    expect(s.reason).toBe("2 pregnancy test(s) recorded, the last on 18 Aug 2026.");
  });
});

describe("monitoring items: pauses, ends and the post-course test", () => {
  const postPause = (key: string, due: string, status: string, completedOn: string | null = null) => [key, due, status, completedOn];

  it("a pause dated in the future leaves the items before it unchanged and adds the test after the last dose", () => {
    const plain = items(treated(), "2026-04-10");
    const paused = items(treated({ pauses: [{ startDate: "2026-06-15", resumeDate: null }] }), "2026-04-10");
    expect(paused.filter((i) => i.kind !== "PREG_POST_PAUSE")).toEqual(plain);
    expect(rows(paused, "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-06-15", "2026-07-14", "NOT_DUE")]);
    expect(one(paused, "course:c1:preg-post-pause:2026-06-15").reason).toBe(
      `Pregnancy test due 30 days after the last dose on 14 Jun 2026 (course paused, ${NAME_2021}).`,
    );
  });

  it("monthly occurrences due after the last dose give way to the post-pause test", () => {
    const list = items(treated({ pauses: [{ startDate: "2026-04-20", resumeDate: null }] }), "2026-04-10");
    expect(rows(list, "PREG_MONTHLY")).toEqual([["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"]]);
    expect(rows(list, "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-04-20", "2026-05-19", "NOT_DUE")]);
  });

  it.each([
    // test date, post-pause status as of 20 Jul (due 14 Jul; a test from 7 days before the due date counts)
    ["2026-07-07", "COMPLETED", "2026-07-07"],
    ["2026-07-06", "DUE", null],
  ])("post-pause test: a test on %s leaves it %s", (testDate, status, completedOn) => {
    const h = treated({ pauses: [{ startDate: "2026-06-15", resumeDate: null }] }, { tests: [...TESTS, t(testDate)] });
    expect(rows(items(h, "2026-07-20"), "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-06-15", "2026-07-14", status, completedOn)]);
  });

  it("a short pause (resumed before the test would be due) has no post-pause test; monitoring restarts at the resume", () => {
    const list = items(treated({ pauses: [{ startDate: "2026-05-01", resumeDate: "2026-05-20" }] }), "2026-05-25");
    expect(rows(list, "PREG_POST_PAUSE")).toEqual([]);
    expect(rows(list, "PREG_MONTHLY")).toEqual([
      ["course:c1:preg-monthly:2026-03-29", "2026-03-29", "COMPLETED", "2026-03-30"],
      ["course:c1:preg-monthly:2026-04-29", "2026-04-29", "OVERDUE", null],
      ["course:c1:preg-monthly:2026-06-19", "2026-06-19", "NOT_DUE", null],
    ]);
  });

  it("a long pause, resumed: the post-pause test stays, and a fresh test is needed before the next prescription", () => {
    const h = treated({ pauses: [{ startDate: "2026-05-01", resumeDate: "2026-07-01" }] });
    expect(rows(items(h, "2026-07-02"), "PREG_POST_PAUSE")).toEqual([postPause("course:c1:preg-post-pause:2026-05-01", "2026-05-30", "OVERDUE")]);
    const d = check({ ...h, counseling: [{ id: "n", date: "2026-07-01" }] }, "2026-07-01");
    expect(codes(d)).toEqual(["NO_TEST_IN_WINDOW"]);
  });

  it("an end dated in the future adds the post-course test and leaves the items before it unchanged", () => {
    const plain = items(treated(), "2026-04-10");
    const ending = items(treated({ endDate: "2026-06-30" }), "2026-04-10");
    expect(ending.filter((i) => i.kind !== "PREG_POST_COURSE")).toEqual(plain);
    expect(rows(ending, "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", "2026-07-30", "NOT_DUE", null]]);
  });

  it.each([
    // label, settings, due date
    ["US: 30 days after the last dose", US, "2026-06-30"],
    ["EU: 5 weeks after stopping", EU, "2026-07-05"],
  ] as const)("post-course test, %s", (_l, over, due) => {
    const list = items(treated({ endDate: "2026-05-31" }), "2026-06-10", over);
    expect(rows(list, "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", due, "NOT_DUE", null]]);
  });

  it("the post-course test stays open 300 days after the end, alone", () => {
    const list = items(treated({ endDate: "2026-05-31" }), "2027-03-27");
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ key: "course:c1:preg-post", kind: "PREG_POST_COURSE", dueDate: "2026-06-30", status: "OVERDUE", daysOverdue: 270 });
    expect(list[0]!.reason).toBe(`Pregnancy test due 30 days after the last dose on 31 May 2026 (course ended, ${NAME_2021}).`);
  });

  it("long after the end the post-course test goes once done or waived", () => {
    expect(items(treated({ endDate: "2026-05-31" }, { tests: [...TESTS, t("2026-06-30")] }), "2027-03-27")).toEqual([]);
    expect(items(treated({ endDate: "2026-05-31" }), "2027-03-27", US, [WAIVE("course:c1:preg-post")])).toEqual([]);
  });

  it.each([
    // test date, status as of 15 Jul (due 30 Jun), completed on, reason
    ["2026-06-23", "COMPLETED", "2026-06-23", "Pregnancy test collected on 23 Jun 2026, after the last dose on 31 May 2026."],
    ["2026-06-22", "OVERDUE", null, `Pregnancy test due 30 days after the last dose on 31 May 2026 (course ended, ${NAME_2021}).`],
    ["2026-07-10", "COMPLETED", "2026-07-10", "Pregnancy test collected on 10 Jul 2026, 10 days after it was due (late), after the last dose on 31 May 2026."],
  ])("post-course test with a test on %s: %s", (testDate, status, completedOn, reason) => {
    const c = one(items(treated({ endDate: "2026-05-31" }, { tests: [...TESTS, t(testDate)] }), "2026-07-15"), "course:c1:preg-post");
    expect(c).toMatchObject({ status, completedOn, reason });
  });

  it("a course ended during a pause: one test 30 days after the last dose before the pause", () => {
    const list = items(treated({ endDate: "2026-05-31", pauses: [{ startDate: "2026-05-01", resumeDate: null }] }), "2026-05-10");
    expect(rows(list, "PREG_POST_PAUSE")).toEqual([]);
    expect(rows(list, "PREG_POST_COURSE")).toEqual([["course:c1:preg-post", "2026-05-30", "NOT_DUE", null]]);
  });
});

describe("monitoring items: a positive test, category", () => {
  it("a positive test without a decision replaces every routine item with one dermatologist review", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")] });
    const list = items(h, "2026-04-10");
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      kind: "PREG_REVIEW",
      key: "test:p1:preg-review",
      courseId: "c1",
      dueDate: "2026-04-05",
      status: "OVERDUE",
      label: "Dermatologist review",
    });
    expect(list[0]!.reason).toBe(
      "A dermatologist must review this patient's pregnancy-prevention record and document a decision before any further prescription.",
    );
    expect(items(h, "2026-04-05")[0]!.status).toBe("DUE");
  });

  it("an indeterminate test does the same; the earliest undecided test is named", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-04-07", "OFFICE", "INDETERMINATE", "i2"), t("2026-04-05", "LAB", "INDETERMINATE", "i1")] });
    expect(rows(items(h, "2026-04-10"))).toEqual([["test:i1:preg-review", "2026-04-05", "OVERDUE", null]]);
  });

  it("a documented decision brings the routine items back", () => {
    const h = treated(
      {},
      { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")], clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "FALSE_POSITIVE" }] },
    );
    expect(items(h, "2026-04-10")).toEqual(items(treated(), "2026-04-10"));
  });

  it("a patient who cannot become pregnant has no pregnancy items", () => {
    expect(items(treated({}, { categories: CANNOT }), "2026-04-10")).toEqual([]);
  });

  // The items and the banner use the category on their day (categoryOn), as the prescribing check does.
  it("the category on the day decides the items and the banner", () => {
    const h = treated({}, { categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "2026-05-01" }] });
    expect(check({ ...h, counseling: [{ id: "n", date: "2026-04-10" }] }, "2026-04-10").refusals.map((r) => r.code)).toEqual(["NO_TEST_IN_WINDOW"]);
    const list = items(h, "2026-04-10");
    expect(list).toEqual(items(treated(), "2026-04-10"));
    expect(pregnancyStatus(h, list, "2026-04-10", rulesOn(), null).category).toBe("CAN_BECOME_PREGNANT");
    // the day before the change and the day of it
    const before = items(h, "2026-04-30");
    expect(before).toEqual(items(treated(), "2026-04-30"));
    expect(pregnancyStatus(h, before, "2026-04-30", rulesOn(), null).category).toBe("CAN_BECOME_PREGNANT");
    const on = items(h, "2026-05-01");
    expect(on).toEqual([]);
    expect(pregnancyStatus(h, on, "2026-05-01", rulesOn(), null)).toMatchObject({ category: "CANNOT_BECOME_PREGNANT", summary: "Cannot become pregnant" });
  });

  it('a later change to "can become pregnant" does not bring items back before its date', () => {
    const h = treated({}, { categories: [...CANNOT, { category: "CAN_BECOME_PREGNANT", from: "2026-05-01" }] });
    expect(items(h, "2026-04-30")).toEqual([]);
    expect(items(h, "2026-05-01")).toEqual(items(treated(), "2026-05-01"));
  });

  it("the review is read as of its day: a decision dated later does not remove it before that day", () => {
    const h = treated(
      {},
      { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")], clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "FALSE_POSITIVE" }] },
    );
    expect(rows(items(h, "2026-04-07"))).toEqual([["test:p1:preg-review", "2026-04-05", "OVERDUE", null]]);
    expect(items(h, "2026-04-08")).toEqual(items(treated(), "2026-04-08"));
  });
});

describe("the banner", () => {
  const status = (h: PregnancyHistory, asOf: string, stored: { prescriptionId: string; date: string } | null = null, over: Over = US) =>
    pregnancyStatus(h, items(h, asOf, over), asOf, rulesOn(over), stored);

  it("on treatment: next test, window, dispense-by", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-04-08")] });
    const s = status(h, "2026-04-10", { prescriptionId: "r3", date: "2026-04-14" });
    expect(s).toMatchObject({
      nextTestDue: "2026-05-08",
      windowClosesOn: "2026-04-14",
      prescribingStopped: false,
      undecidedTest: null,
      contraceptionDocumented: true,
    });
    expect(s.summary).toBe("Can become pregnant · next test due 8 May 2026 · prescription window closes 14 Apr 2026 · dispense by 14 Apr 2026 (4 days left)");
  });

  it("a dispense-by date in the past and missing contraception", () => {
    const h = treated({}, { contraception: [] });
    const s = status(h, "2026-04-10", { prescriptionId: "r2", date: "2026-04-07" });
    expect(s.dispenseBy).toBeNull();
    expect(s.summary).toBe("Can become pregnant · next test due 29 Apr 2026 · contraception not documented");
  });

  it("prescribing stopped by a positive test, without naming the result", () => {
    const h = treated({}, { tests: [...TESTS, t("2026-04-08"), t("2026-04-09", "LAB", "POSITIVE", "p1")] });
    const s = status(h, "2026-04-10");
    expect(s).toMatchObject({ prescribingStopped: true, nextTestDue: null, windowClosesOn: null });
    expect(s.undecidedTest?.id).toBe("p1");
    expect(s.summary).toBe("Can become pregnant · prescribing stopped: dermatologist review");
  });

  it("decided but not yet followed by a negative test: still stopped, routine items back", () => {
    const h = treated(
      {},
      { tests: [...TESTS, t("2026-04-09", "LAB", "POSITIVE", "p1")], clearances: [{ testId: "p1", decidedOn: "2026-04-09", outcome: "FALSE_POSITIVE" }] },
    );
    const s = status(h, "2026-04-10");
    expect(s).toMatchObject({ prescribingStopped: true, undecidedTest: null, nextTestDue: "2026-04-29" });
    expect(s.summary).toBe("Can become pregnant · prescribing stopped: dermatologist review · next test due 29 Apr 2026");
  });

  it("cannot become pregnant", () => {
    const h = treated({}, { categories: CANNOT });
    expect(status(h, "2026-04-10", { prescriptionId: "r2", date: "2026-04-30" }).summary).toBe(
      "Cannot become pregnant · dispense by 30 Apr 2026 (20 days left)",
    );
    expect(status(h, "2026-04-10").summary).toBe("Cannot become pregnant");
  });

  it.each([
    // EU: the window closes on day 4 from the specimen date (the day of prescribing and the 3 before)
    ["2026-04-09", "2026-04-12"],
    ["2026-04-07", "2026-04-10"],
    ["2026-04-06", null],
  ])("EU: with a test on %s the window closes on %s", (testDate, closes) => {
    const h = treated({}, { tests: [...TESTS, t(testDate)] });
    expect(status(h, "2026-04-10", null, EU).windowClosesOn).toBe(closes);
  });

  it("reads only what is documented by its day: the decision, then the negative test after it", () => {
    const h = treated(
      {},
      {
        tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1"), t("2026-04-09")],
        clearances: [{ testId: "p1", decidedOn: "2026-04-08", outcome: "FALSE_POSITIVE" }],
      },
    );
    expect(status(h, "2026-04-07")).toMatchObject({ prescribingStopped: true, undecidedTest: { id: "p1" } });
    expect(status(h, "2026-04-08")).toMatchObject({ prescribingStopped: true, undecidedTest: null });
    expect(status(h, "2026-04-09")).toMatchObject({ prescribingStopped: false, undecidedTest: null, windowClosesOn: "2026-04-15" });
  });

  it("cannot become pregnant with an undecided positive test: the banner says stopped and keeps the category", () => {
    const h = history({
      categories: [{ category: "CANNOT_BECOME_PREGNANT", from: "2026-03-10" }],
      tests: [t("2026-03-01", "LAB", "POSITIVE", "p1")],
      contraception: [],
      courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })],
    });
    const s = status(h, "2026-03-20");
    expect(s).toMatchObject({ category: "CANNOT_BECOME_PREGNANT", prescribingStopped: true, undecidedTest: { id: "p1" } });
    expect(s.summary).toMatch(/^Cannot become pregnant · /);
    expect(s.summary).toContain("prescribing stopped: dermatologist review");
  });
});

describe("reasons never name a result", () => {
  const RESULT_WORDS = /negative|positive|indeterminate/i;

  it("a waived item never shows the waiver's free text, which may name a result", () => {
    const waiver: Waiver = { itemKey: "rx:r2:preg", reason: "Negative test at the outside clinic", waivedBy: "Dr. A", waivedAt: "2026-04-10T10:00:00Z" };
    const h = treated({}, { tests: [t("2026-02-05"), t("2026-02-27")] });
    const item = one(items(h, "2026-04-10", US, [waiver]), "rx:r2:preg");
    expect(item.status).toBe("WAIVED");
    expect(item.reason).toBe("Waived by a dermatologist; the reason is in the clinical record.");
  });

  it.each([
    ["on treatment", treated(), "2026-04-10", US],
    ["EU on treatment", treated(), "2026-04-10", EU],
    ["a missed prescription test", treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r3", "2026-05-01")] }), "2026-05-10", US],
    ["paused", treated({ pauses: [{ startDate: "2026-04-20", resumeDate: null }] }), "2026-06-10", US],
    ["ended", treated({ endDate: "2026-05-31" }), "2026-07-15", US],
    ["review", treated({}, { tests: [...TESTS, t("2026-04-05", "LAB", "POSITIVE", "p1")] }), "2026-04-10", US],
    [
      "decided, not followed",
      treated(
        {},
        {
          tests: [...TESTS, t("2026-04-05", "LAB", "INDETERMINATE", "i1")],
          clearances: [{ testId: "i1", decidedOn: "2026-04-06", outcome: "FALSE_POSITIVE" }],
        },
      ),
      "2026-04-10",
      US,
    ],
  ] as const)("%s", (_l, h, asOf, over) => {
    const list = items(h, asOf, over);
    expect(list.length).toBeGreaterThan(0);
    for (const i of list) expect(i.reason, i.key).not.toMatch(RESULT_WORDS);
    expect(pregnancyStatus(h, list, asOf, rulesOn(over), null).summary).not.toMatch(RESULT_WORDS);
  });
});
