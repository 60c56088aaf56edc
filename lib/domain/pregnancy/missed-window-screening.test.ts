import { describe, expect, it } from "vitest";
import { check, codes, firstRx, t } from "./examples";

/*
 * docs/DOMAIN.md (iPLEDGE, 2021): before the first prescription two negative tests, a screening test and a
 * confirmation test at least 19 days later; "Missed first pickup: next test at least 19 days after the previous".
 * The wait follows a missed first pickup only: a window in which a first prescription could have been written
 * and was not. A second screening test collected too soon after the first to confirm it (less than 19 days) opened
 * no such window, so it imposes no wait (prescribing.ts: "Only tests after the last screening count as
 * confirmation attempts").
 */
describe("a repeated screening test is not a missed first pickup (iPLEDGE 2021)", () => {
  // Screening 1 Feb and again 5 Feb (4 days later: no confirmation); confirmation 20 Feb, 19 days after 1 Feb;
  // first prescription 21 Feb, day 2 of the confirmation's window. No window closed unused: a first
  // prescription could not have been written on the 5 Feb test (only 4 days after the screening).
  it("allows the first prescription on the confirmation test 19 days after the screening test", () => {
    const withoutRepeat = check(firstRx([t("2026-02-01"), t("2026-02-20")], "2026-02-21"), "2026-02-21");
    expect(withoutRepeat.outcome).toBe("ALLOWED");
    const d = check(firstRx([t("2026-02-01"), t("2026-02-05"), t("2026-02-20")], "2026-02-21"), "2026-02-21");
    expect(codes(d)).toEqual([]);
    expect(d.outcome).toBe("ALLOWED");
  });
});
