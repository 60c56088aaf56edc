import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Waiver } from "../monitoring/items";
import {
  EU_PPP,
  US_IPLEDGE_2021,
  US_IPLEDGE_2026,
  checkPrescription,
  effectiveRules,
  pregnancyItems,
  pregnancyStatus,
  rulesResolver,
  type CourseRecord,
  type PregnancyCategory,
  type PregnancyHistory,
  type PregnancySettings,
  type PregnancyRuleSet,
  type TestResult,
  type TestSetting,
} from "./index";

/*
 * Property-based tests over generated histories. The oracles below are written from the requirement, with
 * their own calendar arithmetic (not the module's addDays / windowTest / categoryOn).
 */

const MS_PER_DAY = 86_400_000;
const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / MS_PER_DAY;
const isoOf = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
const plus = (d: string, days: number) => isoOf(dayNumber(d) + days);

const FDA_MODIFICATION = "2026-08-08";
const RUNS = 200;
const RESULT_WORDS = /negative|positive|indeterminate/i;

// ---------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------

/** A modification date on or after the FDA's (a reported postponement), or any date. */
const postponedDate = fc.integer({ min: 0, max: 90 }).map((n) => plus(FDA_MODIFICATION, n));
const anyModificationDate = fc.integer({ min: -400, max: 90 }).map((n) => plus(FDA_MODIFICATION, n));

const settingsArb = (modificationDate: fc.Arbitrary<string>): fc.Arbitrary<PregnancySettings> =>
  fc.record({
    programme: fc.constantFrom("US_IPLEDGE" as const, "US_IPLEDGE" as const, "EU_PPP" as const),
    usModificationEffectiveFrom: modificationDate,
    homeTestsOptIn: fc.boolean(),
    prescriptionWindowDays: fc.oneof(fc.constant(7), fc.integer({ min: 1, max: 14 })),
    monthlyTestIntervalDays: fc.oneof(fc.constant(30), fc.integer({ min: 14, max: 45 })),
    maxDaysSupply: fc.oneof(fc.constant(30), fc.integer({ min: 7, max: 90 })),
    screeningLookbackDays: fc.integer({ min: 30, max: 120 }),
    overdueAfterDays: fc.integer({ min: 0, max: 30 }),
    dueSoonDays: fc.integer({ min: 0, max: 14 }),
  });

const resultArb: fc.Arbitrary<TestResult> = fc.oneof(
  { arbitrary: fc.constant("NEGATIVE" as const), weight: 6 },
  { arbitrary: fc.constant("POSITIVE" as const), weight: 1 },
  { arbitrary: fc.constant("INDETERMINATE" as const), weight: 1 },
);
const settingArb: fc.Arbitrary<TestSetting> = fc.constantFrom("LAB", "OFFICE", "HOME");
const categoryArb = (cannotWeight: number): fc.Arbitrary<PregnancyCategory> =>
  fc.oneof(
    { arbitrary: fc.constant("CAN_BECOME_PREGNANT" as const), weight: 1 },
    { arbitrary: fc.constant("CANNOT_BECOME_PREGNANT" as const), weight: cannotWeight },
  );

const courseArb = fc.record({
  startRel: fc.integer({ min: -150, max: 10 }),
  length: fc.option(fc.integer({ min: 20, max: 200 }), { nil: null }),
  pause: fc.option(fc.record({ at: fc.integer({ min: 5, max: 120 }), length: fc.option(fc.integer({ min: 5, max: 60 }), { nil: null }) }), { nil: null }),
  rxs: fc.uniqueArray(fc.integer({ min: 0, max: 150 }), { maxLength: 4 }),
});

/** A course on treatment at D: started months before, prescriptions written before D. */
const nearCourseArb = fc.record({
  startRel: fc.integer({ min: -150, max: -40 }),
  length: fc.constant(null),
  pause: fc.constant(null),
  rxs: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 3 }),
});

/**
 * Everything dated relative to the day D the question is asked for (2026-05-01 to 2026-11-17, across 8 Aug).
 * `near` packs the tests, decisions and counseling around D and documents contraception throughout, so
 * that many prescriptions are allowed and the "never allowed" properties are tested where it matters.
 */
