import { describe, expect, it } from "vitest";
import type { Clearance } from "./index";
import { US, t, later, check, codes } from "./examples";

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
