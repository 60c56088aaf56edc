import type { RegimenVersion } from "@/lib/domain/dosing/course-input";
import { doseInForceFindings, type CourseDoses } from "@/lib/domain/dosing/dose-in-force-limits";
import type { Schedule } from "@/lib/domain/dosing/schedule";

/** Builders for the dose-in-force rule's tests (dose-in-force-limits.test.ts, dose-in-force-spans.test.ts). */

/** Today in those tests: Mon 23 Nov 2026. */
export const TODAY = "2026-11-23";

export const daily = (mg: number): Schedule => ({ mgPerIntake: mg, intakesPerDay: 1, pattern: { kind: "DAILY" } });

let seq = 0;
/** A daily regimen version, entered after every version built before it. */
export const v = (id: string, effectiveFrom: string, mg: number, supersedesId: string | null = null): RegimenVersion => ({
  ...daily(mg),
  id,
  effectiveFrom,
  supersedesId,
  sequence: seq++,
});

/** A course from 1 Oct 2026 at 60 kg, in progress, with these versions. */
export const course = (regimens: RegimenVersion[], over: Partial<CourseDoses> = {}): CourseDoses => ({
  startDate: "2026-10-01",
  endDate: null,
  startWeightGrams: 60_000,
  regimens,
  ...over,
});

/** What the rule says of a write. */
export const messages = (input: Parameters<typeof doseInForceFindings>[0]) => doseInForceFindings(input).map((f) => f.message);