const scenarioArb = (opts: { cannotWeight?: number; resultArb?: fc.Arbitrary<TestResult>; near?: boolean } = {}) =>
  fc.record({
    d: fc.integer({ min: 0, max: 200 }).map((n) => plus("2026-05-01", n)),
    settings: settingsArb(anyModificationDate),
    categories: fc.uniqueArray(fc.record({ category: categoryArb(opts.cannotWeight ?? 1), rel: fc.integer({ min: -400, max: 30 }) }), {
      maxLength: 2,
      selector: (c) => c.rel,
    }),
    tests: fc.array(
      fc.record({
        rel: opts.near ? fc.integer({ min: -8, max: 8 }) : fc.integer({ min: -70, max: 10 }),
        result: opts.resultArb ?? resultArb,
        setting: settingArb,
      }),
      {
        maxLength: 7,
      },
    ),
    clearances: fc.array(
      fc.record({
        pick: fc.nat(),
        after: opts.near ? fc.integer({ min: 0, max: 8 }) : fc.integer({ min: 0, max: 20 }),
        outcome: fc.constantFrom("FALSE_POSITIVE" as const, "PREGNANCY_CONFIRMED" as const),
      }),
      { minLength: opts.near ? 1 : 0, maxLength: 2 },
    ),
    contraception: fc.array(
      fc.record({
        method: fc.constantFrom("TWO_METHODS" as const, "ABSTINENCE" as const),
        startRel: opts.near ? fc.constant(-120) : fc.integer({ min: -120, max: 5 }),
        endRel: opts.near ? fc.constant(null) : fc.option(fc.integer({ min: -30, max: 60 }), { nil: null }),
      }),
      { minLength: opts.near ? 1 : 0, maxLength: 2 },
    ),
    counseling: fc.array(opts.near ? fc.constant(0) : fc.integer({ min: -45, max: 5 }), { minLength: opts.near ? 1 : 0, maxLength: 3 }),
    courses: fc.array(opts.near ? nearCourseArb : courseArb, { minLength: 1, maxLength: 2 }),
    request: fc.record({ course: fc.nat(), daysSupply: fc.integer({ min: 7, max: 35 }), refills: fc.constantFrom<number>(0, 0, 0, 1) }),
  });

const MIXED = fc.oneof(scenarioArb(), scenarioArb({ near: true }));

type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer S> ? S : never;

/**
 * A prescription on D for a patient who can become pregnant, with a negative test in the window, then a
 * positive test on or before D, then a decision and a negative test that may come after D.
 */
const LATE_CLEARANCE: fc.Arbitrary<Scenario> = fc
  .record({
    base: scenarioArb({ near: true }),
    negativeRel: fc.integer({ min: -2, max: 0 }),
    positiveGap: fc.integer({ min: 0, max: 2 }),
    laterNegativeRel: fc.integer({ min: -1, max: 8 }),
    decidedAfter: fc.integer({ min: 0, max: 10 }),
  })
  .map(({ base, negativeRel, positiveGap, laterNegativeRel, decidedAfter }) => {
    const positiveRel = Math.min(0, negativeRel + positiveGap);
    return {
      ...base,
      categories: [],
      tests: [
        ...base.tests.filter((t) => t.result === "NEGATIVE"),
        { rel: negativeRel, result: "NEGATIVE" as const, setting: "LAB" as const },
        { rel: positiveRel, result: "POSITIVE" as const, setting: "LAB" as const },
        { rel: Math.max(positiveRel, laterNegativeRel), result: "NEGATIVE" as const, setting: "LAB" as const },
      ],
      clearances: [{ pick: 0, after: decidedAfter, outcome: "FALSE_POSITIVE" as const }],
      request: { ...base.request, daysSupply: 30, refills: 0 },
      settings: { ...base.settings, maxDaysSupply: 30 },
    };
  });

function buildCourse(c: Scenario["courses"][number], i: number, d: string): CourseRecord {
  const start = plus(d, c.startRel);
  return {
    id: `c${i}`,
    startDate: start,
    endDate: c.length === null ? null : plus(start, c.length),
    pauses: c.pause ? [{ startDate: plus(start, c.pause.at), resumeDate: c.pause.length === null ? null : plus(start, c.pause.at + c.pause.length) }] : [],
    prescriptions: c.rxs.map((r, j) => ({ id: `c${i}r${j}`, writtenOn: plus(start, r), daysSupply: 30, refills: 0 })),
  };
}

