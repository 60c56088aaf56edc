import { formatMgPerKg, formatPercent } from "@/lib/format";

/**
 * Cumulative-dose targets (docs/DOMAIN.md "Targets").
 * - Acne: 120-150 mg/kg per course, default 120 (isotretinoin prescribing information; Rademaker, JEADV
 *   2014; Xia et al., JAMA Dermatol 2022).
 * - Rosacea: low-dose regimens (0.25-0.3 mg/kg/day, or 10 mg daily) are judged on response and tolerability,
 *   with no cumulative target (Sbidian et al., J Invest Dermatol 2016;136:1124; Gollnick et al., J Dtsch Dermatol Ges 2010;8:505); maintenance and
 *   other indications likewise: the card shows mg/kg/day and the duration instead of a projection.
 */
export const ACNE_DEFAULT_TARGET_MG_PER_KG = 120;
/** The usual range of an acne course's target, for the form's hint. */
export const ACNE_USUAL_TARGET_MG_PER_KG = { low: 120, high: 150 } as const;
/** A course at this share of its target or more is "near target" on the dashboard (its count and its bar). */
export const NEAR_TARGET_PERCENT = 90;

const ACNE_INDICATIONS = ["ACNE_NODULAR", "ACNE_MODERATE_RECALCITRANT", "ACNE_SCARRING"] as const;

export function defaultTargetMgPerKg(indication: string, regimenIntent: string): number | null {
  if (regimenIntent === "MAINTENANCE") return null;
  return (ACNE_INDICATIONS as readonly string[]).includes(indication) ? ACNE_DEFAULT_TARGET_MG_PER_KG : null;
}

/**
 * Lifetime progress against a course's target: the sum of every course's mg/kg (courses never overlap, so no
 * day counts twice). At or past the target the card warns and shows no "remaining" for the course: a patient
 * already at 131 mg/kg lifetime is not 6,820 mg away from a 120 mg/kg target.
 */
export function lifetimeAgainstTarget(lifetimeMgPerKg: number, targetMgPerKg: number | null): { percent: number; exceeded: boolean } | null {
  if (targetMgPerKg === null || targetMgPerKg <= 0) return null;
  return { percent: (lifetimeMgPerKg * 100) / targetMgPerKg, exceeded: lifetimeMgPerKg >= targetMgPerKg };
}

/** "Complete (target reached)" below the target: the prescriber confirms it, or chooses "Stop early". */
export const COMPLETED_BELOW_TARGET_CODE = "COMPLETED_BELOW_TARGET";

/**
 * Completing a course records that its target was reached. Where the patient's lifetime mg/kg on the course's
 * last day (this course and the earlier ones) is still below the course's target, the completion is confirmed
 * first, naming how far it got; a course without a target is judged on response, so never asked about.
 */
export function completionBelowTarget(
  lifetimeMgPerKg: number,
  targetMgPerKg: number | null,
): { code: typeof COMPLETED_BELOW_TARGET_CODE; message: string } | null {
  const against = lifetimeAgainstTarget(lifetimeMgPerKg, targetMgPerKg);
  if (against === null || against.exceeded) return null;
  return {
    code: COMPLETED_BELOW_TARGET_CODE,
    message:
      `On its last day the patient is at ${formatMgPerKg(lifetimeMgPerKg)} of the ${targetMgPerKg} mg/kg target (${formatPercent(against.percent)}), ` +
      `while "Complete" records the target as reached. Choose "Stop early" for a course ended before its target.`,
  };
}
