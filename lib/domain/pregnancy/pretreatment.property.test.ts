import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyModificationDate, confirmedOn, plus, resultArb, settingArb, settingsArb } from "./generated-histories";
import { categoryOn, checkPrescription, rulesResolver, type CourseRecord, type PregnancyHistory, type PrescribingReasonCode } from "./index";
import { pretreatmentChecklist } from "./pretreatment";
import { checkFirstPrescription, EARLIEST_HORIZON_DAYS, planned, TEST_PLANS } from "./pretreatment-earliest";

/*
 * The checklist agrees with the prescribing check: on generated histories of patients who can become
 * pregnant with no course in progress, every line is ticked exactly when a first prescription of a new
 * course written today would be allowed, each line exactly when the check raises none of its reasons, and
 * the earliest day is the first day a search of every day and every plan finds.
 */

const RUNS = 250;

/** The reasons each line answers for, as the requirement lists them. */
const LINE_CODES: Record<string, PrescribingReasonCode[]> = {
  NOT_STOPPED: ["POSITIVE_TEST_UNDECIDED", "POSITIVE_TEST_NOT_FOLLOWED_BY_NEGATIVE", "LAB_RESULT_QUEUED", "PREGNANCY_RESULT_UNREAD"],
  CONFIRMATION_TEST: ["NO_TEST_IN_WINDOW", "TEST_ALREADY_USED", "SCREENING_INCOMPLETE", "MISSED_WINDOW_WAIT", "HOME_TEST_IN_WINDOW"],
  CONTRACEPTION: ["CONTRACEPTION_NOT_DOCUMENTED"],
  COUNSELING: ["COUNSELING_NOT_RECORDED"],
  CONTRACEPTION_CONFIRMED: ["CONTRACEPTION_NOT_CONFIRMED"],
};