function build(s: Scenario) {
  const tests = s.tests.map((t, i) => ({ id: `t${i}`, specimenDate: plus(s.d, t.rel), result: t.result, setting: t.setting }));
  const nonNegative = tests.filter((t) => t.result !== "NEGATIVE");
  const h: PregnancyHistory = {
    categories: s.categories.map((c) => ({ category: c.category, from: plus(s.d, c.rel) })),
    tests,
    contraception: s.contraception.map((c, i) => ({
      id: `k${i}`,
      method: c.method,
      startDate: plus(s.d, c.startRel),
      endDate: c.endRel === null ? null : plus(s.d, Math.max(c.startRel, c.endRel)),
    })),
    counseling: s.counseling.map((rel, i) => ({ id: `n${i}`, date: plus(s.d, rel) })),
    clearances: nonNegative.length
      ? s.clearances.map((c) => {
          const test = nonNegative[c.pick % nonNegative.length]!;
          return { testId: test.id, decidedOn: plus(test.specimenDate, c.after), outcome: c.outcome };
        })
      : [],
    courses: s.courses.map((c, i) => buildCourse(c, i, s.d)),
  };
  const course = h.courses[s.request.course % h.courses.length]!;
  const rulesOn = rulesResolver([{ effectiveFrom: "2000-01-01", settings: s.settings }]);
  const decision = checkPrescription(h, { courseId: course.id, date: s.d, daysSupply: s.request.daysSupply, refills: s.request.refills }, rulesOn);
  return { d: s.d, h, course, rulesOn, decision, settings: s.settings };
}

/** The category on a day: the last change dated on or before it; "can become pregnant" by default (REMS). */
const categoryOnDay = (h: PregnancyHistory, d: string): PregnancyCategory =>
  [...h.categories]
    .filter((c) => c.from <= d)
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .at(-1)?.category ?? "CAN_BECOME_PREGNANT";

const lets = (outcome: string) => outcome === "ALLOWED" || outcome === "NEEDS_CONFIRMATION";

/** The day the 2026 modification applies: the clinic's date, but never before the FDA's. */
const modificationFrom = (s: PregnancySettings) => (s.usModificationEffectiveFrom > FDA_MODIFICATION ? s.usModificationEffectiveFrom : FDA_MODIFICATION);

/** A positive/indeterminate test on or before D without a decision documented on or before D. */
const undecidedOn = (h: PregnancyHistory, d: string) =>
  h.tests.some((t) => t.result !== "NEGATIVE" && t.specimenDate <= d && !h.clearances.some((c) => c.testId === t.id && c.decidedOn <= d));

/** Counts how often a property's condition was met, so that "never X" is shown not to hold vacuously. */
const counter = () => ({ cases: 0, hit: 0, allowed: 0 });

// ---------------------------------------------------------------------------------------------------------

const NO_DECISION =
  "never ALLOWED or NEEDS_CONFIRMATION after a positive/indeterminate test on or before the date without any documented decision " +
  "(patient who can become pregnant)";

describe("prescribing after a positive or indeterminate test", () => {
  it(NO_DECISION, () => {
    const n = counter();
    fc.assert(
      fc.property(MIXED, (s) => {
        const { d, h, decision } = build(s);
        if (categoryOnDay(h, d) !== "CAN_BECOME_PREGNANT") return;
        n.cases++;
        if (lets(decision.outcome)) n.allowed++;
        if (!undecidedOn(h, d)) return;
        n.hit++;
        expect(decision.outcome).toBe("REFUSED");
        expect(decision.refusals.map((r) => r.code)).toContain("POSITIVE_TEST_UNDECIDED");
      }),
      { numRuns: RUNS },
    );
    expect(n.hit).toBeGreaterThan(10);
    expect(n.allowed).toBeGreaterThan(0);
  });

  // A positive or indeterminate test blocks prescribing whatever the category.
  it("never ALLOWED or NEEDS_CONFIRMATION after an undecided positive/indeterminate test, whatever the category", () => {
    const n = counter();
    fc.assert(
      fc.property(scenarioArb({ cannotWeight: 4, resultArb: fc.constantFrom("NEGATIVE" as const, "POSITIVE" as const) }), (s) => {
        const { d, h, decision } = build(s);
        if (!undecidedOn(h, d)) return;
        n.hit++;
        if (categoryOnDay(h, d) === "CANNOT_BECOME_PREGNANT") n.cases++;
        expect(decision.outcome).toBe("REFUSED");
        expect(decision.refusals.map((r) => r.code)).toContain("POSITIVE_TEST_UNDECIDED");
      }),
      { numRuns: RUNS },
    );
    expect(n.hit).toBeGreaterThan(10);
    expect(n.cases).toBeGreaterThan(5); // patients who cannot become pregnant among them
  });

  // Only the tests, decisions (decidedOn) and negative tests documented on or before D count, whatever the category.
  it("only a decision and a later negative test documented on or before the date clear a positive test", () => {
    fc.assert(
      fc.property(fc.oneof(MIXED, LATE_CLEARANCE), (s) => {
        const { d, h, decision } = build(s);
        const blocked = h.tests.some(
          (t) =>
            t.result !== "NEGATIVE" &&
            t.specimenDate <= d &&
            !(
              h.clearances.some((c) => c.testId === t.id && c.decidedOn <= d) &&
              h.tests.some((n) => n.result === "NEGATIVE" && n.specimenDate > t.specimenDate && n.specimenDate <= d)
            ),
        );
        if (blocked) expect(decision.outcome).toBe("REFUSED");
      }),
      { numRuns: RUNS },
    );
  });
});

