import { describe, expect, it } from "vitest";
import { contraceptionInUseOn, type ContraceptionRecord, type CounselingRecord } from "./index";
import { US, EU, t, rx, course, history, CANNOT, check, codes } from "./examples";

/*
 * The monthly confirmation of the contraception in use, worked out by hand. A later prescription of course c1
 * (one written on 5 Jan 2026) on 20 Mar 2026, on a laboratory test of 18 Mar: the 30 days up to 20 Mar run
 * from 19 Feb (day 30) to 20 Mar (day 1). Counseling on 20 Mar is recorded in every case unless said.
 */
const K = (id: string, startDate: string, endDate: string | null = null): ContraceptionRecord => ({ id, method: "TWO_METHODS", startDate, endDate });
const PILL = K("pill", "2025-07-10");
const visit = (date: string, confirmed: string | null = null, id = `n-${date}`): CounselingRecord => ({ id, date, confirmedContraceptionId: confirmed });
const later = (contraception: ContraceptionRecord[], counseling: CounselingRecord[], over: Parameters<typeof history>[0] = {}) =>
  history({ tests: [t("2026-03-18")], contraception, counseling, courses: [course({ prescriptions: [rx("r0", "2026-01-05")] })], ...over });
const NOT_CONFIRMED =
  "Record counseling with the contraception confirmed with the patient: no counseling in the 30 days before this prescription confirmed contraception in use on 20 Mar 2026";

