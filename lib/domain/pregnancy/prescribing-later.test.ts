import { describe, expect, it } from "vitest";
import { US, EU, NAME_2021, NAME_2026, NAME_EU, t, rx, course, history, CANNOT, later, check, codes, counseledOn } from "./examples";

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
    // The counseling confirmed the contraception in use (k1, ongoing): outside the 30 days it confirms nothing for this prescription either.
    const d = check(later([t(testDate, "LAB")], date, { counseling: [counseledOn(counseled)] }), date, over);
    expect(d.outcome).toBe(outcome);
    if (message) {
      expect(codes(d)).toEqual(["COUNSELING_NOT_RECORDED", "CONTRACEPTION_NOT_CONFIRMED"]);
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

  // From 15 Mar the prescription is the first written while she can become pregnant: screening as at a course start.
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
      counseling: [counseledOn(date)],
      courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })],
    });
    const d = check(h, date);
    expect(d.outcome).toBe(outcome);
    if (outcome === "REFUSED") expect(codes(d)).toEqual(["NO_TEST_IN_WINDOW", "SCREENING_INCOMPLETE"]);
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