const NO_WINDOW_TEST =
  "never ALLOWED or NEEDS_CONFIRMATION for a patient who can become pregnant without a negative test, in an allowed setting, " +
  "within the window ending on the date";

describe("prescribing needs a negative test in the window", () => {
  it(NO_WINDOW_TEST, () => {
    const n = counter();
    fc.assert(
      fc.property(MIXED, (s) => {
        const { d, h, course, decision, settings } = build(s);
        if (categoryOnDay(h, d) !== "CAN_BECOME_PREGNANT") return;
        n.cases++;
        const eu = settings.programme === "EU_PPP";
        // EU: the day of prescribing or the 3 days before (4 days, day 1 = specimen date); US: day 1 + 6
        const window = Math.min(eu ? 4 : 7, settings.prescriptionWindowDays);
        const modified = d >= modificationFrom(settings);
        const first = !course.prescriptions.some((p) => p.writtenOn <= d);
        const allowed: TestSetting[] =
          eu || (modified && first) ? ["LAB", "OFFICE"] : !modified ? ["LAB"] : settings.homeTestsOptIn ? ["LAB", "OFFICE", "HOME"] : ["LAB", "OFFICE"];
        const from = plus(d, -(window - 1));
        const inWindow = h.tests.some((t) => t.result === "NEGATIVE" && t.specimenDate >= from && t.specimenDate <= d && allowed.includes(t.setting));
        if (lets(decision.outcome)) {
          n.allowed++;
          expect(inWindow).toBe(true);
          expect(decision.windowTest).not.toBeNull();
          expect(decision.windowTest!.specimenDate >= from && decision.windowTest!.specimenDate <= d).toBe(true);
          // dispense by: EU 7 days from the prescription (D + 6), whatever the test; US the end of the test's window
          expect(decision.dispenseBy).toBe(eu ? plus(d, 6) : plus(decision.windowTest!.specimenDate, window - 1));
        }
        if (!inWindow) {
          n.hit++;
          expect(decision.outcome).toBe("REFUSED");
        }
      }),
      { numRuns: RUNS },
    );
    expect(n.hit).toBeGreaterThan(10);
    expect(n.allowed).toBeGreaterThan(0);
  });
});

describe("supply and refill limits", () => {
  it("iPLEDGE limits every patient's supply and refills; the PPP only those of patients who can become pregnant", () => {
    const n = { us: 0, euCannot: 0 };
    fc.assert(
      fc.property(
        MIXED,
        fc.integer({ min: 7, max: 120 }),
        fc.constantFrom(0, 1, 3),
        fc.option(fc.constantFrom("CAN_BECOME_PREGNANT" as const, "CANNOT_BECOME_PREGNANT" as const), { nil: null }),
        (s0, daysSupply, refills, category) => {
          const s: Scenario = {
            ...s0,
            request: { ...s0.request, daysSupply, refills },
            categories: category ? [{ category, rel: -10 }] : s0.categories,
          };
          const { d, h, decision, settings } = build(s);
          const eu = settings.programme === "EU_PPP";
          const binds = !eu || categoryOnDay(h, d) === "CAN_BECOME_PREGNANT";
          if (!eu && categoryOnDay(h, d) === "CANNOT_BECOME_PREGNANT") n.us++;
          if (eu && !binds) n.euCannot++;
          const maxSupply = Math.min(30, settings.maxDaysSupply);
          const found = decision.refusals.map((r) => r.code);
          expect(found.includes("SUPPLY_TOO_LONG")).toBe(binds && daysSupply > maxSupply);
          expect(found.includes("REFILLS_NOT_ALLOWED")).toBe(binds && refills > 0);
          if (binds && (daysSupply > maxSupply || refills > 0)) expect(decision.outcome).toBe("REFUSED");
        },
      ),
      { numRuns: RUNS },
    );
    expect(n.us).toBeGreaterThan(10);
    expect(n.euCannot).toBeGreaterThan(5);
  });
});

