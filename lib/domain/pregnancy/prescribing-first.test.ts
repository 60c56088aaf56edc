import { describe, expect, it } from "vitest";
import type { ContraceptionRecord } from "./index";
import { US, EU, NAME_2021, NAME_2026, t, course, history, later, firstRx, check, codes } from "./examples";

describe("the first prescription: screening, spacing, the 19-day wait, contraception", () => {
  it("lists everything that is missing", () => {
    const d = check(history({ contraception: [], courses: [course({ startDate: "2026-03-20" })] }), "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual([
      "NO_TEST_IN_WINDOW",
      "SCREENING_INCOMPLETE",
      "CONTRACEPTION_NOT_DOCUMENTED",
      "COUNSELING_NOT_RECORDED",
      "CONTRACEPTION_NOT_CONFIRMED",
    ]);
    expect(d.refusals[1]!.message).toBe(
      `2 negative tests are needed before the first prescription (${NAME_2021}): a screening test, then a confirmation test ` +
        "at least 19 days later, in a laboratory, since 19 Jan 2026; 0 qualify.",
    );
    expect(d.refusals[2]!.message).toBe(
      "Contraception (two methods or committed abstinence) must be documented from 18 Feb 2026, 30 days before the first prescription; none is documented.",
    );
    expect(d.refusals[3]!.message).toBe("Counseling in the 30 days before this prescription is not recorded.");
    expect(d.refusals[4]!.message).toBe(
      "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 20 Mar 2026.",
    );
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
      expect(d.refusals[0]!.message).toContain("; 1 qualifies.");
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
      // Contraception not in use on the day cannot be confirmed at the day's counseling either.
      expect(codes(d)).toEqual(
        message === "none is documented" ? ["CONTRACEPTION_NOT_DOCUMENTED", "CONTRACEPTION_NOT_CONFIRMED"] : ["CONTRACEPTION_NOT_DOCUMENTED"],
      );
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
      // A chain that stops before the day leaves nothing in use to confirm.
      expect(codes(d)).toEqual(since ? ["CONTRACEPTION_NOT_DOCUMENTED"] : ["CONTRACEPTION_NOT_DOCUMENTED", "CONTRACEPTION_NOT_CONFIRMED"]);
      expect(d.refusals[0]!.message).toBe(
        "Contraception (two methods or committed abstinence) must be documented from 18 Feb 2026, 30 days before the first prescription; " +
          (since ? `it is documented only from ${since}.` : "none is documented."),
      );
    }
  });
});
