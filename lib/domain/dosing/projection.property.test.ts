import fc from "fast-check";
import { expect, it } from "vitest";
import { addDays } from "../dates";
import type { CourseInput, RegimenVersion } from "./course-input";
import { computeCourseDose } from "./cumulative";
import type { DosePattern } from "./schedule";
import { DEFAULT_DOSING_SETTINGS, type DosingSettings } from "./settings";
import { patternArb as pattern } from "./generated-patterns";

/**
 * The projected date is the day the target is reached counting as the cumulative dose counts (docs/DOMAIN.md
 * "Cumulative dose": "the projection to the target counts the same way"). For any course whose history (dose
 * changes, closed pauses, missed days, weights, some from before the start) lies on or before the as-of day,
 * with dose changes, pauses, an open pause and a last day recorded ahead of it, or a start still ahead, under
 * either weight policy: the projected day is the day a plain day-by-day count from the day after the as-of day
 * at the regimen in force each day (this test's own, below) reaches the remaining mg, or null when the last
 * day or an open pause comes first; and summing on to the projected day reaches the target on exactly that
 * day, not on the day before.
 */
const START = "2028-01-03"; // a Monday

interface Plan {
  /** Days are offsets from START. */
  asOf: number;
  regimens: { day: number; mg: number; pattern: DosePattern }[];
  pauses: { start: number; resume: number | null }[];
  missed: number[];
  end: number | null;
}

const scenario = fc
  .record({
    asOf: fc.integer({ min: -30, max: 150 }),
    regimens: fc.array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), mg: fc.constantFrom(10, 20, 30, 40, 60, 80), intakes: fc.constantFrom(1, 2), pattern }),
      {
        minLength: 1,
        maxLength: 3,
      },
    ),
    // Dose changes recorded ahead: `after` days after the as-of day (or the start still ahead), in entry order
    // after the others; they may fall on each other's day, a pause's start or resume day, or past the last day.
    later: fc.array(
      fc.record({ after: fc.integer({ min: 1, max: 90 }), mg: fc.constantFrom(10, 20, 30, 40, 60, 80), intakes: fc.constantFrom(1, 2), pattern }),
      { maxLength: 3 },
    ),
    // Starts on or before the as-of day; may last past it (paused on the as-of day, back on a day ahead).
    pause: fc.option(fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), days: fc.integer({ min: 1, max: 30 }) }), { nil: null }),
    // Recorded ahead: each starts `gap` days after the day before it is free; `days` null is an open pause.
    ahead: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 60 }), days: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }) }), {
      maxLength: 2,
    }),
    end: fc.option(fc.integer({ min: 1, max: 1500 }), { nil: null }),
    missed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    weights: fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), before: fc.boolean(), grams: fc.integer({ min: 40_000, max: 110_000 }) }), {
      maxLength: 3,
    }),
    startGrams: fc.integer({ min: 40_000, max: 110_000 }),
    target: fc.integer({ min: 60, max: 300 }),
    weightPolicy: fc.constantFrom<DosingSettings["weightPolicy"]>("COURSE_START", "PER_DAY"),
  })
  .map((s) => {
    const started = s.asOf >= 0;
    const day = (fraction: number) => Math.floor(fraction * Math.max(s.asOf, 0));
    const pauses: Plan["pauses"] = [];
    if (started && s.pause) pauses.push({ start: day(s.pause.from), resume: day(s.pause.from) + s.pause.days });
    let free = Math.max(s.asOf + 1, 1, ...pauses.map((p) => p.resume! + 1));
    for (const a of s.ahead) {
      const start = free + a.gap - 1;
      pauses.push({ start, resume: a.days === null ? null : start + a.days });
      if (a.days === null) break;
      free = start + a.days + 1;
    }
    const versions = [
      ...s.regimens.map((r, i) => ({ ...r, day: i === 0 ? 0 : day(r.at) })),
      ...s.later.map((r) => ({ ...r, day: Math.max(s.asOf, 0) + r.after })),
    ];
    const plan: Plan = {
      asOf: s.asOf,
      regimens: versions.map((r) => ({ day: r.day, mg: r.mg * r.intakes, pattern: r.pattern })),
      pauses,
      missed: started ? s.missed.map(day) : [],
      end: s.end === null ? null : Math.max(s.asOf, 0) + s.end,
    };
    const course: CourseInput = {
      startDate: START,
      endDate: plan.end === null ? null : addDays(START, plan.end),
      startWeightGrams: s.startGrams,
      targetMgPerKg: s.target,
      regimens: versions.map((r, i): RegimenVersion => ({
        id: `r${i}`,
        effectiveFrom: addDays(START, plan.regimens[i]!.day),
        mgPerIntake: r.mg,
        intakesPerDay: r.intakes,
        pattern: r.pattern,
        sequence: i,
      })),
      pauses: pauses.map((p) => ({ startDate: addDays(START, p.start), resumeDate: p.resume === null ? null : addDays(START, p.resume) })),
      missedDates: plan.missed.map((m) => addDays(START, m)),
    };
    const weights = started
      ? s.weights
          .map((w) => ({ date: addDays(START, w.before ? -1 - Math.floor(w.at * 400) : day(w.at)), grams: w.grams }))
          .sort((a, b) => a.date.localeCompare(b.date))
      : [];
    return { plan, course, weights, asOf: addDays(START, s.asOf), settings: { ...DEFAULT_DOSING_SETTINGS, weightPolicy: s.weightPolicy } };
  });

