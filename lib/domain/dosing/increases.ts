import { countingRegimens } from "./course-days";
import type { RegimenVersion } from "./course-input";
import { mgPerPeriod } from "./schedule";

/**
 * Effective dates on which the daily-equivalent dose went up: these move the peak-dose labs to 4 weeks
 * later (docs/DOMAIN.md monitoring protocol). Compared as exact fractions mg/days by cross-multiplication.
 * Only the versions the dose counts are compared: of two effective the same day the later replaces the
 * earlier, which the patient never took.
 */
export function doseIncreaseDates(regimens: RegimenVersion[]): string[] {
  const out: string[] = [];
  let prev: { mg: number; days: number } | null = null;
  for (const r of countingRegimens(regimens)) {
    const cur = mgPerPeriod(r, r.effectiveFrom);
    if (prev && cur.mg * prev.days > prev.mg * cur.days) out.push(r.effectiveFrom);
    prev = cur;
  }
  return out;
}
