import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../dates";
import { PRODUCTS } from "./checks";
import type { CourseInput } from "./course-input";
import { computeCourseDose } from "./cumulative";
import { dispenseQuantity } from "./dispense-quantity";
import { patternArb } from "./generated-patterns";
import type { DosePattern } from "./schedule";

/**
 * The quantity a prescription dispenses, for any pattern, dose, product, anchor and days supply: its mg is
 * exactly what the cumulative dose counts over the days supplied, its counts are positive whole capsules of the
 * strength written and of no other, a daily regimen needs the capsules of one day's dose times the days, and over
 * whole cycles the count is the cycle's own arithmetic.
 */
const MONDAY = "2028-01-03";

const product = fc.constantFrom(...PRODUCTS);
const prescription = fc
  .record({
    pattern: patternArb,
    product,
    multiple: fc.integer({ min: 1, max: 4 }),
    strengthIndex: fc.nat(),
    intakes: fc.constantFrom(1, 2),
    anchorOffset: fc.integer({ min: 0, max: 60 }),
    fromAfterAnchor: fc.integer({ min: 0, max: 60 }),
    daysSupply: fc.integer({ min: 1, max: 90 }),
  })
  .map((r) => {
    const strengths = r.product.strengthsMg as readonly number[];
    // A dose of whole capsules of the strength written: a multiple of it.
    const capsuleStrengthMg = strengths[r.strengthIndex % strengths.length]!;
    const anchor = addDays(MONDAY, r.anchorOffset);
    return { ...r, mg: capsuleStrengthMg * r.multiple, anchor, from: addDays(anchor, r.fromAfterAnchor), capsuleStrengthMg };
  });

/** The mg the cumulative dose counts from `from` through `through`, for a course on this one regimen from `anchor`. */
function countedMg(pattern: DosePattern, mg: number, intakes: number, anchor: string, from: string, through: string): number {
  const course: CourseInput = {
    startDate: anchor,
    endDate: null,
    startWeightGrams: 60_000,
    targetMgPerKg: null,
    regimens: [{ id: "r", effectiveFrom: anchor, mgPerIntake: mg, intakesPerDay: intakes, pattern, sequence: 0 }],
    pauses: [],
    missedDates: [],
  };
  const total = (asOf: string) => (asOf < anchor ? 0 : computeCourseDose(course, [], asOf, undefined, { series: false }).totalMg);
  return total(through) - total(addDays(from, -1));
}

describe("dispense quantity, for any prescription", () => {
  it("dispenses exactly the mg the schedule takes over the days supplied, in positive whole capsules", () => {
    fc.assert(
      fc.property(prescription, (p) => {
        const q = dispenseQuantity({
          schedule: { mgPerIntake: p.mg, intakesPerDay: p.intakes, pattern: p.pattern },
          anchor: p.anchor,
          from: p.from,
          daysSupply: p.daysSupply,
          capsuleStrengthMg: p.capsuleStrengthMg,
          strengthsMg: p.product.strengthsMg,
        });
        const expectedMg = countedMg(p.pattern, p.mg, p.intakes, p.anchor, p.from, addDays(p.from, p.daysSupply - 1));
        if (expectedMg === 0) {
          expect(q.ok).toBe(false);
          return;
        }
        if (!q.ok) throw new Error(q.reason);
        const dispensedMg = q.capsules.reduce((sum, c) => sum + c.count * c.strengthMg, 0);
        expect(dispensedMg).toBe(expectedMg);
        expect(q.totalMg).toBe(expectedMg);
        for (const c of q.capsules) {
          expect(Number.isInteger(c.count)).toBe(true);
          expect(c.count).toBeGreaterThan(0);
          expect(c.strengthMg).toBe(p.capsuleStrengthMg);
        }
        expect(q.totalCapsules).toBe(q.capsules.reduce((n, c) => n + c.count, 0));
      }),
      { numRuns: 300 },
    );
  });

  it("a daily regimen of d mg for n days needs d / s capsules of the strength s written, times n, or is not computed", () => {
    fc.assert(
      fc.property(product, fc.nat(), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 90 }), (prod, i, d, n) => {
        const s = prod.strengthsMg[i % prod.strengthsMg.length]!;
        const q = dispenseQuantity({
          schedule: { mgPerIntake: d, intakesPerDay: 1, pattern: { kind: "DAILY" } },
          anchor: MONDAY,
          from: MONDAY,
          daysSupply: n,
          capsuleStrengthMg: s,
          strengthsMg: prod.strengthsMg,
        });
        if (d % s !== 0) {
          expect(q.ok).toBe(false);
          return;
        }
        expect(q).toEqual({
          ok: true,
          capsules: [{ strengthMg: s, count: (d / s) * n }],
          totalCapsules: (d / s) * n,
          totalMg: d * n,
          dosingDays: n,
          days: n,
          planned: false,
        });
      }),
      { numRuns: 300 },
    );
  });

  it("over whole cycles of its pattern, the doses are the cycle's own count times the cycles", () => {
    fc.assert(
      fc.property(patternArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 30 }), (pattern, cycles, startAfter) => {
        // Doses in one cycle, from the pattern's definition (this test's own arithmetic).
        const [cycleDays, perCycle] =
          pattern.kind === "DAILY"
            ? [1, 1]
            : pattern.kind === "EVERY_N_DAYS"
              ? [pattern.everyNDays, 1]
              : pattern.kind === "WEEKDAYS"
                ? [7, pattern.weekdays.length]
                : pattern.kind === "TIMES_PER_WEEK"
                  ? [7, pattern.timesPerWeek]
                  : [pattern.cycleOnDays + pattern.cycleOffDays, pattern.cycleOnDays];
        const q = dispenseQuantity({
          schedule: { mgPerIntake: 20, intakesPerDay: 1, pattern },
          anchor: MONDAY,
          from: addDays(MONDAY, startAfter),
          daysSupply: cycleDays * cycles,
          capsuleStrengthMg: 20,
          strengthsMg: [10, 20],
        });
        expect(q).toMatchObject({ ok: true, capsules: [{ strengthMg: 20, count: perCycle * cycles }], dosingDays: perCycle * cycles });
      }),
      { numRuns: 300 },
    );
  });
});
