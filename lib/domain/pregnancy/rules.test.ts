import { describe, expect, it } from "vitest";
import { effectiveRules, RULE_SETS, rulesResolver } from "./index";
import { US, US_HOME, EU, settings } from "./examples";

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
    // label, rule set id, screening tests, spacing, lead days, monthly, post-treatment days, supply, refills, counseling, contraception confirmed, dispense within
    ["US 2021", "2026-03-01", US, 2, 19, 30, 30, 30, 30, 0, 30, 30, null],
    ["US 2026", "2026-09-01", US, 2, 19, 30, 30, 30, 30, 0, 30, 30, null],
    ["EU PPP (final test 5 weeks after stopping)", "2026-03-01", EU, 1, 0, 30, 28, 35, 30, 0, 30, 30, 7],
  ] as const)("%s: the numbers of the rule set", (_l, date, over, tests, spacing, lead, monthly, post, supply, refills, counseling, confirmed, dispense) => {
    expect(effectiveRules(date, settings(over))).toMatchObject({
      screeningTests: tests,
      screeningSpacingDays: spacing,
      contraceptionLeadDays: lead,
      monthlyTestIntervalDays: monthly,
      postTreatmentTestDays: post,
      maxDaysSupply: supply,
      maxRefills: refills,
      counselingIntervalDays: counseling,
      contraceptionConfirmationDays: confirmed,
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
    ["follow-ups overdue after 3 days (tighter)", US, { followUpOverdueAfterDays: 3 }, "followUpOverdueAfterDays", 3],
    ["follow-ups overdue after 0 days (at once)", EU, { followUpOverdueAfterDays: 0 }, "followUpOverdueAfterDays", 0],
    ["follow-ups overdue after 10 days (looser)", US, { followUpOverdueAfterDays: 10 }, "followUpOverdueAfterDays", 7],
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

  it("every rule set cites the source of its contraception confirmation", () => {
    expect(RULE_SETS.map((r) => [r.id, r.contraceptionConfirmationDays, r.sources.contraceptionConfirmationDays?.slice(0, 20)])).toEqual([
      ["US_IPLEDGE_2021", 30, "[S] iPLEDGE: each mo"],
      ["US_IPLEDGE_2026", 30, "[S] iPLEDGE: each mo"],
      ["EU_PPP", 30, "[S] SmPC 4.4: each m"],
    ]);
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