describe("a prescription needs the contraception in use confirmed at a counseling in the 30 days before it", () => {
  it("contraception recorded eight months ago and never confirmed since: refused, even with this month's counseling", () => {
    const d = check(later([PILL], [visit("2026-01-20"), visit("2026-02-20"), visit("2026-03-20")]), "2026-03-20");
    expect(d.outcome).toBe("REFUSED");
    expect(codes(d)).toEqual(["CONTRACEPTION_NOT_CONFIRMED"]);
    expect(d.refusals[0]!.message).toBe(`${NOT_CONFIRMED}.`);
  });

  it.each([
    // label, settings, the confirming counseling's day, outcome
    ["on the day", US, "2026-03-20", "ALLOWED"],
    ["on day 30 (19 Feb)", US, "2026-02-19", "ALLOWED"],
    ["on day 31 (18 Feb)", US, "2026-02-18", "REFUSED"],
    ["the day after the prescription", US, "2026-03-21", "REFUSED"],
    ["EU: on day 30", EU, "2026-02-19", "ALLOWED"],
    ["EU: on day 31", EU, "2026-02-18", "REFUSED"],
  ] as const)("confirmed %s: %s", (_l, over, confirmedOn, outcome) => {
    const d = check(later([PILL], [visit("2026-03-20"), visit(confirmedOn, "pill")]), "2026-03-20", over);
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(outcome === "REFUSED" ? ["CONTRACEPTION_NOT_CONFIRMED"] : []);
  });

  it("names the last confirmation when it is too old", () => {
    const d = check(later([PILL], [visit("2026-03-20"), visit("2026-02-18", "pill"), visit("2026-01-10", "pill")]), "2026-03-20");
    expect(d.refusals.map((r) => r.message)).toEqual([`${NOT_CONFIRMED} (last confirmed on 18 Feb 2026).`]);
  });

  it("a confirmation in the 30 days of a record no longer in use (replaced, or no longer on file) is named as such, not as a bare date", () => {
    const changed = `${NOT_CONFIRMED} (the contraception confirmed on 1 Mar 2026 is no longer the record in use).`;
    const replaced = [K("a", "2025-07-10", "2026-03-14"), K("b", "2026-03-15")];
    expect(check(later(replaced, [visit("2026-03-01", "a"), visit("2026-03-20")]), "2026-03-20").refusals.map((r) => r.message)).toEqual([changed]);
    expect(check(later([K("b", "2025-07-10")], [visit("2026-03-01", "a"), visit("2026-03-20")]), "2026-03-20").refusals.map((r) => r.message)).toEqual([
      changed,
    ]);
  });

  it.each([
    // label, records, the record confirmed on 1 Mar, outcome
    ["a record that ends on the day", [K("a", "2025-07-10", "2026-03-20"), K("b", "2026-03-21")], "a", "ALLOWED"],
    // Replaced by a new record from 15 Mar: contraception is documented, but the new record was never confirmed.
    ["a record replaced since", [K("a", "2025-07-10", "2026-03-14"), K("b", "2026-03-15")], "a", "REFUSED"],
    // Confirmed on 1 Mar, two weeks before it started: not the contraception in use that day, so it confirms nothing.
    ["the record that replaced it, confirmed ahead of its start", [K("a", "2025-07-10", "2026-03-14"), K("b", "2026-03-15")], "b", "REFUSED"],
    ["a record confirmed on its first day", [K("a", "2025-07-10", "2026-02-28"), K("b", "2026-03-01")], "b", "ALLOWED"],
    // The confirmed record is not among the live ones: voided as entered in error, so it confirms nothing.
    ["a record no longer on file", [K("b", "2025-07-10")], "a", "REFUSED"],
  ] as const)("confirmed %s: %s", (_l, records, confirmed, outcome) => {
    const d = check(later([...records], [visit("2026-03-01", confirmed), visit("2026-03-20")]), "2026-03-20");
    expect(d.outcome).toBe(outcome);
    expect(codes(d)).toEqual(outcome === "REFUSED" ? ["CONTRACEPTION_NOT_CONFIRMED"] : []);
  });

  it("a confirmation of a record before it started (only data written outside the forms holds one) is named as such", () => {
    const records = [K("a", "2025-07-10", "2026-03-14"), K("b", "2026-03-15")];
    const d = check(later(records, [visit("2026-03-01", "b"), visit("2026-03-20")]), "2026-03-20");
    expect(d.refusals.map((r) => r.message)).toEqual([`${NOT_CONFIRMED} (the contraception confirmed on 1 Mar 2026 was not in use on that day).`]);
    // Confirmed again once in use, on 16 Mar: that one counts.
    expect(check(later(records, [visit("2026-03-01", "b"), visit("2026-03-16", "b"), visit("2026-03-20")]), "2026-03-20").outcome).toBe("ALLOWED");
  });

  it("the decision names the counseling whose confirmation it rests on: the latest that counts, not a later one that does not", () => {
    const records = [K("a", "2025-07-10", "2026-03-14"), K("b", "2026-03-15")];
    const counseling = [visit("2026-02-25", "a"), visit("2026-03-16", "b", "counts"), visit("2026-03-18", "a", "replaced"), visit("2026-03-20")];
    expect(check(later(records, counseling), "2026-03-20")).toMatchObject({ outcome: "ALLOWED", confirmingCounseling: { id: "counts", date: "2026-03-16" } });
    expect(check(later(records, [visit("2026-03-18", "a"), visit("2026-03-20")]), "2026-03-20").confirmingCounseling).toBeNull();
    expect(check(later([], [visit("2026-03-20")], { categories: CANNOT, tests: [] }), "2026-03-20").confirmingCounseling).toBeNull();
  });

  it("a counseling that confirmed the contraception also counts as the month's counseling; a later one without it keeps the confirmation", () => {
    expect(check(later([PILL], [visit("2026-03-05", "pill")]), "2026-03-20")).toMatchObject({ outcome: "ALLOWED", refusals: [] });
    expect(check(later([PILL], [visit("2026-03-05", "pill"), visit("2026-03-19")]), "2026-03-20").outcome).toBe("ALLOWED");
  });

  it("nothing documented: both the contraception and its confirmation are missing", () => {
    const d = check(later([], [visit("2026-03-20")]), "2026-03-20");
    expect(codes(d)).toEqual(["CONTRACEPTION_NOT_DOCUMENTED", "CONTRACEPTION_NOT_CONFIRMED"]);
  });

  it("a back-dated prescription counts only the confirmations up to its own date", () => {
    const h = later([PILL], [visit("2026-03-18"), visit("2026-03-21", "pill")]);
    expect(codes(check(h, "2026-03-20", US, { recordedOn: "2026-03-22" }))).toEqual(["CONTRACEPTION_NOT_CONFIRMED"]);
  });

  it("a patient who cannot become pregnant is not asked for it", () => {
    const h = later([], [visit("2026-03-20")], { categories: CANNOT, tests: [] });
    expect(check(h, "2026-03-20")).toMatchObject({ outcome: "ALLOWED", refusals: [] });
  });

  it("asked from the day she can become pregnant (a category change documented that day)", () => {
    const categories = [...CANNOT, { category: "CAN_BECOME_PREGNANT" as const, from: "2026-03-20" }];
    const h = later([PILL], [visit("2026-03-19"), visit("2026-03-20")], { categories, tests: [t("2026-02-20"), t("2026-03-18")] });
    expect(codes(check(h, "2026-03-19"))).toEqual([]);
    expect(codes(check(h, "2026-03-20"))).toEqual(["CONTRACEPTION_NOT_CONFIRMED"]);
  });
});

describe("the record in use on a day", () => {
  it("is the latest started of the records that cover it; none when none does", () => {
    const records = [K("a", "2026-01-01", "2026-03-10"), K("b", "2026-03-01"), K("c", "2026-04-01", "2026-04-30")];
    expect(contraceptionInUseOn(records, "2025-12-31")).toBeNull();
    expect(contraceptionInUseOn(records, "2026-02-28")?.id).toBe("a");
    expect(contraceptionInUseOn(records, "2026-03-05")?.id).toBe("b");
    expect(contraceptionInUseOn(records, "2026-04-30")?.id).toBe("c");
    expect(contraceptionInUseOn(records, "2026-05-01")?.id).toBe("b");
  });
});
