import fc from "fast-check";
import type { DosePattern } from "./schedule";

/** Generated dose patterns for the property checks: every kind a regimen may take (schedule.ts). */
export const patternArb: fc.Arbitrary<DosePattern> = fc.oneof(
  fc.constant({ kind: "DAILY" as const }),
  fc.integer({ min: 2, max: 4 }).map((everyNDays) => ({ kind: "EVERY_N_DAYS" as const, everyNDays })),
  fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 4 }).map((weekdays) => ({ kind: "WEEKDAYS" as const, weekdays: weekdays.sort() })),
  fc.integer({ min: 1, max: 6 }).map((timesPerWeek) => ({ kind: "TIMES_PER_WEEK" as const, timesPerWeek })),
  fc.record({ cycleOnDays: fc.integer({ min: 1, max: 14 }), cycleOffDays: fc.integer({ min: 1, max: 21 }) }).map((c) => ({ kind: "CYCLE" as const, ...c })),
);
