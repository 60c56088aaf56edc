import fc from "fast-check";
import {
  checkPrescription,
  rulesResolver,
  type CourseRecord,
  type PregnancyCategory,
  type PregnancyHistory,
  type PregnancySettings,
  type TestResult,
  type TestSetting,
} from "./index";

/*
 * Generated pregnancy-prevention histories for the property checks, and oracles written from the
 * requirement with their own calendar arithmetic (not the module's addDays / windowTest / categoryOn).
 */

const MS_PER_DAY = 86_400_000;
const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / MS_PER_DAY;
const isoOf = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
export const plus = (d: string, days: number) => isoOf(dayNumber(d) + days);

export const FDA_MODIFICATION = "2026-08-08";
export const RUNS = 200;
export const RESULT_WORDS = /negative|positive|indeterminate/i;

// ---------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------

/** A modification date on or after the FDA's (a reported postponement), or any date. */
export const postponedDate = fc.integer({ min: 0, max: 90 }).map((n) => plus(FDA_MODIFICATION, n));
export const anyModificationDate = fc.integer({ min: -400, max: 90 }).map((n) => plus(FDA_MODIFICATION, n));

export const settingsArb = (modificationDate: fc.Arbitrary<string>): fc.Arbitrary<PregnancySettings> =>
  fc.record({
    programme: fc.constantFrom("US_IPLEDGE" as const, "US_IPLEDGE" as const, "EU_PPP" as const),
    usModificationEffectiveFrom: modificationDate,
    homeTestsOptIn: fc.boolean(),
    prescriptionWindowDays: fc.oneof(fc.constant(7), fc.integer({ min: 1, max: 14 })),
    monthlyTestIntervalDays: fc.oneof(fc.constant(30), fc.integer({ min: 14, max: 45 })),
    maxDaysSupply: fc.oneof(fc.constant(30), fc.integer({ min: 7, max: 90 })),
    followUpOverdueAfterDays: fc.integer({ min: 0, max: 10 }),
    screeningLookbackDays: fc.integer({ min: 30, max: 120 }),
    overdueAfterDays: fc.integer({ min: 0, max: 30 }),
    dueSoonDays: fc.integer({ min: 0, max: 14 }),
  });

export const resultArb: fc.Arbitrary<TestResult> = fc.oneof(
  { arbitrary: fc.constant("NEGATIVE" as const), weight: 6 },
  { arbitrary: fc.constant("POSITIVE" as const), weight: 1 },
  { arbitrary: fc.constant("INDETERMINATE" as const), weight: 1 },
);
export const settingArb: fc.Arbitrary<TestSetting> = fc.constantFrom("LAB", "OFFICE", "HOME");
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
export const scenarioArb = (opts: { cannotWeight?: number; resultArb?: fc.Arbitrary<TestResult>; near?: boolean } = {}) =>
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
    // Each counseling may confirm one of the contraception records (`confirms`, picked among them), in use on its day or not.
    counseling: fc.array(
      fc.record({
        rel: opts.near ? fc.constant(0) : fc.integer({ min: -45, max: 5 }),
        confirms: fc.option(fc.nat(), { nil: null, freq: opts.near ? 6 : 2 }),
      }),
      { minLength: opts.near ? 1 : 0, maxLength: 3 },
    ),
    courses: fc.array(opts.near ? nearCourseArb : courseArb, { minLength: 1, maxLength: 2 }),
    request: fc.record({ course: fc.nat(), daysSupply: fc.integer({ min: 7, max: 35 }), refills: fc.constantFrom<number>(0, 0, 0, 1) }),
  });

export const MIXED = fc.oneof(scenarioArb(), scenarioArb({ near: true }));

export type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer S> ? S : never;

/**
 * A prescription on D for a patient who can become pregnant, with a negative test in the window, then a
 * positive test on or before D, then a decision and a negative test that may come after D.
 */
export const LATE_CLEARANCE: fc.Arbitrary<Scenario> = fc
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

export function build(s: Scenario) {
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
    counseling: s.counseling.map((k, i) => ({
      id: `n${i}`,
      date: plus(s.d, k.rel),
      confirmedContraceptionId: k.confirms === null || s.contraception.length === 0 ? null : `k${k.confirms % s.contraception.length}`,
    })),
    clearances: nonNegative.length
      ? s.clearances.map((c, i) => {
          const test = nonNegative[c.pick % nonNegative.length]!;
          return { id: `d${i}`, testId: test.id, decidedOn: plus(test.specimenDate, c.after), outcome: c.outcome };
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
export const categoryOnDay = (h: PregnancyHistory, d: string): PregnancyCategory =>
  [...h.categories]
    .filter((c) => c.from <= d)
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .at(-1)?.category ?? "CAN_BECOME_PREGNANT";

export const lets = (outcome: string) => outcome === "ALLOWED" || outcome === "NEEDS_CONFIRMATION";

/** The day the 2026 modification applies: the clinic's date, but never before the FDA's. */
export const modificationFrom = (s: PregnancySettings) => (s.usModificationEffectiveFrom > FDA_MODIFICATION ? s.usModificationEffectiveFrom : FDA_MODIFICATION);

/** A positive/indeterminate test on or before D without a decision documented on or before D. */
export const undecidedOn = (h: PregnancyHistory, d: string) =>
  h.tests.some((t) => t.result !== "NEGATIVE" && t.specimenDate <= d && !h.clearances.some((c) => c.testId === t.id && c.decidedOn <= d));

/**
 * Does counseling `k` confirm contraception in use on D, in the 30 days up to D (every rule set: D counts as
 * day 1, so from D - 29)? It confirmed a record in use on its own day and still in use on D: started on or
 * before the counseling's day, and not ended before D.
 */
export const confirmsOn = (h: PregnancyHistory, k: PregnancyHistory["counseling"][number], d: string) =>
  dayNumber(k.date) <= dayNumber(d) &&
  dayNumber(k.date) >= dayNumber(d) - 29 &&
  h.contraception.some((c) => c.id === k.confirmedContraceptionId && c.startDate <= k.date && (c.endDate === null || c.endDate >= d));

/** Was contraception in use on D confirmed at a counseling in the 30 days up to D? */
export const confirmedOn = (h: PregnancyHistory, d: string) => h.counseling.some((k) => confirmsOn(h, k, d));

/**
 * A confirmation that counts for nothing only because its record was not yet in use on the counseling's day: a
 * counseling in the 30 days up to D confirmed a record in use on D that started after it.
 */
export const confirmedAheadOfStart = (h: PregnancyHistory, d: string) =>
  h.counseling.some(
    (k) =>
      dayNumber(k.date) <= dayNumber(d) &&
      dayNumber(k.date) >= dayNumber(d) - 29 &&
      h.contraception.some((c) => c.id === k.confirmedContraceptionId && c.startDate > k.date && c.startDate <= d && (c.endDate === null || c.endDate >= d)),
  );

/** Counts how often a property's condition was met, so that "never X" is shown not to hold vacuously. */
export const counter = () => ({ cases: 0, hit: 0, allowed: 0 });
