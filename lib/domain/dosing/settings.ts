import type { DoseCounting } from "./supply";

/**
 * The clinic's dosing settings (a versioned clinic setting, lib/data/config.ts getDosingSettings), their
 * defaults, and the daily-dose classification they bound (docs/DOMAIN.md "Cumulative dose").
 */

/**
 * Which weight the mg/kg divides by. No guideline fixes it (docs/DOMAIN.md): the default divides the total by
 * the weight at course start; PER_DAY sums each day's mg over that day's weight (last measurement on or
 * before the day).
 */
export const WEIGHT_POLICIES = ["COURSE_START", "PER_DAY"] as const;
export type WeightPolicy = (typeof WEIGHT_POLICIES)[number];

/** The days the classified average daily dose covers: the last 28 on course (docs/DOMAIN.md classification). */
export const AVERAGE_WINDOW_DAYS = 28;

export const DOSE_CLASSES = ["none", "micro", "low", "standard", "high"] as const;
export type DoseClass = (typeof DOSE_CLASSES)[number];

export interface DosingSettings {
  weightPolicy: WeightPolicy;
  /** Show both mg/kg figures when weight moved more than this many percent (docs/DOMAIN.md: 5). */
  weightChangeAlertPercent: number;
  /** Class bounds in mg/kg/day, thousandths (docs/DOMAIN.md clinic setting: micro < 0.1, low < 0.4, standard <= 1.0). */
  microBelowMilli: number;
  lowBelowMilli: number;
  standardUpToMilli: number;
  /** SCHEDULE: every scheduled day counts; SUPPLY: days no prescription covers count 0 (a supply gap). */
  doseCounting: DoseCounting;
}

export const DEFAULT_DOSING_SETTINGS: DosingSettings = {
  weightPolicy: "COURSE_START",
  weightChangeAlertPercent: 5,
  microBelowMilli: 100,
  lowBelowMilli: 400,
  standardUpToMilli: 1000,
  doseCounting: "SCHEDULE",
};

/** The class of an average daily dose (mg/kg/day in thousandths) by the clinic's bounds; "none" without dosing days. */
export function classify(milliMgPerKgPerDay: number, hasDays: boolean, settings: DosingSettings): DoseClass {
  if (!hasDays || milliMgPerKgPerDay === 0) return "none";
  if (milliMgPerKgPerDay < settings.microBelowMilli) return "micro";
  if (milliMgPerKgPerDay < settings.lowBelowMilli) return "low";
  if (milliMgPerKgPerDay <= settings.standardUpToMilli) return "standard";
  return "high";
}
