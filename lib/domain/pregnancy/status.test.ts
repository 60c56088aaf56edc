import { describe, expect, it } from "vitest";
import type { Waiver } from "../monitoring/items";
import { pregnancyStatus, type PregnancyHistory } from "./index";
import { Over, US, US_HOME, EU, rulesOn, t, rx, course, history, CANNOT, check, codes, items, latestOf, one, TESTS, treated } from "./examples";

describe("the banner", () => {
  const status = (
    h: PregnancyHistory,
    asOf: string,
    stored: { prescriptionId: string; date: string; pregnancyTestVoided?: boolean } | null = null,
    over: Over = US,
  ) => pregnancyStatus(h, items(h, asOf, over), asOf, rulesOn(over), stored && latestOf(h, { pregnancyTestVoided: false, ...stored }, asOf, over));

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
    expect(s.summary).toBe("Can become pregnant · prescribing stopped until a later pregnancy test · next test due 29 Apr 2026");
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

describe("a prescription that must not be dispensed", () => {
  const status = (h: PregnancyHistory, asOf: string, stored: { prescriptionId: string; date: string; pregnancyTestVoided: boolean }, over: Over = US) =>
    pregnancyStatus(h, items(h, asOf, over), asOf, rulesOn(over), latestOf(h, stored, asOf, over));
  // In the words of the banner, which every role reads: what lifts the stop, never the result.
  const STOPPED = "Do not dispense: prescribing is stopped until a dermatologist's review";
  const UNTIL_TEST = "Do not dispense: prescribing is stopped until a later pregnancy test";
  const VOIDED = "Do not dispense: the pregnancy test it relied on was entered in error";
  // r3 written on 10 Apr on the negative test of 8 Apr: dispensable through 14 Apr.
  const r3 = { prescriptionId: "r3", date: "2026-04-14", pregnancyTestVoided: false };
  const withR3 = (extra: Partial<PregnancyHistory>) =>
    treated({ prescriptions: [rx("r1", "2026-03-02"), rx("r2", "2026-04-01"), rx("r3", "2026-04-10")] }, { tests: [...TESTS, t("2026-04-08")], ...extra });

  it("a positive test after the prescription: no dispense-by countdown, do not dispense instead", () => {
    const h = withR3({ tests: [...TESTS, t("2026-04-08"), t("2026-04-10", "LAB", "POSITIVE", "p1")] });
    const s = status(h, "2026-04-10", r3);
    expect(s).toMatchObject({ prescribingStopped: true, dispenseBy: null });
    expect(s.doNotDispense).toEqual({ prescriptionId: "r3", reasons: ["PRESCRIBING_STOPPED"], text: STOPPED });
    expect(s.summary).toBe("Can become pregnant · prescribing stopped: dermatologist review");
  });

  it("a laboratory's result waiting, or a result the rules cannot read: do not dispense until a dermatologist's review", () => {
    for (const held of [
      { queuedLabResults: [{ id: "q1", specimenDate: "2026-04-09" }] },
      { unreadPregnancyResults: [{ id: "u1", specimenDate: "2026-04-09" }] },
    ]) {
      const s = status(withR3(held), "2026-04-10", r3);
      expect(s.doNotDispense).toEqual({ prescriptionId: "r3", reasons: ["PRESCRIBING_STOPPED"], text: STOPPED });
      expect(s.summary).toContain("Can become pregnant · prescribing stopped: dermatologist review");
    }
  });

  it("a decision documented but no later negative test yet, or a confirmed pregnancy: still do not dispense, until a later test", () => {
    for (const outcome of ["FALSE_POSITIVE", "PREGNANCY_CONFIRMED"] as const) {
      const h = withR3({
        tests: [...TESTS, t("2026-04-08"), t("2026-04-10", "LAB", "INDETERMINATE", "i1")],
        clearances: [{ testId: "i1", decidedOn: "2026-04-11", outcome }],
      });
      const s = status(h, "2026-04-12", r3);
      expect(s, outcome).toMatchObject({
        prescribingStopped: true,
        undecidedTest: null,
        dispenseBy: null,
        doNotDispense: { reasons: ["PRESCRIBING_STOPPED_UNTIL_TEST"], text: UNTIL_TEST },
      });
      expect(s.summary, outcome).not.toContain("dispense by");
      // Decided: no review is waiting, and the banner does not name the outcome.
      expect(s.summary, outcome).toContain("Can become pregnant · prescribing stopped until a later pregnancy test");
      expect(s.summary, outcome).not.toContain("dermatologist review");
    }
  });

  it("the prescription's own test voided: do not dispense, though prescribing is not stopped", () => {
    const s = status(withR3({}), "2026-04-10", { ...r3, pregnancyTestVoided: true });
    expect(s).toMatchObject({ prescribingStopped: false, dispenseBy: null });
    expect(s.doNotDispense).toEqual({ prescriptionId: "r3", reasons: ["PREGNANCY_TEST_VOIDED"], text: VOIDED });
    expect(s.summary).not.toContain("dispense by");
  });

  it("both: every reason, the stop first", () => {
    const h = withR3({ tests: [...TESTS, t("2026-04-10", "LAB", "POSITIVE", "p1")] });
    expect(status(h, "2026-04-10", { ...r3, pregnancyTestVoided: true }).doNotDispense).toEqual({
      prescriptionId: "r3",
      reasons: ["PRESCRIBING_STOPPED", "PREGNANCY_TEST_VOIDED"],
      text: "Do not dispense: prescribing is stopped until a dermatologist's review; the pregnancy test it relied on was entered in error",
    });
  });

  it("once the dispense-by date has passed there is nothing to hold: neither a countdown nor do not dispense", () => {
    const h = withR3({ tests: [...TESTS, t("2026-04-08"), t("2026-04-15", "LAB", "POSITIVE", "p1")] });
    expect(status(h, "2026-04-15", r3)).toMatchObject({ prescribingStopped: true, dispenseBy: null, doNotDispense: null });
  });

  it("cannot become pregnant: held while a positive test stops prescribing, whatever the category", () => {
    const h = withR3({ categories: CANNOT, tests: [...TESTS, t("2026-04-10", "LAB", "POSITIVE", "p1")] });
    const s = status(h, "2026-04-10", r3);
    expect(s).toMatchObject({ category: "CANNOT_BECOME_PREGNANT", dispenseBy: null, doNotDispense: { text: STOPPED } });
    expect(s.summary).toBe("Cannot become pregnant · prescribing stopped: dermatologist review");
  });

  it("no reason to hold: the countdown as before", () => {
    expect(status(withR3({}), "2026-04-10", r3)).toMatchObject({ dispenseBy: { prescriptionId: "r3", date: "2026-04-14" }, doNotDispense: null });
  });
});

describe("the banner stops prescribing exactly when the prescribing check does", () => {
  const status = (h: PregnancyHistory, asOf: string, over: Over) => pregnancyStatus(h, items(h, asOf, over), asOf, rulesOn(over), null);
  // A positive test on 1 Mar with a dermatologist's decision on 5 Mar; the only later negative test is a home test.
  const answeredAtHome = (categories: PregnancyHistory["categories"], day: string) =>
    history({
      categories,
      tests: [t("2026-02-01"), t(day, "LAB", "POSITIVE", "p1"), t(`${day.slice(0, 8)}12`, "HOME")],
      clearances: [{ testId: "p1", decidedOn: `${day.slice(0, 8)}05`, outcome: "FALSE_POSITIVE" }],
      counseling: [{ id: "n1", date: `${day.slice(0, 8)}20` }],
      courses: [course({ startDate: "2026-01-05", prescriptions: [rx("r0", "2026-01-05")] })],
    });

  it.each([
    // label, category, day of the positive test, rules: is prescribing stopped?
    ["cannot become pregnant, 2021 rules: a home test does not answer it", CANNOT, "2026-03-01", US, true],
    ["can become pregnant, 2021 rules", [], "2026-03-01", US, true],
    ["cannot become pregnant, 2026 rules without the clinic's opt-in", CANNOT, "2026-10-01", US, true],
    ["cannot become pregnant, 2026 rules with the opt-in: the home test answers it", CANNOT, "2026-10-01", US_HOME, false],
    ["can become pregnant, 2026 rules with the opt-in", [], "2026-10-01", US_HOME, false],
  ] as const)("%s", (_l, categories, day, over, stopped) => {
    const h = answeredAtHome([...categories], day);
    const asOf = `${day.slice(0, 8)}20`;
    expect(status(h, asOf, over).prescribingStopped).toBe(stopped);
    expect(codes(check(h, asOf, over)).includes("POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE")).toBe(stopped);
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