/** Whether a pattern doses on a day `offset` days after its anchor, the day itself `day` days after START (a Monday). */
function doses(p: DosePattern, offset: number, day: number): boolean {
  switch (p.kind) {
    case "DAILY":
      return true;
    case "EVERY_N_DAYS":
      return offset % p.everyNDays === 0;
    case "WEEKDAYS":
      return p.weekdays.includes((day % 7) + 1);
    case "TIMES_PER_WEEK": // n intakes spread over each 7-day block from the anchor: days ceil(7k / n), k < n
      return Array.from({ length: p.timesPerWeek }, (_, k) => Math.ceil((7 * k) / p.timesPerWeek)).includes(offset % 7);
    case "CYCLE":
      return offset % (p.cycleOnDays + p.cycleOffDays) < p.cycleOnDays;
  }
}

/**
 * The day (offset) on which `remainingMg` more is taken, counting day by day from the day after the as-of
 * day (or the first day) at the regimen in force each day, or null when the course's last day or an open
 * pause comes first. Paused and missed days count 0; the pattern counts from the regimen's day, or after a
 * pause from the resume day, whichever is later.
 */
function countForward(plan: Plan, remainingMg: number): number | null {
  let taken = 0;
  for (let d = Math.max(plan.asOf + 1, 0); d < 200_000; d++) {
    // The latest effective by day d (the first is on day 0); of versions effective the same day, the later entered.
    const regimen = plan.regimens.reduce((best, r) => (r.day <= d && r.day >= best.day ? r : best));
    if (plan.end !== null && d > plan.end) return null;
    const pause = plan.pauses.find((p) => p.start <= d && (p.resume === null || d < p.resume));
    if (pause?.resume === null) return null;
    if (pause || plan.missed.includes(d)) continue;
    const anchor = Math.max(regimen.day, ...plan.pauses.map((p) => (p.resume !== null && p.resume <= d ? p.resume : 0)));
    if (!doses(regimen.pattern, d - anchor, d)) continue;
    taken += regimen.mg;
    if (taken >= remainingMg) return d;
  }
  throw new Error("the count did not reach the target in 200,000 days");
}

it("the target is reached on the projected day, not the day before; none when the last day or an open pause comes first", () => {
  fc.assert(
    fc.property(scenario, ({ plan, course, weights, asOf, settings }) => {
      const now = computeCourseDose(course, weights, asOf, settings, { series: false });
      if (now.remainingMg === 0) return;
      const expected = countForward(plan, now.remainingMg);
      expect(now.projectedTargetDate).toBe(expected === null ? null : addDays(START, expected));
      if (now.projectedTargetDate === null) return;
      const projected = now.projectedTargetDate;
      expect(projected > asOf).toBe(true);
      const then = computeCourseDose(course, weights, projected, settings, { series: false });
      expect(then.targetReachedOn).toBe(projected);
      expect(then.totalMg - now.totalMg).toBeGreaterThanOrEqual(now.remainingMg);
      const dayBefore = computeCourseDose(course, weights, addDays(projected, -1), settings, { series: false });
      expect(dayBefore.targetReachedOn).toBeNull();
    }),
    { numRuns: 300 },
  );
});
