import type { ScheduleRange } from "./schedule";

/**
 * Capsules per intake. A prescription names one product and one strength, and dispenses that strength only
 * (docs/DOMAIN.md "Regimens as written"): a dose per intake is whole capsules of the strength written
 * (40 mg on 20 mg capsules is 2 × 20 mg). Strengths are never combined in one prescription, so what the
 * prescription names is what the pharmacy dispenses; products are never combined either.
 */

/** The strengths of a product that make `mg` from whole capsules of one strength, smallest first. */
export function strengthsMaking(mg: number, strengthsMg: readonly number[]): number[] {
  if (!Number.isInteger(mg) || mg <= 0) return [];
  return [...new Set(strengthsMg)].filter((s) => Number.isInteger(s) && s > 0 && mg % s === 0).sort((a, b) => a - b);
}

/** "10 or 30 mg", "10, 20 or 40 mg". */
function listStrengths(strengthsMg: readonly number[]): string {
  const [last, ...rest] = [...strengthsMg].reverse();
  return `${rest.length ? `${rest.reverse().join(", ")} or ` : ""}${last} mg`;
}

/**
 * Why a prescription written on `strengthMg` capsules cannot dispense `mg` per intake, naming the strengths of
 * its product that would; null when the dose is whole capsules of the strength written.
 */
export function strengthRefusal(mg: number, strengthMg: number, productStrengthsMg: readonly number[]): string | null {
  if (Number.isInteger(mg) && mg > 0 && strengthMg > 0 && mg % strengthMg === 0) return null;
  const making = strengthsMaking(mg, productStrengthsMg);
  if (making.length) return `${mg} mg is not whole ${strengthMg} mg capsules: write it on ${listStrengths(making)} capsules.`;
  const all = [...new Set(productStrengthsMg)].sort((a, b) => a - b);
  return `${mg} mg is not whole capsules of any one strength of this product (${all.join(", ")} mg): a prescription dispenses one strength.`;
}

/**
 * Why a prescription written on `strengthMg` capsules cannot dispense its schedule: the planned dose per intake and,
 * for a range regimen ("10-30 mg daily"), its lowest and highest doses, each of which the patient may take, must be
 * whole capsules of it. Names the strengths of the product that make every one of them; null when it does.
 */
export function scheduleStrengthRefusal(
  schedule: { mgPerIntake: number; range?: ScheduleRange | null },
  strengthMg: number,
  productStrengthsMg: readonly number[],
): string | null {
  const { mgMin, mgMax } = schedule.range ?? {};
  if (mgMin == null && mgMax == null) return strengthRefusal(schedule.mgPerIntake, strengthMg, productStrengthsMg);
  const doses = [...new Set([mgMin, schedule.mgPerIntake, mgMax].filter((mg): mg is number => mg != null))];
  const notWhole = doses.find((mg) => !Number.isInteger(mg) || mg <= 0 || mg % strengthMg !== 0);
  if (notWhole === undefined) return null;
  const making = [...new Set(productStrengthsMg)].filter((s) => doses.every((mg) => strengthsMaking(mg, [s]).length > 0)).sort((a, b) => a - b);
  const range = `${Math.min(...doses)}-${Math.max(...doses)} mg`;
  if (making.length) return `The range's ${notWhole} mg is not whole ${strengthMg} mg capsules: write ${range} on ${listStrengths(making)} capsules.`;
  return `No one strength of this product (${[...new Set(productStrengthsMg)].sort((a, b) => a - b).join(", ")} mg) makes every dose of ${range}: a prescription dispenses one strength.`;
}

/** "2 × 20 mg". */
export function describeCapsules(capsules: readonly { strengthMg: number; count: number }[]): string {
  return capsules.map((c) => `${c.count} × ${c.strengthMg} mg`).join(" + ");
}
