import { describe, expect, it } from "vitest";
import { US, US_HOME, EU, NAME_2021, NAME_2026, NAME_EU, t, later, firstRx, check, codes } from "./examples";

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
