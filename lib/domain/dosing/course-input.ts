import type { IsoDate } from "../dates";
import type { Schedule } from "./schedule";
import type { SupplyFill } from "./supply";

/** A course as the dose engine reads it (lib/domain/dosing/cumulative.ts): its regimen versions, pauses, missed days, weights and supply. */

export interface RegimenVersion extends Schedule {
  id: string;
  effectiveFrom: IsoDate;
  /** The version this one corrects; a superseded version never counts. */
  supersedesId?: string | null;
  /** Creation order, to break ties between versions effective the same day (later wins). */
  sequence: number;
}

export interface Pause {
  startDate: IsoDate;
  /** First day back on therapy (exclusive end); null while ongoing. */
  resumeDate: IsoDate | null;
}

export interface WeightPoint {
  date: IsoDate;
  grams: number;
}

export interface CourseInput {
  startDate: IsoDate;
  /** Last day of therapy (inclusive), when completed or stopped. */
  endDate: IsoDate | null;
  startWeightGrams: number;
  /** Null: no cumulative target (rosacea, maintenance; lib/domain/dosing/targets.ts), so no projection either. */
  targetMgPerKg: number | null;
  regimens: RegimenVersion[];
  pauses: Pause[];
  missedDates: IsoDate[];
  /**
   * A course from paper records that give only its total: the total counts as recorded, divided by the
   * weight used then (the start weight); no day-by-day figures exist for it.
   */
  recordedTotalMg?: number | null;
  /** The course's prescriptions as supply (dispensed day, days supply, refills); absent for paper records. */
  supply?: SupplyFill[] | null;
}