/** Tests, contraception and counseling around today D, often what a first prescription asks for, and courses ended before D. */
const scenario = fc.record({
  d: fc.integer({ min: 0, max: 200 }).map((n) => plus("2026-05-01", n)),
  settings: settingsArb(anyModificationDate),
  // Sometimes "cannot become pregnant" until a change of category, some days ago.
  cannotUntil: fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: fc.integer({ min: -200, max: -1 }), weight: 1 }),
  // What a first prescription usually rests on: a screening and a confirmation test, contraception from 45 days before, counseling
  // today, which mostly confirms that contraception.
  usual: fc.record({
    screening: fc.integer({ min: -40, max: -19 }),
    confirmation: fc.integer({ min: -6, max: 0 }),
    confirmed: fc.constantFrom(true, true, true, false),
  }),
  useUsual: fc.boolean(),
  tests: fc.array(fc.record({ rel: fc.integer({ min: -80, max: 0 }), result: resultArb, setting: settingArb }), { maxLength: 5 }),
  decided: fc.array(
    fc.record({ pick: fc.nat(), after: fc.integer({ min: 0, max: 10 }), outcome: fc.constantFrom("FALSE_POSITIVE" as const, "PREGNANCY_CONFIRMED" as const) }),
    {
      maxLength: 2,
    },
  ),
  contraception: fc.array(
    fc.record({
      method: fc.constantFrom("TWO_METHODS" as const, "ABSTINENCE" as const),
      startRel: fc.oneof(fc.constant(-45), fc.integer({ min: -120, max: 0 })),
      endRel: fc.option(fc.integer({ min: -60, max: 40 }), { nil: null, freq: 3 }),
    }),
    { maxLength: 2 },
  ),
  // Each may confirm one of the contraception records (picked among them), in use on its day or not.
  counseling: fc.array(fc.record({ rel: fc.integer({ min: -45, max: 0 }), confirms: fc.option(fc.nat(), { nil: null }) }), { maxLength: 2 }),
  courses: fc.array(
    fc.record({
      endRel: fc.integer({ min: -200, max: -1 }),
      length: fc.integer({ min: 10, max: 180 }),
      rxs: fc.uniqueArray(fc.nat({ max: 179 }), { maxLength: 3 }),
      lastOnEnd: fc.boolean(),
      testsUsed: fc.boolean(),
    }),
    {
      maxLength: 2,
    },
  ),
  queued: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 1),
  // A course ended in the last days, its last prescription on its last day: on or after the usual confirmation test, but never today.
  justEnded: fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 1 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario) {
  const tests = [
    ...(s.useUsual
      ? [
          { rel: s.usual.screening, result: "NEGATIVE" as const, setting: "LAB" as const },
          { rel: s.usual.confirmation, result: "NEGATIVE" as const, setting: "LAB" as const },
        ]
      : []),
    ...s.tests,
  ].map((t, i) => ({ id: `t${i}`, specimenDate: plus(s.d, t.rel), result: t.result, setting: t.setting }));
  const nonNegative = tests.filter((t) => t.result !== "NEGATIVE");
  // Courses ended before D, one after the other, each prescription resting on the latest test before it when asked.
  const justEnded =
    s.justEnded === null ? [] : [{ endRel: Math.min(-1, s.usual.confirmation + s.justEnded), length: 60, rxs: [0], lastOnEnd: true, testsUsed: true }];
  const ended = [...justEnded, ...s.courses];
  const courses: CourseRecord[] = ended.map((c, i) => {
    const endDate = plus(s.d, c.endRel - i * 200);
    const startDate = plus(endDate, -c.length);
    const prescriptions = [...new Set([...c.rxs.filter((n) => n < c.length), ...(c.lastOnEnd ? [c.length] : [])])]
      .sort((a, b) => a - b)
      .map((n, j) => {
        const writtenOn = plus(startDate, n);
        const rested = c.testsUsed ? tests.filter((t) => t.result === "NEGATIVE" && t.specimenDate <= writtenOn).at(-1) : undefined;
        return { id: `c${i}r${j}`, writtenOn, daysSupply: 30, refills: 0, pregnancyTestId: rested?.id };
      });
    return { id: `c${i}`, startDate, endDate, pauses: [], prescriptions };
  });
  const contraception = [...(s.useUsual ? [{ method: "TWO_METHODS" as const, startRel: -45, endRel: null }] : []), ...s.contraception];
  const usualCounseling = s.useUsual ? [{ rel: 0, confirms: s.usual.confirmed ? 0 : null }] : [];
  const h: PregnancyHistory = {
    categories:
      s.cannotUntil === null
        ? []
        : [
            { category: "CANNOT_BECOME_PREGNANT", from: "2020-01-01" },
            { category: "CAN_BECOME_PREGNANT", from: plus(s.d, s.cannotUntil) },
          ],
    tests,
    contraception: contraception.map((c, i) => ({
      id: `k${i}`,
      method: c.method,
      startDate: plus(s.d, c.startRel),
      endDate: c.endRel === null ? null : plus(s.d, Math.max(c.startRel, c.endRel)),
    })),
    counseling: [...usualCounseling, ...s.counseling].map((k, i) => ({
      id: `n${i}`,
      date: plus(s.d, k.rel),
      confirmedContraceptionId: k.confirms === null || contraception.length === 0 ? null : `k${k.confirms % contraception.length}`,
    })),
    clearances: nonNegative.length
      ? s.decided.map((c, i) => {
          const test = nonNegative[c.pick % nonNegative.length]!;
          return { id: `d${i}`, testId: test.id, decidedOn: plus(test.specimenDate, c.after), outcome: c.outcome };
        })
      : [],
    courses,
    queuedLabResults: s.queued ? [{ id: "q1", specimenDate: s.d }] : [],
  };
  return { d: s.d, h, rulesOn: rulesResolver([{ effectiveFrom: "2000-01-01", settings: s.settings }]) };
}