describe("waivers", () => {
  const waiverScenario = fc.record({
    asOfRel: fc.integer({ min: 0, max: 250 }),
    settings: settingsArb(postponedDate),
    startRel: fc.integer({ min: 0, max: 60 }),
    length: fc.option(fc.integer({ min: 30, max: 250 }), { nil: null }),
    rxs: fc.uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 5 }),
    tests: fc.uniqueArray(fc.record({ rel: fc.integer({ min: -10, max: 260 }), setting: settingArb }), { maxLength: 8, selector: (t) => t.rel }),
  });

  it("a waiver never removes a later occurrence: waiving an open monthly item yields the next one, an interval after its due date", () => {
    let waived = 0;
    let next = 0;
    fc.assert(
      fc.property(waiverScenario, (s) => {
        const origin = "2026-05-01";
        const start = plus(origin, s.startRel);
        const endDate = s.length === null ? null : plus(start, s.length);
        const h: PregnancyHistory = {
          categories: [],
          tests: s.tests.map((t, i) => ({ id: `t${i}`, specimenDate: plus(origin, t.rel), result: "NEGATIVE", setting: t.setting })),
          contraception: [],
          counseling: [],
          clearances: [],
          courses: [
            {
              id: "c1",
              startDate: start,
              endDate,
              pauses: [],
              prescriptions: s.rxs.map((r, j) => ({ id: `r${j}`, writtenOn: plus(start, r), daysSupply: 30, refills: 0 })),
            },
          ],
        };
        const asOf = plus(origin, s.asOfRel);
        const rulesOn = rulesResolver([{ effectiveFrom: "2000-01-01", settings: s.settings }]);
        const before = pregnancyItems(h, asOf, rulesOn, []);
        const open = before.filter((i) => i.kind === "PREG_MONTHLY" && i.status !== "COMPLETED" && i.status !== "WAIVED");
        if (open.length === 0) return;
        const target = open[0]!;
        waived++;
        const waiver: Waiver = { itemKey: target.key, reason: "Done at another clinic", waivedBy: "Dr. A", waivedAt: `${asOf}T09:00:00Z` };
        const after = pregnancyItems(h, asOf, rulesOn, [waiver]);
        const monthly = after.filter((i) => i.kind === "PREG_MONTHLY");
        expect(monthly.find((i) => i.key === target.key)?.status).toBe("WAIVED");
        // the occurrences before it are untouched
        const earlier = (list: typeof before) => list.filter((i) => i.kind === "PREG_MONTHLY" && i.dueDate < target.dueDate);
        expect(earlier(after)).toEqual(earlier(before));
        // the next one: an interval after the waived due date, unless that is past the last dose
        const interval = Math.min(s.settings.programme === "EU_PPP" ? 28 : 30, s.settings.monthlyTestIntervalDays);
        const due = plus(target.dueDate, interval);
        const later = monthly.filter((i) => i.dueDate > target.dueDate);
        if (endDate === null || due <= endDate) {
          next++;
          expect(later.map((i) => i.dueDate)).toContain(due);
          expect(later.find((i) => i.dueDate === due)!.key).toBe(`course:c1:preg-monthly:${due}`);
        } else expect(later).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(waived).toBeGreaterThan(20);
    expect(next).toBeGreaterThan(10);
  });
});

describe("clinic settings", () => {
  /** The rule set in force on a date: the FDA's date, or the clinic's if later (a postponement). */
  const baseOn = (date: string, s: PregnancySettings): PregnancyRuleSet =>
    s.programme === "EU_PPP"
      ? EU_PPP
      : date >= (s.usModificationEffectiveFrom > FDA_MODIFICATION ? s.usModificationEffectiveFrom : FDA_MODIFICATION)
        ? US_IPLEDGE_2026
        : US_IPLEDGE_2021;

  const neverLooser = (date: string, s: PregnancySettings) => {
    const base = baseOn(date, s);
    const r = effectiveRules(date, s);
    const subset = (a: readonly TestSetting[], b: readonly TestSetting[]) => a.every((x) => b.includes(x));
    expect(r.prescriptionWindowDays).toBeLessThanOrEqual(base.prescriptionWindowDays);
    expect(r.prescriptionWindowDays).toBeGreaterThanOrEqual(1);
    expect(r.monthlyTestIntervalDays).toBeLessThanOrEqual(base.monthlyTestIntervalDays);
    expect(r.maxDaysSupply).toBeLessThanOrEqual(base.maxDaysSupply);
    expect(r.maxRefills).toBeLessThanOrEqual(base.maxRefills);
    expect(r.counselingIntervalDays).toBeLessThanOrEqual(base.counselingIntervalDays);
    expect(r.screeningTests).toBeGreaterThanOrEqual(base.screeningTests);
    expect(r.screeningSpacingDays).toBeGreaterThanOrEqual(base.screeningSpacingDays);
    expect(r.contraceptionLeadDays).toBeGreaterThanOrEqual(base.contraceptionLeadDays);
    expect(r.postTreatmentTestDays).toBe(base.postTreatmentTestDays);
    if (base.missedWindowWaitDays !== null) expect(r.missedWindowWaitDays ?? -1).toBeGreaterThanOrEqual(base.missedWindowWaitDays);
    if (base.cannotBecomePregnantFillDays !== null) expect(r.cannotBecomePregnantFillDays ?? Infinity).toBeLessThanOrEqual(base.cannotBecomePregnantFillDays);
    if (base.dispenseWithinDays !== null) expect(r.dispenseWithinDays ?? Infinity).toBeLessThanOrEqual(base.dispenseWithinDays);
    if (base.cannotBecomePregnantCounseling === "MONTHLY") expect(r.cannotBecomePregnantCounseling).toBe("MONTHLY");
    expect(subset(r.screeningSettings, base.screeningSettings)).toBe(true);
    expect(subset(r.treatmentSettings, base.treatmentSettings)).toBe(true);
    if (r.treatmentSettings.includes("HOME")) expect(s.homeTestsOptIn).toBe(true);
  };

  it("a clinic setting never loosens a rule (the clinic may postpone the 2026 modification)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -300, max: 300 }).map((n) => plus(FDA_MODIFICATION, n)),
        settingsArb(postponedDate),
        (date, s) => neverLooser(date, s),
      ),
      { numRuns: RUNS },
    );
  });

  // The 2026 modification applies from the later of the clinic's date and 2026-08-08.
  it("a clinic setting never loosens a rule (any modification date)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -300, max: 300 }).map((n) => plus(FDA_MODIFICATION, n)),
        settingsArb(anyModificationDate),
        (date, s) => neverLooser(date, s),
      ),
      { numRuns: RUNS },
    );
  });
});

