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

/** Whether a weight differs from the one it is compared with by more than a fifth of it (integer grams: 5 × |new − recorded| > recorded). */
export const isFarFrom = (grams: number, compared: RecordedWeight): boolean => Math.abs(grams - compared.grams) * WEIGHT_CHANGE_CONFIRM_PARTS > compared.grams;

/**
 * The nearest recorded weight when a new one differs from it by more than a fifth of it; null when it does
 * not, or when there is nothing to compare with.
 */
export function weightFarFromRecorded(recorded: readonly RecordedWeight[], entry: RecordedWeight): RecordedWeight | null {
  const near = nearestWeight(recorded, entry.date);
  return near && isFarFrom(entry.grams, near) ? near : null;
}

/** The weight a replacement is compared with, and which it is: the last before its day, the first after it, or the one it replaces. */
export interface ReplacementComparison {
  weight: RecordedWeight;
  is: "before" | "after" | "replaced";
}

/**
 * The weight a new weight that replaces an entry is compared with: not the entry it replaces, which may be the
 * mistake being put right (132 typed for 132 lb, replaced with 60), but the patient's last weight before its
 * day, from which the change in weight is measured; with none before, the first after it. Other entries of its
 * own day are not compared with: a day has one weight, the one entered last, which is the one replaced.
 * `others`: the patient's live weights but the one replaced, in the order they were entered (of two entries of
 * one day, the later counts, as it does for the day's figures).
 *
 * With no other weight at all, a weight entered again for its day (a re-weighing, `reEntered`: the entry it
 * replaces was measured, not declared wrong) is compared with that entry, so that the patient's first weight
 * entered again in pounds is still asked about; a correction of an entry made in error, with nothing to
 * compare with, is not. Null when there is nothing to compare with.
 */
export function replacementComparison(
  others: readonly RecordedWeight[],
  entry: RecordedWeight,
  reEntered: RecordedWeight | null,
): ReplacementComparison | null {
  let before: RecordedWeight | null = null;
  let after: RecordedWeight | null = null;
  for (const w of others) {
    if (w.date < entry.date && (!before || w.date >= before.date)) before = w;
    if (w.date > entry.date && (!after || w.date <= after.date)) after = w;
  }
  if (before) return { weight: before, is: "before" };
  if (after) return { weight: after, is: "after" };
  return reEntered ? { weight: reEntered, is: "replaced" } : null;
}

/**
 * A second weight for a day that already has one is not kept beside it: the entry asks whether it replaces
 * the one recorded (mg/kg would otherwise divide by whichever of the two a figure read). Replacing it is a
 * correction, a new entry naming the one it replaces. The form confirms it by sending back this code with
 * the id of the entry it was asked about, so a weight recorded for that day meanwhile is asked about again.
 */
export const SAME_DAY_WEIGHT_CODE = "WEIGHT_RECORDED_SAME_DAY";

/** The acknowledgement that replaces this entry: "WEIGHT_RECORDED_SAME_DAY:<entry id>". */
export const replaceWeightCode = (weightId: string) => `${SAME_DAY_WEIGHT_CODE}:${weightId.toLowerCase()}`;

/** The entry an acknowledgement says to replace (ids in lower case), or null when it names none. */
export function weightToReplace(ack: readonly string[]): string | null {
  const prefix = `${SAME_DAY_WEIGHT_CODE}:`;
  const code = ack.find((a) => a.startsWith(prefix));
  return code ? code.slice(prefix.length).toLowerCase() : null;
}

/** A live entry of the day, as the same-day check reads it. */
export interface DayWeight {
  id: string;
  grams: number;
}

export type SameDayDecision = { kind: "record" } | { kind: "ask" | "replace"; recorded: DayWeight };

/**
 * What a new weight does on its day, given that day's live entries in the order they were entered: with
 * none, it is recorded; otherwise it is about the latest of them (the one a figure of that day reads), which
 * it replaces when the acknowledgement names that entry, and asks about when it does not (none given, or one
 * given for another entry or another day).
 */
export function sameDayDecision(dayWeights: readonly DayWeight[], ack: readonly string[]): SameDayDecision {
  const recorded = dayWeights.at(-1);
  if (!recorded) return { kind: "record" };
  return { kind: weightToReplace(ack) === recorded.id.toLowerCase() ? "replace" : "ask", recorded };
}
