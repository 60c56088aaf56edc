import { strengthsMaking } from "./capsules";
import { boundSchedule, mgPerPeriod, type Schedule } from "./schedule";

/**
 * Isotretinoin products and their capsule strengths (mg), from each product's prescribing information.
 * Absorica LD (micronized) is more bioavailable and not interchangeable with other products, which is why
 * every prescription records its product. 5 mg is not a US strength (compounded / non-US supply).
 */
export const PRODUCTS = [
  { id: "ABSORICA", name: "Absorica", strengthsMg: [10, 20, 25, 30, 35, 40] },
  { id: "ABSORICA_LD", name: "Absorica LD", strengthsMg: [8, 16, 24, 32] },
  { id: "CLARAVIS", name: "Claravis", strengthsMg: [10, 20, 30, 40] },
  { id: "AMNESTEEM", name: "Amnesteem", strengthsMg: [10, 20, 40] },
  { id: "ZENATANE", name: "Zenatane", strengthsMg: [10, 20, 30, 40] },
  { id: "MYORISAN", name: "Myorisan", strengthsMg: [10, 20, 30, 40] },
  { id: "ISOTRETINOIN_GENERIC", name: "Isotretinoin (generic)", strengthsMg: [10, 20, 25, 30, 35, 40] },
  { id: "ISOTRETINOIN_5MG", name: "Isotretinoin 5 mg (non-US)", strengthsMg: [5, 10, 20] },
] as const;

export type ProductId = (typeof PRODUCTS)[number]["id"];
export const PRODUCT_IDS = PRODUCTS.map((p) => p.id) as [ProductId, ...ProductId[]];

export function productById(id: string) {
  return PRODUCTS.find((p) => p.id === id) ?? null;
}

/** Warnings a dose write needs the prescriber to confirm. */
export const DOSE_WARNING_CODES = ["DAILY_EQUIVALENT_ABOVE_1_MG_KG", "DOSING_DAY_ABOVE_2_MG_KG", "NOT_WHOLE_CAPSULES"] as const;
export type DoseWarningCode = (typeof DOSE_WARNING_CODES)[number];

/**
 * checkSchedule's limits, in thousandths of a mg/kg (its comment gives their source): a daily-equivalent dose
 * above `dailyEquivalentConfirm` (mg/kg/day) needs confirmation and above `dailyEquivalentMaximum` is refused;
 * a dosing day above `dosingDayConfirm` (mg/kg) needs confirmation.
 */
export const DOSE_LIMITS_MILLI_MG_PER_KG = { dailyEquivalentConfirm: 1000, dailyEquivalentMaximum: 2000, dosingDayConfirm: 2000 } as const;
const LIMITS = DOSE_LIMITS_MILLI_MG_PER_KG;

/**
 * A figure above a limit (both thousandths of a mg/kg): two decimals, more where two would round it onto the
 * limit itself (60 mg at 59.9 kg is 1.0017 mg/kg/day: "1.002", never "1.00 mg/kg/day, above 1 mg/kg/day").
 */
export function figureAbove(milli: number, limitMilli: number): string {
  for (let decimals = 2; decimals < 12; decimals++) {
    const shown = (milli / 1000).toFixed(decimals);
    if (Number(shown) * 1000 > limitMilli) return shown;
  }
  return (milli / 1000).toFixed(12);
}

export interface DoseCheckResult {
  /** Hard stops: the write is refused. */
  errors: string[];
  /** Need explicit confirmation, each as it reads (its token, lib/errors.ts). */
  warnings: { code: DoseWarningCode; message: string }[];
  /** Average mg/kg/day over one pattern period, thousandths. */
  dailyEquivalentMilliMgPerKg: number;
  /** mg/kg on one dosing day, thousandths. */
  dosingDayMilliMgPerKg: number;
  /** The daily-equivalent dose is above the label maximum (the one hard stop of the errors). */
  aboveMaximum: boolean;
}

/**
 * Label: 0.5-1 mg/kg/day, up to 2 mg/kg/day in very severe disease (isotretinoin prescribing information).
 * So a daily-equivalent dose above 1 mg/kg/day needs confirmation and above 2 is refused; a single dosing
 * day above 2 mg/kg (large intermittent doses) also needs confirmation. A range regimen is checked at the most
 * it allows (its highest dose, most often): what the patient may take under it.
 */
export function checkSchedule(
  schedule: Schedule,
  weightGrams: number,
  capsuleStrengthMg: number | null,
  /** The product's strengths: a dose whole capsules of one of them make needs no confirmation. */
  productStrengthsMg: readonly number[] = [],
): DoseCheckResult {
  const errors: string[] = [];
  const warnings: DoseCheckResult["warnings"] = [];
  // A range regimen allows up to its top (the highest dose, most often): the limits apply to that.
  const top = boundSchedule(schedule, "max");
  const atTop = schedule.range ? " at the top of its range" : "";
  const { mg, days } = mgPerPeriod(top, "2000-01-03");
  // mg/kg/day x 1000 = mg x 1e6 / (days x grams)
  const dailyEquivalentMilliMgPerKg = (mg * 1_000_000) / (days * weightGrams);
  const aboveMaximum = dailyEquivalentMilliMgPerKg > LIMITS.dailyEquivalentMaximum;
  if (aboveMaximum) {
    errors.push(`The daily-equivalent dose${atTop} is above 2 mg/kg/day, the label maximum.`);
  } else if (dailyEquivalentMilliMgPerKg > LIMITS.dailyEquivalentConfirm) {
    warnings.push({
      code: "DAILY_EQUIVALENT_ABOVE_1_MG_KG",
      message: `Daily-equivalent dose${atTop} is ${figureAbove(dailyEquivalentMilliMgPerKg, LIMITS.dailyEquivalentConfirm)} mg/kg/day, above 1 mg/kg/day.`,
    });
  }
  const dosingDayMilli = (top.mgPerIntake * top.intakesPerDay * 1_000_000) / weightGrams;
  if (!aboveMaximum && dosingDayMilli > LIMITS.dosingDayConfirm) {
    warnings.push({
      code: "DOSING_DAY_ABOVE_2_MG_KG",
      message: `A dosing day${atTop} gives ${figureAbove(dosingDayMilli, LIMITS.dosingDayConfirm)} mg/kg, above 2 mg/kg.`,
    });
  }
  // A dose no prescription of the product could dispense (no one strength makes it whole) asks first. A prescription
  // itself is refused on a strength that does not make its doses (scheduleStrengthRefusal, capsules.ts), before this check.
  const strengths = productStrengthsMg.length ? productStrengthsMg : capsuleStrengthMg !== null ? [capsuleStrengthMg] : [];
  // Each dose a range regimen allows, too (the planned one first).
  const doses = [schedule.mgPerIntake, schedule.range?.mgMin, schedule.range?.mgMax].filter((mg): mg is number => mg != null);
  const notMade = doses.find((mg) => strengthsMaking(mg, strengths).length === 0);
  if (capsuleStrengthMg !== null && notMade !== undefined) {
    warnings.push({
      code: "NOT_WHOLE_CAPSULES",
      message: `${notMade} mg cannot be made from whole capsules of one ${[...strengths].sort((a, b) => a - b).join(", ")} mg strength.`,
    });
  }
  return { errors, warnings, dailyEquivalentMilliMgPerKg, dosingDayMilliMgPerKg: dosingDayMilli, aboveMaximum };
}