describe("reasons never reveal a result", () => {
  it("no item reason and no banner contains a result word", () => {
    let reasons = 0;
    fc.assert(
      fc.property(MIXED, fc.array(fc.nat(), { maxLength: 4 }), fc.integer({ min: -30, max: 400 }), (s, picks, asOfRel) => {
        const { d, h, rulesOn } = build(s);
        const asOf = plus(d, asOfRel);
        const plain = pregnancyItems(h, asOf, rulesOn, []);
        const waivers: Waiver[] = plain.length
          ? picks.map((p) => ({
              itemKey: plain[p % plain.length]!.key,
              // a waiver's free text may name a result; the reasons never show it
              reason: "Negative test at another clinic",
              waivedBy: "Dr. A",
              waivedAt: `${asOf}T09:00:00Z`,
            }))
          : [];
        for (const list of [plain, pregnancyItems(h, asOf, rulesOn, waivers)]) {
          for (const item of list) {
            reasons++;
            expect(item.reason, item.key).not.toMatch(RESULT_WORDS);
          }
          expect(pregnancyStatus(h, list, asOf, rulesOn, null).summary).not.toMatch(RESULT_WORDS);
        }
      }),
      { numRuns: RUNS },
    );
    expect(reasons).toBeGreaterThan(100);
  });
});