describe("the pre-treatment checklist and the prescribing check", () => {
  it("all lines ticked exactly when a first prescription today would be allowed; each line exactly when the check raises none of its reasons", () => {
    const n = { ready: 0, notReady: 0, stopped: 0, newCourse: 0, firstCourse: 0, eu: 0, used: 0, confirmed: 0, counseledUnconfirmed: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const { d, h, rulesOn } = build(s);
        expect(categoryOn(h, d)).toBe("CAN_BECOME_PREGNANT");
        const c = pretreatmentChecklist(h, d, rulesOn)!;
        const r = rulesOn(d);
        const decision = checkPrescription(h, { courseId: "another-new-course", date: d, daysSupply: Math.min(30, r.maxDaysSupply), refills: 0 }, rulesOn);
        expect(c.lines.every((l) => l.done)).toBe(c.ready);
        expect(c.ready).toBe(decision.outcome === "ALLOWED");
        const codes = [...decision.refusals, ...decision.confirmations].map((x) => x.code);
        for (const [key, its] of Object.entries(LINE_CODES)) {
          const l = c.lines.find((x) => x.key === key);
          const raised = codes.filter((x) => its.includes(x));
          if (key === "NOT_STOPPED") expect(l === undefined).toBe(raised.length === 0);
          if (l) expect(l.done).toBe(raised.length === 0);
        }
        // The screening line is shown with two tests or more; ticked, with a negative test's day in the lookback.
        const screening = c.lines.find((l) => l.key === "SCREENING_TEST");
        expect(screening !== undefined).toBe(r.screeningTests >= 2);
        if (screening?.done) {
          const from = plus(d, -r.screeningLookbackDays);
          expect(h.tests.some((t) => t.specimenDate === screening.date && t.result === "NEGATIVE" && r.screeningSettings.includes(t.setting))).toBe(true);
          expect(screening.date! >= from && screening.date! <= d).toBe(true);
        }
        const test = c.lines.find((l) => l.key === "CONFIRMATION_TEST")!;
        if (test.done) {
          expect(test.date).toBe(decision.windowTest!.specimenDate);
          if (screening) expect(screening.date! <= plus(test.date!, -r.screeningSpacingDays)).toBe(true);
        }
        const contraception = c.lines.find((l) => l.key === "CONTRACEPTION")!;
        if (contraception.done) expect(contraception.date! <= plus(d, -r.contraceptionLeadDays)).toBe(true);
        // The confirmation line: ticked on the day of a counseling in the 30 days up to today that confirmed a record in use today.
        const confirmation = c.lines.find((l) => l.key === "CONTRACEPTION_CONFIRMED")!;
        expect(confirmation.done).toBe(confirmedOn(h, d));
        if (confirmation.done) expect(h.counseling.some((k) => k.date === confirmation.date && k.confirmedContraceptionId)).toBe(true);
        if (confirmation.done) n.confirmed++;
        else if (c.lines.find((l) => l.key === "COUNSELING")!.done) n.counseledUnconfirmed++;
        for (const l of c.lines) expect(l.done ? l.date !== null && l.reasons.length === 0 : l.detail.length > 0).toBe(true);
        n[c.ready ? "ready" : "notReady"]++;
        if (c.lines.some((l) => l.key === "NOT_STOPPED")) n.stopped++;
        n[c.newCourse ? "newCourse" : "firstCourse"]++;
        if (codes.includes("TEST_ALREADY_USED")) n.used++;
        if (r.programme === "EU_PPP") n.eu++;
      }),
      { numRuns: RUNS },
    );
    expect(n.ready).toBeGreaterThan(15);
    expect(n.notReady).toBeGreaterThan(15);
    expect(n.stopped).toBeGreaterThan(5);
    expect(n.newCourse).toBeGreaterThan(15);
    expect(n.firstCourse).toBeGreaterThan(15);
    expect(n.eu).toBeGreaterThan(15);
    expect(n.used).toBeGreaterThan(8);
    expect(n.confirmed).toBeGreaterThan(30);
    expect(n.counseledUnconfirmed).toBeGreaterThan(15);
  });

  it("the earliest day is the first day on which the check allows a first prescription, with what is missing done in time", () => {
    const n = { later: 0, review: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const { d, h, rulesOn } = build(s);
        const c = pretreatmentChecklist(h, d, rulesOn)!;
        if (c.ready || c.waitsForReview) {
          if (c.waitsForReview) n.review++;
          expect(c.earliest).toBe(c.ready ? d : null);
          return;
        }
        // Every day and every plan, in order, from today.
        let found: string | null = null;
        for (let i = 0; i <= EARLIEST_HORIZON_DAYS && found === null; i++) {
          const day = plus(d, i);
          const plans = TEST_PLANS.filter((p) => !(p === "SCREENING_TODAY" && i === 0));
          if (plans.some((p) => checkFirstPrescription(planned(h, d, day, rulesOn, p), day, d, rulesOn).outcome === "ALLOWED")) found = day;
        }
        expect(c.earliest).toBe(found);
        if (found && found > d) n.later++;
        // No line's own day comes after the whole's.
        for (const l of c.lines) if (c.earliest && l.earliest) expect(l.earliest <= c.earliest).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(n.later).toBeGreaterThan(30);
    expect(n.review).toBeGreaterThan(20);
  });
});
