import { daysBetween, type IsoDate } from "./dates";

/**
 * How far a new weight may differ from the patient's nearest recorded weight before its entry asks for a
 * confirmation: one part in this many (a fifth), either way. A weight typed in pounds reads 2.2 times the weight in kg, and one
 * converted twice 0.45 times; a real change of a fifth between two measurements is rare enough that
 * asking costs little. A product choice (the sources set no rule): mg/kg divides by this weight.
 */
export const WEIGHT_CHANGE_CONFIRM_PARTS = 5;

/** The code a form sends back to confirm the weight it was asked about. */
export const WEIGHT_CHANGE_CODE = "WEIGHT_FAR_FROM_RECORDED";

export interface RecordedWeight {
  date: IsoDate;
  grams: number;
}

/**
 * The recorded weight a new one is compared with: the nearest in time to its day (the earlier one on a
 * tie), whatever the side, so that a weight back-dated between two others is compared with its neighbour.
 */
export function nearestWeight(recorded: readonly RecordedWeight[], day: IsoDate): RecordedWeight | null {
  let best: RecordedWeight | null = null;
  for (const w of recorded) {
    if (!best) best = w;
    else {
      const d = Math.abs(daysBetween(w.date, day));
      const b = Math.abs(daysBetween(best.date, day));
      if (d < b || (d === b && w.date < best.date)) best = w;
    }
  }
  return best;
}

/**
 * The nearest recorded weight when a new one differs from it by more than a fifth of it (integer grams:
 * 5 × |new − recorded| > recorded); null when it does not, or when there is nothing to compare with.
 */
export function weightFarFromRecorded(recorded: readonly RecordedWeight[], entry: RecordedWeight): RecordedWeight | null {
  const near = nearestWeight(recorded, entry.date);
  if (!near) return null;
  return Math.abs(entry.grams - near.grams) * WEIGHT_CHANGE_CONFIRM_PARTS > near.grams ? near : null;
}
